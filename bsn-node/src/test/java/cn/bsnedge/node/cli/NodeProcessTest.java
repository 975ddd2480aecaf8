package cn.bsnedge.node.cli;

import cn.bsnedge.ledger.anchor.AnchorVerifier;
import cn.bsnedge.ledger.bundle.TrustedNodeKey;
import cn.bsnedge.ledger.protocol.AnchorResponse;
import cn.bsnedge.ledger.protocol.Topics;
import cn.bsnedge.node.ledger.FileAnchorLedger;
import cn.bsnedge.node.registry.GatewayRegistry;
import cn.bsnedge.node.testing.FakeGateway;
import cn.bsnedge.node.testing.GatewayClient;
import cn.bsnedge.node.testing.NodeHarness;
import cn.bsnedge.node.testing.TestNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code bsn-node run --embedded-broker --port 0} as a process of its own, as {@code bsn-edge demo}
 * starts it: the readiness line names the broker and the key file, a gateway anchors over MQTT and
 * the receipt verifies under that key, SIGTERM stops it with exit code 0 and the ledger holds the record.
 */
class NodeProcessTest {

    private static final Pattern READY = Pattern.compile("^bsn-node ready node=(\\S+) broker=(\\S+) key=(\\S+) ledger=(\\S+) registry=(\\S+)$");

    @TempDir
    Path dir;

    @Test
    void runAsAProcess_readyLine_anchor_sigterm() throws Exception {
        FakeGateway gw = new FakeGateway(TestNodes.GATEWAY, NodeHarness.SUITE, 8);
        GatewayRegistry.open(dir).add(gw.trustedKey());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "run", "--data", dir.toString(), "--embedded-broker", "--port", "0", "--node", TestNodes.NODE_ID, "--city", "proc")
                .redirectError(dir.resolve("stderr.log").toFile()).start();
        try {
            CompletableFuture<Matcher> ready = CompletableFuture.supplyAsync(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        Matcher m = READY.matcher(line);
                        if (m.matches()) {
                            return m;
                        }
                    }
                    return null;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Matcher m = ready.get(90, TimeUnit.SECONDS);
            assertNotNull(m, () -> "no readiness line; stderr: " + read(dir.resolve("stderr.log")));
            assertEquals(TestNodes.NODE_ID, m.group(1));
            TrustedNodeKey nodeKey = TrustedNodeKey.parse(Files.readString(Path.of(m.group(3))), m.group(3));
            try (GatewayClient gc = new GatewayClient(m.group(2), new Topics("proc"), gw)) {
                gw.seal(3, 2);
                var anchor = gw.anchor(0);
                AnchorResponse r = gc.anchor(anchor, Duration.ofSeconds(20));
                assertInstanceOf(AnchorResponse.Receipt.class, r, () -> "answer " + r);
                AnchorVerifier.verifyReceipt(((AnchorResponse.Receipt) r).receipt(), List.of(nodeKey.key()), anchor.head());
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "node did not stop within 60 s of SIGTERM");
            assertEquals(0, p.exitValue(), () -> "stderr: " + read(dir.resolve("stderr.log")));
        } finally {
            p.destroyForcibly();
        }
        try (FileAnchorLedger l = FileAnchorLedger.openReadOnly(dir.resolve("ledger"))) {
            assertEquals(3, l.records(gw.id()).latest().orElseThrow().treeSize());
        }
        Path status = dir.resolve("run").resolve("status-bsn-node-88.1001_BSN-NODE-01.json");
        Map<?, ?> s = new com.fasterxml.jackson.databind.ObjectMapper().readValue(status.toFile(), Map.class);
        assertEquals(1, ((Map<?, ?>) s.get("anchors")).get("accepted"));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "(" + e + ")";
        }
    }
}
