package cn.bsnedge.node.mqtt;

import cn.bsnedge.node.brokers.MosquittoTestBroker;
import cn.bsnedge.node.brokers.TestCa;
import cn.bsnedge.node.testing.NodeHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The node's TLS 1.3 link against Mosquitto requiring client certificates: the right CA and a client
 * certificate connect; a wrong CA or no client certificate never do, and leave no thread behind.
 */
class PahoNodeLinkTlsTest {

    private static Path certs;
    private static MosquittoTestBroker broker;
    private static TestCa ca;

    @BeforeAll
    static void start() throws Exception {
        MosquittoTestBroker.binary();
        certs = Files.createTempDirectory("bsn-node-tls");
        Files.setPosixFilePermissions(certs, PosixFilePermissions.fromString("rwxr-xr-x"));
        ca = new TestCa("city-ca");
        Path caPem = ca.writeCa(certs);
        Path[] server = ca.issue(certs, "broker");
        broker = new MosquittoTestBroker("""
                cafile %s
                certfile %s
                keyfile %s
                require_certificate true
                tls_version tlsv1.3""".formatted(caPem, server[0], server[1]));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static LinkSettings tls(Optional<Path> caFile, Optional<Path[]> client) {
        return new LinkSettings("ssl://127.0.0.1:" + broker.port(), "node-tls-" + System.nanoTime(), Duration.ofMinutes(5),
                Optional.empty(), Optional.empty(), caFile, client.map(c -> c[0]), client.map(c -> c[1]), 16,
                Duration.ofMillis(100), Duration.ofMillis(500));
    }

    private static boolean connects(LinkSettings s, long waitMillis) throws Exception {
        try (PahoNodeLink link = new PahoNodeLink(s)) {
            CompletableFuture<Void> up = new CompletableFuture<>();
            link.start(List.of("bsn/tls/gw/+/anchor"), m -> m.ack(), new NodeLink.Listener() {
                @Override
                public void connected(boolean sessionPresent) {
                    up.complete(null);
                }
            });
            try {
                up.get(waitMillis, TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                return false;
            }
        }
    }

    @Test
    void rightCaAndClientCertificate_connect() throws Exception {
        assertTrue(connects(tls(Optional.of(ca.writeCa(certs)), Optional.of(ca.issue(certs, "node-1"))), 15_000));
        NodeHarness.assertNoThreadsLeft();
    }

    @Test
    void wrongCa_isRefused() throws Exception {
        TestCa other = new TestCa("other-ca");
        assertFalse(connects(tls(Optional.of(other.writeCa(certs)), Optional.of(ca.issue(certs, "node-2"))), 3_000));
        NodeHarness.assertNoThreadsLeft();
    }

    @Test
    void missingClientCertificate_isRefused() throws Exception {
        assertFalse(connects(tls(Optional.of(ca.writeCa(certs)), Optional.empty()), 3_000));
        NodeHarness.assertNoThreadsLeft();
    }
}
