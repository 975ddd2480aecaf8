package cn.bsnedge.agent.transport.mqtt;

import cn.bsnedge.agent.pipeline.NoThreadsLeft;
import cn.bsnedge.agent.transport.Backoff;
import cn.bsnedge.agent.transport.LinkState;
import cn.bsnedge.agent.transport.MqttSettings;
import cn.bsnedge.agent.transport.TlsFiles;
import cn.bsnedge.agent.transport.TransportException.Reason;
import cn.bsnedge.agent.transport.broker.BrokerOptions;
import cn.bsnedge.agent.transport.broker.MosquittoBroker;
import cn.bsnedge.agent.transport.broker.TestCa;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Repeated failed connects leave no thread behind (Paho issues #850, #654, #399): after every
 * failed attempt no Paho task may still run, Paho's pool stays within its size, and after close
 * {@link NoThreadsLeft} finds no thread the test started. The brokers are started once for the
 * class, so their processes' JDK helper threads predate each test.
 */
@ExtendWith(NoThreadsLeft.class)
class ConnectFailureThreadsTest {

    /** Each attempt costs about 0.3 s of Paho's 100 ms start-up polls; the #850 race showed by attempt 21 at most. */
    private static final int ATTEMPTS = 12;
    private static final int RACE_ATTEMPTS = 25;
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(3), 0.5);

    @TempDir
    static Path certs;
    private static MosquittoBroker passwordBroker;
    private static MosquittoBroker tlsBroker;
    private static TestCa ca;

    private final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void brokers() throws Exception {
        QuietPaho.apply();
        passwordBroker = MosquittoBroker.create(BrokerOptions.users(Map.of("gw", "right")));
        ca = TestCa.create("city-ca", certs);
        TestCa.Issued server = ca.server("broker");
        tlsBroker = MosquittoBroker.create(BrokerOptions.tls(new BrokerOptions.Tls(ca.certFile(), server.cert(), server.key(), true)));
    }

    @AfterAll
    static void stopBrokers() {
        if (passwordBroker != null) {
            passwordBroker.close();
        }
        if (tlsBroker != null) {
            tlsBroker.close();
        }
    }

    private static MqttSettings settings(URI server) {
        return settings(server, Optional.empty());
    }

    private static MqttSettings settings(URI server, Optional<TlsFiles> tls) {
        return MqttSettings.defaults(List.of(server), "gw-" + ProcessHandle.current().pid(), tls).withBackoff(BACKOFF)
                .withConnectTimeout(Duration.ofSeconds(5));
    }

    @Test
    void nothingListening_repeatedAttempts_leaveNoThreads() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        failRepeatedly(settings(URI.create("tcp://127.0.0.1:" + port)), Reason.CONNECT_FAILED, "cannot reach broker");
    }

    @Test
    void brokerDroppingEveryConnection_repeatedAttempts_leaveNoThreads() throws Exception {
        // Accepts and closes at once, before any CONNACK: the race of Paho #850, where the
        // receiver stops before the connect thread sees it start and that thread then polls forever.
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread dropper = new Thread(() -> {
            while (true) {
                try {
                    server.accept().close();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "dropping-broker");
        dropper.start();
        try {
            failRepeatedly(settings(URI.create("tcp://127.0.0.1:" + server.getLocalPort())), RACE_ATTEMPTS,
                    Reason.CONNECT_FAILED, "");
        } finally {
            server.close();
            dropper.join(5_000);
        }
    }

    @Test
    void closedRightAsARetryStarts_repeatedly_leavesNoThreads() throws Exception {
        // Close races Paho's connect thread as it sets up the connection and queues its tasks:
        // closing must neither strand it in its start-up polls nor drop a task it waits for.
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread dropper = new Thread(() -> {
            while (true) {
                try {
                    server.accept().close();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "dropping-broker");
        dropper.start();
        try {
            for (int i = 0; i < 10; i++) {
                FakeTimers timers = new FakeTimers();
                StateRecorder states = new StateRecorder();
                PahoMqttLink link = new PahoMqttLink(settings(URI.create("tcp://127.0.0.1:" + server.getLocalPort())),
                        Optional.empty(), states, log::add, timers, InstantSource.system(), new SplittableRandom(i));
                link.start();
                FakeTimers.Task retry = timers.next();
                retry.run().run();
                if (i % 3 == 1) {
                    Thread.sleep(i); // a little later into the attempt
                }
                link.close();
                awaitPahoIdle(link, i);
            }
        } finally {
            server.close();
            dropper.join(5_000);
        }
    }

    @Test
    void brokerRefusingThePassword_repeatedAttempts_leaveNoThreads() throws Exception {
        // Mosquitto 2.0 answers a wrong password with 0x87 "not authorized" rather than 0x86.
        failRepeatedly(settings(passwordBroker.uri()).withCredentials("gw", "wrong"), Reason.CONNECT_REFUSED,
                "refused the connection: reason 0x8");
    }

    @Test
    void tlsBrokerRefusingAClientWithoutCertificate_repeatedAttempts_leaveNoThreads() throws Exception {
        failRepeatedly(settings(tlsBroker.uri(), Optional.of(TlsFiles.serverOnly(ca.certFile()))), Reason.CONNECT_FAILED,
                "client certificate");
    }

    @Test
    void closedWithoutStart_endsItsThreads_andBadTlsFilesFailAtCreation() throws Exception {
        StateRecorder states = new StateRecorder();
        PahoMqttLink link = new PahoMqttLink(settings(passwordBroker.uri()), Optional.empty(), states, log::add, null,
                InstantSource.system(), new SplittableRandom(1));
        link.close();
        assertEquals(LinkState.Closed.class, states.await(LinkState.Closed.class).getClass());
        Path notPem = java.nio.file.Files.writeString(certs.resolve("not.pem"), "x");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new PahoMqttLink(settings(tlsBroker.uri(), Optional.of(TlsFiles.serverOnly(notPem))), Optional.empty(),
                        states, log::add, null, InstantSource.system(), new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("mqtt.tls.caCert"), e.getMessage());
    }

    @Test
    void closedAtAnyPointOfRepeatedRefusedAttempts_leavesNoThreads() throws Exception {
        // Attempts follow each other every ~10 ms, each spending ~300 ms in Paho's start-up polls;
        // closing at spread-out moments hits every phase, the polls included.
        MqttSettings s = settings(passwordBroker.uri()).withCredentials("gw", "wrong")
                .withBackoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(10), 0));
        for (int i = 0; i < 12; i++) {
            StateRecorder states = new StateRecorder();
            PahoMqttLink link = new PahoMqttLink(s, Optional.empty(), states, log::add, null, InstantSource.system(),
                    new SplittableRandom(i));
            link.start();
            Thread.sleep(i * 37 % 400);
            link.close();
            assertEquals(0, link.busyPahoThreads(), "close #" + i + " left a Paho task running");
        }
    }

    @Test
    void nothingListening_delaysFollowTheBackoffWithJitter_andGrowToTheCap() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        FakeTimers timers = new FakeTimers();
        StateRecorder states = new StateRecorder();
        PahoMqttLink link = new PahoMqttLink(settings(URI.create("tcp://127.0.0.1:" + port)), Optional.empty(), states,
                log::add, timers, InstantSource.system(), new SplittableRandom(42));
        SplittableRandom same = new SplittableRandom(42);
        List<Duration> delays = new ArrayList<>();
        try {
            link.start();
            for (int retry = 0; retry < 8; retry++) {
                FakeTimers.Task next = timers.next();
                assertEquals(BACKOFF.delay(retry, same.nextDouble()), next.delay(), "delay before retry " + retry);
                assertEquals(next.delay(), states.await(LinkState.Disconnected.class, retry + 1).retryIn(),
                        "the listener is told the same delay");
                delays.add(next.delay());
                next.run().run();
            }
        } finally {
            link.close();
        }
        // 100 ms doubling: 100, 200, ..., 3 s cap from retry 5 on; jitter takes off at most half.
        for (int retry = 0; retry < delays.size(); retry++) {
            long cap = Math.min(3000, 100L << retry);
            long ms = delays.get(retry).toMillis();
            assertTrue(ms > cap / 2 - 1 && ms <= cap, "retry " + retry + ": " + ms + " ms outside (" + cap / 2 + ", " + cap + "]");
        }
    }

    /**
     * Drives {@code attempts} failing attempts by firing the link's retry timer at once, checking
     * after each that Paho's pool went idle, then closes the link.
     */
    private void failRepeatedly(MqttSettings settings, Reason reason, String messagePart) throws Exception {
        failRepeatedly(settings, ATTEMPTS, reason, messagePart);
    }

    private void failRepeatedly(MqttSettings settings, int attempts, Reason reason, String messagePart) throws Exception {
        FakeTimers timers = new FakeTimers();
        StateRecorder states = new StateRecorder();
        PahoMqttLink link = new PahoMqttLink(settings, Optional.empty(), states, log::add, timers, InstantSource.system(),
                new SplittableRandom(1));
        try {
            link.start();
            for (int attempt = 1; attempt <= attempts; attempt++) {
                FakeTimers.Task retry = timers.next();
                LinkState.Disconnected failed = states.await(LinkState.Disconnected.class, attempt);
                assertEquals(reason, failed.cause().reason(), failed.cause().getMessage());
                assertTrue(failed.cause().getMessage().contains(messagePart), failed.cause().getMessage());
                awaitPahoIdle(link, attempt);
                assertTrue(link.pahoThreads() <= LinkThreads.PAHO_THREADS, "Paho's pool grew to " + link.pahoThreads());
                retry.run().run();
            }
        } finally {
            link.close();
        }
        assertEquals(attempts, states.count(LinkState.Disconnected.class));
    }

    private static void awaitPahoIdle(PahoMqttLink link, int attempt) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15); // generous: a loaded CI machine, not a leak
        while (link.busyPahoThreads() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("after failed attempt " + attempt + ", " + link.busyPahoThreads()
                        + " Paho task(s) still running: " + pahoThreads());
            }
            Thread.sleep(10);
        }
    }

    private static List<String> pahoThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("MQTT") || e.getKey().getName().startsWith("bsn-mqtt-paho"))
                .filter(e -> e.getKey().getState() != Thread.State.WAITING && e.getValue().length > 0
                        && !e.getValue()[0].getMethodName().equals("park"))
                .map(e -> e.getKey().getName() + " " + e.getKey().getState() + " at "
                        + java.util.Arrays.stream(e.getValue()).limit(8).map(Object::toString).toList())
                .toList();
    }
}
