package cn.bsnedge.node.run;

import cn.bsnedge.ledger.anchor.Anchor;
import cn.bsnedge.ledger.anchor.AnchorVerifier;
import cn.bsnedge.ledger.anchor.RejectionReason;
import cn.bsnedge.ledger.anchor.Signed;
import cn.bsnedge.ledger.protocol.AnchorResponse;
import cn.bsnedge.ledger.protocol.Messages;
import cn.bsnedge.node.brokers.HiveMqTestBroker;
import cn.bsnedge.node.brokers.MosquittoTestBroker;
import cn.bsnedge.node.brokers.TestBroker;
import cn.bsnedge.node.ledger.AlarmKind;
import cn.bsnedge.node.ledger.LedgerRecord;
import cn.bsnedge.node.testing.FakeGateway;
import cn.bsnedge.node.testing.GatewayClient;
import cn.bsnedge.node.testing.NodeHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The node end to end: a fake gateway built from ledger-lite publishes over a real Paho client to
 * a real broker, the node answers over its own. The same cases run against the embedded broker and
 * against Debian's mosquitto. After every case each accepted tree head is recorded exactly once and
 * every receipt verifies under the node's key ({@link NodeHarness#assertLedgerSound}).
 */
class NodeOverBrokersTest {

    private static final Map<String, TestBroker> BROKERS = new ConcurrentHashMap<>();
    private static final AtomicInteger CITIES = new AtomicInteger();
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    static TestBroker broker(String kind) throws Exception {
        TestBroker b = BROKERS.get(kind);
        if (b == null) {
            b = kind.equals("mosquitto") ? new MosquittoTestBroker() : new HiveMqTestBroker();
            BROKERS.put(kind, b);
        }
        return b;
    }

    @AfterAll
    static void stopBrokers() {
        BROKERS.values().forEach(TestBroker::close);
        BROKERS.clear();
    }

    private static String city() {
        return "c" + ProcessHandle.current().pid() + "-" + CITIES.incrementAndGet();
    }

    private static Signed<cn.bsnedge.ledger.anchor.AnchorReceipt> receipt(AnchorResponse r) {
        assertInstanceOf(AnchorResponse.Receipt.class, r, () -> "want a receipt, got " + r);
        return ((AnchorResponse.Receipt) r).receipt();
    }

    private static cn.bsnedge.ledger.anchor.AnchorRejection rejection(AnchorResponse r) {
        assertInstanceOf(AnchorResponse.Rejection.class, r, () -> "want a rejection, got " + r);
        return ((AnchorResponse.Rejection) r).rejection().statement();
    }

