package cn.bsnedge.node.broker;

import com.hivemq.embedded.EmbeddedHiveMQ;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An MQTT 5 broker in the node's own process, on loopback only, for a single-box pilot and for
 * tests: HiveMQ Community Edition in embedded mode. (Moquette, the obvious small choice, speaks
 * only MQTT 3.1.1 up to 0.17, its last release on Maven Central: no response topics, no shared
 * subscriptions, no session expiry, all of which PROTOCOL.md §2 needs.)
 *
 * <p>It accepts packets up to the blocks limit (32 MiB + 1 KiB, PROTOCOL.md §2.3), shared
 * subscriptions, retained messages and persistent sessions; {@link Persistence#FILE} keeps
 * sessions, queued messages and retained births across restarts under the data folder.
 * Not thread-safe: start and close from one thread.
 */
public final class EmbeddedBroker implements AutoCloseable {

    /** Largest packet the broker takes: a full blocks message plus MQTT header and properties. */
    public static final long MAX_PACKET_BYTES = 32L * 1024 * 1024 + 1024;

    public enum Persistence {
        /** Sessions, queues and retained messages on disk under the data folder (a pilot). */
        FILE("file"),
        /** Everything in memory (tests): lost when the broker stops. */
        IN_MEMORY("in-memory");

        private final String mode;

        Persistence(String mode) {
            this.mode = mode;
        }
    }

    private final Path home;
    private final int port;
    private final Persistence persistence;
    private EmbeddedHiveMQ hivemq;

    /**
     * @param home folder for the broker's config and data (created)
     * @param port loopback port; 0 picks a free one
     */
    public EmbeddedBroker(Path home, int port, Persistence persistence) throws IOException {
        this.home = Objects.requireNonNull(home, "home");
        this.port = port == 0 ? freePort() : port;
        this.persistence = Objects.requireNonNull(persistence, "persistence");
    }

    /** A free loopback port (there is a small window in which someone else may take it). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:PORT}. */
    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Starts the broker and waits until it listens; fails after {@code timeoutSeconds}. */
    public void start(long timeoutSeconds) throws IOException {
        if (hivemq != null) {
            throw new IllegalStateException("broker already started on port " + port);
        }
        Path conf = home.resolve("conf");
        Path data = home.resolve("data");
        Files.createDirectories(conf);
        Files.createDirectories(data);
        Files.createDirectories(home.resolve("extensions"));
        Files.writeString(conf.resolve("config.xml"), configXml());
        // HiveMQ reconfigures logback from its config folder: hand it the node's own settings.
        try (var in = EmbeddedBroker.class.getResourceAsStream("/bsn-node-logback.xml")) {
            if (in != null) {
                Files.write(conf.resolve("logback.xml"), in.readAllBytes());
            }
        }
        EmbeddedHiveMQ broker = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(data)
                .withExtensionsFolder(home.resolve("extensions"))
                .build();
        try {
            broker.start().get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            closeQuietly(broker);
            throw new IOException("embedded MQTT broker did not start on 127.0.0.1:" + port + " within " + timeoutSeconds
                    + " s: " + (e.getCause() != null ? e.getCause() : e), e);
        } catch (InterruptedException e) {
            closeQuietly(broker);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the embedded MQTT broker", e);
        }
        hivemq = broker;
    }

    private String configXml() {
        return """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>127.0.0.1</bind-address>
                        </tcp-listener>
                    </listeners>
                    <mqtt>
                        <packets><max-packet-size>%d</max-packet-size></packets>
                        <session-expiry><max-interval>4294967295</max-interval></session-expiry>
                        <queued-messages>
                            <max-queue-size>100000</max-queue-size>
                            <strategy>discard</strategy>
                        </queued-messages>
                        <shared-subscriptions><enabled>true</enabled></shared-subscriptions>
                        <retained-messages><enabled>true</enabled></retained-messages>
                    </mqtt>
                    <persistence><mode>%s</mode></persistence>
                    <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, MAX_PACKET_BYTES, persistence.mode);
    }

    /** Stops the broker; its clients see the connection drop. */
    @Override
    public void close() {
        EmbeddedHiveMQ broker = hivemq;
        hivemq = null;
        if (broker != null) {
            closeQuietly(broker);
        }
    }

    private static void closeQuietly(EmbeddedHiveMQ broker) {
        try {
            broker.stop().get(30, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // Stopping is best effort; close() below releases what is left.
        }
        try {
            broker.close();
        } catch (Exception ignored) {
            // Nothing more can be done about a broker that fails to close.
        }
    }
}
