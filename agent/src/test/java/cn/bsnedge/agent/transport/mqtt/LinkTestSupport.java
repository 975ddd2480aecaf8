package cn.bsnedge.agent.transport.mqtt;

import cn.bsnedge.agent.transport.Backoff;
import cn.bsnedge.agent.transport.LinkState;
import cn.bsnedge.agent.transport.MqttSettings;
import cn.bsnedge.agent.transport.Presence;
import cn.bsnedge.agent.transport.broker.BrokerOptions;
import cn.bsnedge.agent.transport.broker.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the broker suites share: a broker made by the subclass (Mosquitto now, an embedded broker
 * later), links that are closed after each test, and a check that closing them left none of their
 * threads behind (the link's own {@code bsn-mqtt-*} and Paho's {@code MQTT *} names).
 */
abstract class LinkTestSupport {

    /** Quick reconnects, so a broker restart costs the test well under a second. */
    static final Backoff FAST = new Backoff(Duration.ofMillis(50), Duration.ofMillis(400), 0.5);
    private static final AtomicInteger IDS = new AtomicInteger();

    @TempDir
    Path tmp;

    private final List<AutoCloseable> closeAfter = Collections.synchronizedList(new ArrayList<>());
    final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();

    /** A started broker enforcing {@code options}; closed after the test. */
    protected abstract TestBroker newBroker(BrokerOptions options) throws Exception;

    /** Threads alive before the test: only threads started during it count as left behind. */
    private java.util.Set<Thread> before = java.util.Set.of();

    @BeforeAll
    static void quiet() {
        QuietPaho.apply();
    }

    @org.junit.jupiter.api.BeforeEach
    void snapshotThreads() {
        before = java.util.Set.copyOf(Thread.getAllStackTraces().keySet());
    }

    TestBroker broker(BrokerOptions options) throws Exception {
        TestBroker b = newBroker(options);
        closeAfter.add(b);
        return b;
    }

    /** A client id unique in this JVM run, so tests never share a broker session by accident. */
    static String clientId(String role) {
        return role + "-" + ProcessHandle.current().pid() + "-" + IDS.incrementAndGet();
    }

    static MqttSettings settings(URI server, String clientId) {
        return MqttSettings.defaults(List.of(server), clientId).withBackoff(FAST).withConnectTimeout(Duration.ofSeconds(5));
    }

    /** A link, not started; closed after the test. */
    PahoMqttLink link(MqttSettings settings, Optional<Presence> presence, StateRecorder states) {
        PahoMqttLink l = new PahoMqttLink(settings, presence, states, log::add, null, InstantSource.system(), new SecureRandom());
        closeAfter.add(l);
        return l;
    }

    /** A link with the given timers, clock and randomness, not started; closed after the test. */
    PahoMqttLink link(MqttSettings settings, StateRecorder states, Timers timers, InstantSource clock,
                      java.util.random.RandomGenerator random) {
        PahoMqttLink l = new PahoMqttLink(settings, Optional.empty(), states, log::add, timers, clock, random);
        closeAfter.add(l);
        return l;
    }

    /** A link on the given threads, not started; closed after the test. */
    PahoMqttLink link(MqttSettings settings, StateRecorder states, LinkThreads threads) {
        PahoMqttLink l = new PahoMqttLink(settings, Optional.empty(), states, log::add, null, InstantSource.system(),
                new SecureRandom(), threads);
        closeAfter.add(l);
        return l;
    }

    /** A started link that reached Connected. */
    PahoMqttLink connected(MqttSettings settings, StateRecorder states) throws InterruptedException {
        PahoMqttLink l = link(settings, Optional.empty(), states);
        l.start();
        states.await(LinkState.Connected.class);
        return l;
    }

    @AfterEach
    void closeEverything() throws Exception {
        List<AutoCloseable> all = new ArrayList<>(closeAfter);
        Collections.reverse(all);
        for (AutoCloseable c : all) {
            c.close();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<Thread> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !before.contains(t))
                    .filter(t -> t.getName().startsWith("bsn-mqtt-") || t.getName().startsWith("MQTT ")).toList();
            if (!left.isEmpty()) {
                Thread.sleep(20);
            }
        } while (!left.isEmpty() && System.nanoTime() < deadline);
        if (!left.isEmpty()) {
            throw new AssertionError("link threads left running after close: " + left.stream().map(Thread::getName).toList()
                    + "; link log: " + log + "; where they are:" + stacks(left));
        }
    }

    /** Where each thread is, so a failure in CI says which of Paho's loops held it. */
    private static String stacks(List<Thread> threads) {
        StringBuilder b = new StringBuilder();
        for (Thread t : threads) {
            b.append("\n  ").append(t.getName()).append(" (").append(t.getState()).append(')');
            for (StackTraceElement e : t.getStackTrace()) {
                b.append("\n    at ").append(e);
            }
        }
        return b.toString();
    }
}