    private FakeGateway registered(NodeHarness h, String id, long seed) throws Exception {
        FakeGateway g = new FakeGateway(id, NodeHarness.SUITE, seed);
        h.registry.add(g.trustedKey());
        return g;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"embedded", "mosquitto"})
    void duplicateDeliveries_getTheSameReceipt(String kind) throws Exception {
        TestBroker broker = broker(kind);
        try (NodeHarness h = new NodeHarness(dir, city())) {
            h.start(broker.uri(), "node-a-" + h.topics.city());
            FakeGateway g = registered(h, "88.1001.31/GW-0001", 1);
            try (GatewayClient gc = new GatewayClient(broker.uri(), h.topics, g)) {
                g.seal(5, 3);
                Anchor first = g.anchor(0);
                Signed<cn.bsnedge.ledger.anchor.AnchorReceipt> r1 = receipt(gc.anchor(first, WAIT));
                AnchorVerifier.verifyReceipt(r1, List.of(h.identity.key().publicKey()), first.head());
                Signed<cn.bsnedge.ledger.anchor.AnchorReceipt> again = receipt(gc.anchor(first, WAIT));
                assertEquals(r1, again, "a redelivered anchor is answered with the receipt issued then, bit for bit");

                g.seal(4, 3);
                Anchor second = g.anchor(5);
                Signed<cn.bsnedge.ledger.anchor.AnchorReceipt> r2 = receipt(gc.anchor(second, WAIT));
                assertEquals(r1.statement().ledgerSeq() + 1, r2.statement().ledgerSeq());
                // A late redelivery of the older head still gets its own receipt, not a rejection.
                assertEquals(r1, receipt(gc.anchor(first, WAIT)));
                // A gateway that lost its receipt asks for the head at the recorded size (PROTOCOL.md §3.7).
                assertEquals(r1, receipt(gc.anchor(g.anchorAt(5, 0), WAIT)));
                assertEquals(2, h.anchored().size());
            }
            h.assertLedgerSound();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"embedded", "mosquitto"})
    void rewrittenOldBlock_isRejectedWithAnAlarm(String kind) throws Exception {
        TestBroker broker = broker(kind);
        try (NodeHarness h = new NodeHarness(dir, city())) {
            h.start(broker.uri(), "node-a-" + h.topics.city());
            FakeGateway g = registered(h, "88.1001.31/GW-0002", 2);
            try (GatewayClient gc = new GatewayClient(broker.uri(), h.topics, g)) {
                g.seal(6, 2);
                receipt(gc.anchor(g.anchor(0), WAIT));
                // The gateway rewrites block 2 (and seals on): its new tree of 8 cannot extend the recorded 6.
                g.rewrite(2, 6);
                Anchor rewritten = g.anchor(6);
                var rej = rejection(gc.anchor(rewritten, WAIT));
                assertEquals(RejectionReason.INCONSISTENT, rej.reason());
                assertEquals(6, rej.recordedSize(), "the rejection says what the node holds");
                // Same size as recorded, another root: a fork.
                Anchor forked = g.anchorAt(6, 0);
                assertEquals(RejectionReason.FORK, rejection(gc.anchor(forked, WAIT)).reason());
                // The redelivery of the same bad anchor adds no second alarm.
                assertEquals(RejectionReason.INCONSISTENT, rejection(gc.anchor(rewritten, WAIT)).reason());
                List<LedgerRecord.Alarm> alarms = h.alarms();
                assertEquals(List.of(AlarmKind.INCONSISTENT, AlarmKind.FORK), alarms.stream().map(LedgerRecord.Alarm::kind).toList());
                assertArrayEquals(Messages.encodeAnchor(rewritten), alarms.get(0).evidence());
                assertEquals(0, alarms.get(1).relatedSeq(), "the fork names the recorded head it contradicts");
                assertEquals(1, h.anchored().size());
            }
            h.assertLedgerSound();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"embedded", "mosquitto"})
    void forgedReplayedReorderedAnchors_areRejected(String kind) throws Exception {
        TestBroker broker = broker(kind);
        try (NodeHarness h = new NodeHarness(dir, city())) {
            h.start(broker.uri(), "node-a-" + h.topics.city());
            FakeGateway g = registered(h, "88.1001.31/GW-0003", 3);
            FakeGateway impostor = new FakeGateway(g.id(), NodeHarness.SUITE, 99); // same id, unregistered key
            FakeGateway other = registered(h, "88.1001.31/GW-0004", 4);
            try (GatewayClient gc = new GatewayClient(broker.uri(), h.topics, g);
                 GatewayClient ic = new GatewayClient(broker.uri(), h.topics, other)) {
                g.seal(3, 1);
                receipt(gc.anchor(g.anchor(0), WAIT));
                g.seal(2, 1);
                Anchor at5 = g.anchor(3);
                g.seal(3, 1);
                Anchor at8 = g.anchor(3);
                receipt(gc.anchor(at8, WAIT));

                // Forged: signed with a key that is not registered for the gateway.
                impostor.seal(9, 1);
                assertEquals(RejectionReason.SIGNATURE, rejection(gc.anchor(impostor.anchor(0), WAIT)).reason());
                // Replayed: an older head the node never recorded.
                assertEquals(RejectionReason.STALE, rejection(gc.anchor(at5, WAIT)).reason());
                // Reordered: 12 built on 10 arrives before 10.
                g.seal(2, 1);
                Anchor at10 = g.anchor(8);
                g.seal(2, 1);
                Anchor at12 = g.anchor(10);
                var rej = rejection(gc.anchor(at12, WAIT));
                assertEquals(RejectionReason.BASE_MISMATCH, rej.reason());
                assertEquals(8, rej.recordedSize());
                receipt(gc.anchor(at10, WAIT));
                receipt(gc.anchor(at12, WAIT));
                // Another gateway's tree head on this gateway's topic.
                other.seal(1, 1);
                Anchor foreign = other.anchor(0);
                gc.publishRequest(h.topics.anchor(g.id()), Messages.encodeAnchor(foreign), h.topics.receipt(g.id()),
                        Messages.correlationData(foreign.head()));
                assertEquals(RejectionReason.GATEWAY_MISMATCH, rejection(gc.next(Messages.correlationData(foreign.head()), WAIT)).reason());
                // Garbage gets a malformed rejection with tree size 0.
                byte[] corr = new byte[16];
                gc.publishRequest(h.topics.anchor(g.id()), new byte[] {1, 1, 0}, h.topics.receipt(g.id()), corr);
                var bad = rejection(gc.next(corr, WAIT));
                assertEquals(RejectionReason.MALFORMED, bad.reason());
                assertEquals(0, bad.treeSize());
                // A response topic that is not the gateway's own is never published to.
                gc.publishRequest(h.topics.anchor(g.id()), Messages.encodeAnchor(at12), h.topics.receipt(other.id()),
                        Messages.correlationData(at12.head()));
                assertNull(ic.next(Messages.correlationData(at12.head()), Duration.ofSeconds(1)));

                assertEquals(List.of(3L, 8L, 10L, 12L), h.anchored().stream().map(a -> a.head().treeSize()).toList());
                assertEquals(List.of(AlarmKind.SIGNATURE, AlarmKind.GATEWAY_MISMATCH), h.alarms().stream().map(LedgerRecord.Alarm::kind).toList());
            }
            h.assertLedgerSound();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"embedded", "mosquitto"})
    void nodeDownForAWhile_persistentSessionDeliversQueuedAnchors(String kind) throws Exception {
        TestBroker broker = broker(kind);
        try (NodeHarness h = new NodeHarness(dir, city())) {
            String clientId = "node-a-" + h.topics.city();
            NodeRuntime node = h.start(broker.uri(), clientId);
            List<FakeGateway> gws = new ArrayList<>();
            List<GatewayClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    FakeGateway g = registered(h, "88.1001.31/GW-01" + i, 10 + i);
                    gws.add(g);
                    clients.add(new GatewayClient(broker.uri(), h.topics, g));
                }
                for (int i = 0; i < 3; i++) {
                    gws.get(i).seal(2, 1);
                    receipt(clients.get(i).anchor(gws.get(i).anchor(0), WAIT));
                }
                h.stop(node);
                List<Anchor> whileDown = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    gws.get(i).seal(3, 1);
                    Anchor a = gws.get(i).anchor(2);
                    whileDown.add(a);
                    clients.get(i).publish(a);
                }
                assertNull(clients.get(0).next(Messages.correlationData(whileDown.get(0).head()), Duration.ofMillis(500)),
                        "no node is up to answer");
                h.start(broker.uri(), clientId);
                for (int i = 0; i < 3; i++) {
                    Signed<cn.bsnedge.ledger.anchor.AnchorReceipt> r = receipt(clients.get(i).next(
                            Messages.correlationData(whileDown.get(i).head()), WAIT));
                    assertTrue(r.statement().covers(whileDown.get(i).head()));
                }
                assertEquals(6, h.anchored().size());
            } finally {
                clients.forEach(GatewayClient::close);
            }
            h.assertLedgerSound();
        }
        NodeHarness.assertNoThreadsLeft();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"embedded", "mosquitto"})
    void twoNodeProcesses_shareTheLoad(String kind) throws Exception {
        TestBroker broker = broker(kind);
        try (NodeHarness h = new NodeHarness(dir, city())) {
            String idA = "node-a-" + h.topics.city();
            String idB = "node-b-" + h.topics.city();
            NodeRuntime a = h.start(broker.uri(), idA);
            NodeRuntime b = h.start(broker.uri(), idB);
            long handledBefore = 0;
            List<GatewayClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    clients.add(new GatewayClient(broker.uri(), h.topics, registered(h, "88.1001.31/GW-02" + i, 20 + i)));
                }
                long[] prev = new long[clients.size()];
                for (int round = 0; round < 6; round++) {
                    List<Anchor> sent = new ArrayList<>();
                    for (int i = 0; i < clients.size(); i++) {
                        FakeGateway g = clients.get(i).gateway();
                        g.seal(1 + round % 3, 1);
                        Anchor an = g.anchor(prev[i]);
                        sent.add(an);
                        clients.get(i).publish(an);
                        clients.get(i).publish(an); // and a duplicate, which may reach the other process
                    }
                    if (round == 3) {
                        // One process stops for a while. Mosquitto deals the shared subscription round-robin and
                        // keeps dealing to the stopped member's persistent session, which gets its share when
                        // it is back; HiveMQ hands a burst to one member while it has room, so the other takes
                        // over. Either way every anchor is answered once both run again.
                        boolean aBusier = handled(a) >= handled(b);
                        h.stop(aBusier ? a : b);
                        handledBefore += handled(aBusier ? a : b);
                        Thread.sleep(300);
                        NodeRuntime back = h.start(broker.uri(), aBusier ? idA : idB);
                        if (aBusier) {
                            a = back;
                        } else {
                            b = back;
                        }
                    }
                    for (int i = 0; i < clients.size(); i++) {
                        byte[] corr = Messages.correlationData(sent.get(i).head());
                        int gw = i;
                        int r = round;
                        AnchorResponse first = clients.get(i).next(corr, WAIT);
                        assertNotNull(first, () -> "no answer for gateway " + gw + " in round " + r);
                        AnchorResponse second = clients.get(i).next(corr, WAIT);
                        assertNotNull(second, () -> "no second answer for gateway " + gw + " in round " + r);
                        assertEquals(receipt(first), receipt(second), "both deliveries, whichever process took them, get one receipt");
                        prev[i] = sent.get(i).head().treeSize();
                    }
                }
                assertEquals(24, h.anchored().size());
                // At least once: a delivery in flight when a process stopped is handled again by the next one.
                assertTrue(handledBefore + handled(a) + handled(b) >= 48, "handled " + handledBefore + " + " + handled(a) + " + " + handled(b));
                assertTrue(handledBefore > 0 && handled(a) + handled(b) > 0,
                        "both processes took anchors: " + handledBefore + " and " + (handled(a) + handled(b)));
            } finally {
                clients.forEach(GatewayClient::close);
            }
            h.assertLedgerSound();
        }
        NodeHarness.assertNoThreadsLeft();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"embedded", "mosquitto"})
    void blocks_areArchived_gapsAskedFor_birthSeen(String kind) throws Exception {
        TestBroker broker = broker(kind);
        try (NodeHarness h = new NodeHarness(dir, city())) {
            NodeRuntime node = h.start(broker.uri(), "node-a-" + h.topics.city());
            FakeGateway g = registered(h, "88.1001.31/GW-0040", 40);
            try (GatewayClient gc = new GatewayClient(broker.uri(), h.topics, g)) {
                List<cn.bsnedge.ledger.block.MicroBlock> blocks = g.seal(7, 3);
                gc.publishBlocks(blocks.subList(0, 3), cn.bsnedge.ledger.protocol.BlockBatch.Cause.LIVE);
                gc.publishBlocks(blocks.subList(5, 7), cn.bsnedge.ledger.protocol.BlockBatch.Cause.LIVE);
                var ask = gc.resends.poll(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
                assertNotNull(ask, "the node asks for the missing heights");
                assertEquals(3, ask.fromHeight());
                assertEquals(2, ask.count());
                assertEquals(h.identity.nodeId(), ask.requesterId());
                gc.publishBlocks(blocks.subList(3, 5), cn.bsnedge.ledger.protocol.BlockBatch.Cause.RESEND);
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (node.telemetry().contiguous().getOrDefault(g.id(), 0L) < 7 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertEquals(7L, node.telemetry().contiguous().get(g.id()));

                var birth = Signed.sign(cn.bsnedge.ledger.protocol.GatewayBirth.of(g.key().publicKey(), g.id(), 4,
                        cn.bsnedge.ledger.block.ChainHead.after(blocks.getLast()), 0, FakeGateway.T0,
                        cn.bsnedge.ledger.entry.ClockQuality.SYNCED, "bsn-edge/test"), g.key().signer());
                gc.publishRetained(h.topics.birth(g.id()), Messages.encodeBirth(birth));
                deadline = System.nanoTime() + WAIT.toNanos();
                while (!node.telemetry().presence().containsKey(g.id()) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertTrue(node.telemetry().presence().get(g.id()).online());

                // A block signed by a key that is not the gateway's: kept as evidence, alarm raised once.
                FakeGateway impostor = new FakeGateway(g.id(), NodeHarness.SUITE, 41);
                var forged = impostor.seal(1, 1);
                gc.publishBlocks(forged, cn.bsnedge.ledger.protocol.BlockBatch.Cause.LIVE);
                gc.publishBlocks(forged, cn.bsnedge.ledger.protocol.BlockBatch.Cause.LIVE);
                deadline = System.nanoTime() + WAIT.toNanos();
                while (h.alarms().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                Thread.sleep(300);
                assertEquals(List.of(AlarmKind.BLOCK_INVALID), h.alarms().stream().map(LedgerRecord.Alarm::kind).toList());
            }
            h.assertLedgerSound();
        }
        NodeHarness.assertNoThreadsLeft();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"embedded", "mosquitto"})
    void brokerRestartedMidStream_everyAnchorRecordedOnce(String kind) throws Exception {
        Assumptions.assumeTrue(kind.equals("mosquitto"), "only mosquitto keeps sessions across a restart here");
        try (MosquittoTestBroker broker = new MosquittoTestBroker(); NodeHarness h = new NodeHarness(dir, city())) {
            h.start(broker.uri(), "node-a-" + h.topics.city());
            FakeGateway g = registered(h, "88.1001.31/GW-0030", 30);
            try (GatewayClient gc = new GatewayClient(broker.uri(), h.topics, g)) {
                long prev = 0;
                for (int i = 0; i < 8; i++) {
                    g.seal(2, 1);
                    Anchor a = g.anchor(prev);
                    if (i == 3) {
                        gc.publish(a); // in flight when the broker goes down
                        broker.restart();
                        gc.reconnect();
                    }
                    AnchorResponse r = gc.anchorUntilAnswered(a, Duration.ofSeconds(2), Duration.ofSeconds(30));
                    assertTrue(receipt(r).statement().covers(a.head()));
                    prev = a.head().treeSize();
                }
                assertEquals(8, h.anchored().size());
            }
            h.assertLedgerSound();
        }
        NodeHarness.assertNoThreadsLeft();
    }

    private static long handled(NodeRuntime rt) {
        return rt.counts().accepted() + rt.counts().duplicates();
    }
}
