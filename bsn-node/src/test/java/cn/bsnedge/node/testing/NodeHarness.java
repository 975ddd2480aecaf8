package cn.bsnedge.node.testing;

import cn.bsnedge.ledger.anchor.AnchorException;
import cn.bsnedge.ledger.anchor.AnchorVerifier;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.protocol.Topics;
import cn.bsnedge.node.keys.NodeKeyFile.NodeIdentity;
import cn.bsnedge.node.ledger.FileAnchorLedger;
import cn.bsnedge.node.ledger.LedgerException;
import cn.bsnedge.node.ledger.LedgerRecord;
import cn.bsnedge.node.mqtt.LinkSettings;
import cn.bsnedge.node.mqtt.PahoNodeLink;
import cn.bsnedge.node.registry.GatewayRegistry;
import cn.bsnedge.node.run.NodeRuntime;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A node's state (ledger, registry, key) in a temp directory, and node processes started on it. */
public final class NodeHarness implements AutoCloseable {

    public static final CryptoSuite SUITE = CryptoSuite.ED25519_SHA256;

    public final Path dir;
    public final Topics topics;
    public final NodeIdentity identity = TestNodes.identity(SUITE);
    public final FileAnchorLedger ledger;
    public final GatewayRegistry registry;
    private final List<NodeRuntime> running = new ArrayList<>();
    private int processes;

    public NodeHarness(Path dir, String city) throws Exception {
        this.dir = dir;
        this.topics = new Topics(city);
        this.ledger = FileAnchorLedger.open(dir.resolve("ledger"), identity.nodeId(), SUITE);
        this.registry = GatewayRegistry.open(dir);
    }

    /** Starts one node process (in this JVM) on the shared ledger; waits until it subscribed. */
    public NodeRuntime start(String brokerUri, String clientId) throws Exception {
        LinkSettings s = LinkSettings.plain(brokerUri, clientId).withBackoff(Duration.ofMillis(50), Duration.ofSeconds(1));
        NodeRuntime.Options o = new NodeRuntime.Options("bsn-node", Duration.ofMillis(300), Duration.ofSeconds(2),
                Duration.ofMillis(200), "seg-test-" + clientId + "-" + processes++);
        NodeRuntime rt = NodeRuntime.start(topics, identity, dir, ledger, registry, new PahoNodeLink(s), InstantSource.system(), o);
        running.add(rt);
        rt.ready().get(20, TimeUnit.SECONDS);
        return rt;
    }

    public void stop(NodeRuntime rt) {
        running.remove(rt);
        rt.close();
    }

    public List<LedgerRecord> records() throws LedgerException {
        List<LedgerRecord> all = new ArrayList<>();
        ledger.forEach(all::add);
        return all;
    }

    public List<LedgerRecord.Anchored> anchored() throws LedgerException {
        return records().stream().filter(r -> r instanceof LedgerRecord.Anchored).map(r -> (LedgerRecord.Anchored) r).toList();
    }

    public List<LedgerRecord.Alarm> alarms() throws LedgerException {
        return records().stream().filter(r -> r instanceof LedgerRecord.Alarm).map(r -> (LedgerRecord.Alarm) r).toList();
    }

    /**
     * Positions run 0..n-1; each (gateway, tree size) is recorded at most once; every receipt covers
     * its head and verifies under the node's key.
     */
    public void assertLedgerSound() throws LedgerException, AnchorException {
        List<LedgerRecord> all = records();
        Set<String> heads = new HashSet<>();
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i, all.get(i).seq(), "ledger positions run without gaps");
            if (all.get(i) instanceof LedgerRecord.Anchored a) {
                assertTrue(heads.add(a.gatewayId() + "@" + a.head().treeSize()), "tree head recorded twice: " + a.head());
                AnchorVerifier.verifyReceipt(a.receipt(), List.of(identity.key().publicKey()), a.head());
            }
        }
    }

    /**
     * Waits up to 10 s for every thread the node and Paho started to end: node threads are named
     * {@code bsn-node-*}; Paho renames the ones it runs on to {@code MQTT *}.
     */
    public static void assertNoThreadsLeft() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                    .filter(n -> n.startsWith("bsn-node-") || n.startsWith("MQTT ")).sorted().toList();
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        StringBuilder where = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (t.isAlive() && (t.getName().startsWith("bsn-node-") || t.getName().startsWith("MQTT "))) {
                where.append("\n").append(t.getName()).append(":");
                for (int i = 0; i < Math.min(8, stack.length); i++) {
                    where.append("\n    at ").append(stack[i]);
                }
            }
        });
        throw new AssertionError("threads still running after every node and client closed: " + left + where);
    }

    @Override
    public void close() throws Exception {
        for (NodeRuntime rt : List.copyOf(running)) {
            stop(rt);
        }
        ledger.close();
    }
}
