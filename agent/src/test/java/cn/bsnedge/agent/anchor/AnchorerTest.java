package cn.bsnedge.agent.anchor;

import cn.bsnedge.agent.anchor.Anchorer.Outcome;
import cn.bsnedge.agent.anchor.Anchorer.Outgoing;
import cn.bsnedge.ledger.anchor.AnchorReceipt;
import cn.bsnedge.ledger.anchor.AnchorRejection;
import cn.bsnedge.ledger.anchor.RejectionReason;
import cn.bsnedge.ledger.anchor.Signed;
import cn.bsnedge.ledger.anchor.TreeHead;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PrivateKey;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.protocol.Messages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's anchoring rules (PROTOCOL.md §3.7) on a real chain and a real node ledger, with
 * time passed in by the test: the policy, one outstanding anchor, receipts verified and stored,
 * rebasing after a lost receipt, alarms, and restarts over whatever a crash leaves behind.
 */
class AnchorerTest {

    private static final long S = 1_000_000_000L;
    private static final AnchorPolicy POLICY = new AnchorPolicy(Duration.ofMinutes(5), 10, Duration.ofSeconds(30));
    private static final InstantSource WALL = InstantSource.fixed(Instant.parse("2026-03-01T08:00:00Z"));

    @TempDir
    Path tmp;

    private final NodeLedger node = new NodeLedger();
    private final List<String> log = new ArrayList<>();
    private GatewayDir gw;
    private Anchorer anchorer;

    @BeforeEach
    void setUp() throws Exception {
        gw = new GatewayDir(tmp, node);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (anchorer != null) {
            anchorer.close();
        }
        gw.close();
    }

    private Anchorer open() throws Exception {
        if (anchorer != null) {
            anchorer.close();
        }
        anchorer = Anchorer.open(gw.anchorDir(), gw.id, gw.store, gw.nodeKeys(), POLICY, WALL, () -> ClockQuality.SYNCED, log::add);
        return anchorer;
    }

    /** Polls at {@code now}, catching up with the chain first, as the service does. */
    private Optional<Outgoing> poll(long now) throws Exception {
        anchorer.catchUp(h -> null);
        return anchorer.poll(now);
    }

    /** The node's answer to {@code o}, handed to the gateway. */
    private Outcome deliver(Outgoing o, long now) throws Exception {
        return anchorer.onResponse(node.answer(gw.id.gatewayId(), o.payload(), 1_790_000_000_000L), now);
    }

    @Test
    void firstAnchor_coversTheBacklog_receiptStoredAndKeptAcrossARestart() throws Exception {
        gw.seal(5);
        open();
        Outgoing a = poll(0).orElseThrow(); // a backlog found at start is anchored at once
        assertEquals(5, a.size());
        assertEquals(0, a.anchor().prevSize());
        assertEquals(Outcome.STORED, deliver(a, S));
        assertEquals(5, anchorer.anchoredSize());
        assertTrue(anchorer.pending().isEmpty());
        assertEquals(0, anchorer.backlog());

        open();
        assertEquals(5, anchorer.anchoredSize());
        assertEquals(5, anchorer.latestReceipt().orElseThrow().receipt().statement().treeSize());
        assertTrue(poll(2 * S).isEmpty(), "nothing new to anchor");
    }

    @Test
    void policy_anchorsAfterNBlocksOrT_whicheverFirst() throws Exception {
        gw.seal(1);
        open();
        deliver(poll(0).orElseThrow(), 0);
        gw.seal(3);
        assertTrue(poll(S).isEmpty(), "3 blocks, 1 s: neither 10 blocks nor 5 min");
        assertEquals(anchorer.nextDeadline(S, Long.MAX_VALUE / 4), 300 * S, "due by time 5 min after the last anchor");
        Outgoing byTime = poll(300 * S).orElseThrow();
        assertEquals(4, byTime.size());
        deliver(byTime, 301 * S);
        gw.seal(10);
        Outgoing byCount = poll(302 * S).orElseThrow(); // 10 blocks: due at once, long before 5 min
        assertEquals(14, byCount.size());
        assertEquals(4, byCount.anchor().prevSize());
    }

    @Test
    void oneOutstandingAnchor_aBacklogIsCoveredByOneAnchorOnceTheReceiptComes() throws Exception {
        gw.seal(10);
        open();
        Outgoing first = poll(0).orElseThrow();
        anchorer.acknowledged(first, 0);
        gw.seal(500); // an outage: blocks pile up while the first anchor is unanswered
        assertTrue(poll(10 * S).isEmpty(), "never a second anchor while one is outstanding");
        Outgoing again = poll(30 * S).orElseThrow(); // receipt overdue: the same anchor again
        assertArrayEquals(first.payload(), again.payload());
        deliver(again, 31 * S);
        Outgoing next = poll(32 * S).orElseThrow();
        assertEquals(510, next.size(), "one anchor for the whole backlog");
        assertEquals(10, next.anchor().prevSize());
        deliver(next, 33 * S);
        assertEquals(2, node.accepted().size());
    }

    @Test
    void receiptTimeout_runsFromTheBrokersAcknowledgement() throws Exception {
        gw.seal(2);
        open();
        Outgoing a = poll(0).orElseThrow();
        assertTrue(poll(100 * S).isEmpty(), "not acknowledged by the broker yet: still on its way");
        anchorer.acknowledged(a, 100 * S);
        assertTrue(poll(129 * S).isEmpty());
        assertArrayEquals(a.payload(), poll(130 * S).orElseThrow().payload());
        anchorer.sessionLost();
        assertArrayEquals(a.payload(), poll(131 * S).orElseThrow().payload(), "a lost session sends it again at once");
    }

    @Test
    void forgedOrUntrustedReceipts_areRefused_andTheAnchorStaysOutstanding() throws Exception {
        gw.seal(3);
        open();
        Outgoing a = poll(0).orElseThrow();
        TreeHead head = a.anchor().head();
        PrivateKey stranger = PrivateKey.generate(CryptoSuite.ED25519_SHA256, new SecureRandom());
        // the node's id, another key: a forgery
        byte[] forged = Messages.encodeReceipt(Signed.sign(AnchorReceipt.of(stranger.suite(), NodeLedger.NODE_ID, head, 0, 1), stranger.signer()));
        assertEquals(Outcome.DROPPED, anchorer.onResponse(forged, S));
        // a node we hold no key for
        byte[] untrusted = Messages.encodeReceipt(Signed.sign(AnchorReceipt.of(stranger.suite(), "88.1001/ROGUE-01", head, 0, 1),
                stranger.signer()));
        assertEquals(Outcome.DROPPED, anchorer.onResponse(untrusted, S));
        // the real node's key over a root that is not ours
        byte[] root = head.rootHash();
        root[0] ^= 1;
        TreeHead other = new TreeHead(head.suite(), head.gatewayId(), head.treeSize(), root, head.timestampMillis(), head.clock());
        byte[] wrongRoot = Messages.encodeReceipt(Signed.sign(AnchorReceipt.of(node.key().suite(), NodeLedger.NODE_ID, other, 0, 1),
                node.key().signer()));
        assertEquals(Outcome.DROPPED, anchorer.onResponse(wrongRoot, S));
        assertEquals(Outcome.DROPPED, anchorer.onResponse(new byte[] {1, 2, 0}, S));
        assertEquals(0, anchorer.anchoredSize());
        assertEquals(3, anchorer.pending().orElseThrow().head().treeSize());
        assertEquals(2, anchorer.alarms().size(), "bad signatures on our topic are alarms: " + anchorer.alarms());
        assertEquals(Outcome.STORED, deliver(a, 2 * S));
    }

    @Test
    void lostReceipt_outboxLost_nodeSaysBaseMismatch_gatewayRecoversTheReceiptAndRebases() throws Exception {
        gw.seal(5);
        open();
        Outgoing first = poll(0).orElseThrow();
        node.answer(gw.id.gatewayId(), first.payload(), 1); // recorded at the node; the receipt never arrives
        anchorer.close();
        anchorer = null;
        Files.write(gw.anchorDir().resolve(Outbox.FILE), new byte[] {9, 9, 9, 9}); // and MapDB lost the outbox
        gw.seal(3);
        open();
        Outgoing fresh = poll(0).orElseThrow();
        assertEquals(8, fresh.size());
        assertEquals(0, fresh.anchor().prevSize(), "with no receipt held, the gateway proves from nothing");
        assertEquals(Outcome.RECOVERING, deliver(fresh, S));
        Outgoing ask = poll(S).orElseThrow();
        assertTrue(ask.recovery());
        assertEquals(5, ask.size(), "asks for the size the node recorded");
        assertEquals(Outcome.STORED, deliver(ask, 2 * S), "answered as a duplicate with the receipt issued then");
        assertEquals(5, anchorer.anchoredSize());
        Outgoing rebased = poll(3 * S).orElseThrow();
        assertEquals(8, rebased.size());
        assertEquals(5, rebased.anchor().prevSize());
        assertEquals(Outcome.STORED, deliver(rebased, 4 * S));
        assertEquals(List.of(5L, 8L), node.accepted().stream().map(TreeHead::treeSize).toList());
        assertEquals(java.util.Map.of(), node.forks());
        assertTrue(log.stream().anyMatch(l -> l.contains("outbox") && l.contains("recreated")), log.toString());
    }

    @Test
    void outstandingAnchor_survivesARestart_andIsPublishedAgainUnchanged() throws Exception {
        gw.seal(4);
        open();
        Outgoing a = poll(0).orElseThrow();
        open(); // a crash after the outbox stored it
        Outgoing again = poll(0).orElseThrow();
        assertArrayEquals(a.payload(), again.payload());
        assertEquals(Outcome.STORED, deliver(again, S));
    }

    @Test
    void alarmRejection_haltsAnchoring_acrossRestarts_untilTheOperatorClearsIt() throws Exception {
        gw.seal(2);
        open();
        Outgoing a = poll(0).orElseThrow();
        byte[] fork = Messages.encodeRejection(Signed.sign(AnchorRejection.of(node.key().suite(), NodeLedger.NODE_ID,
                gw.id.gatewayId(), a.size(), RejectionReason.FORK, Optional.empty(), 1, "two roots for size 2"), node.key().signer()));
        assertEquals(Outcome.HALTED, anchorer.onResponse(fork, S));
        gw.seal(20);
        assertTrue(poll(1000 * S).isEmpty(), "never retried blindly");
        assertTrue(anchorer.halted().isPresent());
        open();
        assertTrue(poll(2000 * S).isEmpty(), "still stopped after a restart");
        assertTrue(anchorer.halted().orElseThrow().contains("fork"), anchorer.halted().toString());
        Files.delete(gw.anchorDir().resolve(Alarms.FILE));
        open();
        assertTrue(poll(3000 * S).isPresent());
    }

    @Test
    void nodeRecordNotOfThisChain_halts() throws Exception {
        gw.seal(6);
        open();
        Outgoing a = poll(0).orElseThrow();
        byte[] foreign = new byte[32];
        foreign[0] = 7;
        TreeHead theirs = new TreeHead(CryptoSuite.ED25519_SHA256, gw.id.gatewayId(), 4, foreign, 0, ClockQuality.SYNCED);
        byte[] mismatch = Messages.encodeRejection(Signed.sign(AnchorRejection.of(node.key().suite(), NodeLedger.NODE_ID,
                gw.id.gatewayId(), a.size(), RejectionReason.BASE_MISMATCH, Optional.of(theirs), 1, "proof starts at 0"), node.key().signer()));
        assertEquals(Outcome.HALTED, anchorer.onResponse(mismatch, S));
        assertTrue(anchorer.halted().orElseThrow().contains("disagree"));
    }

    @Test
    void unavailableNode_retriedWithGrowingBackoff() throws Exception {
        gw.seal(2);
        open();
        node.unavailable(true);
        Outgoing a = poll(0).orElseThrow();
        assertEquals(Outcome.RETRY_LATER, deliver(a, 0));
        assertTrue(poll(29 * S).isEmpty());
        Outgoing b = poll(30 * S).orElseThrow();
        assertEquals(Outcome.RETRY_LATER, deliver(b, 30 * S));
        assertTrue(poll(89 * S).isEmpty(), "second wait is 60 s");
        node.unavailable(false);
        assertEquals(Outcome.STORED, deliver(poll(90 * S).orElseThrow(), 90 * S));
        assertTrue(anchorer.lastRejection().isEmpty());
    }

    @Test
    void damagedFiles_areRepairedFromTheChain_andReceiptsFromTheNode() throws Exception {
        gw.seal(7);
        open();
        Outgoing a = poll(0).orElseThrow();
        deliver(a, 0);
        byte[] root = a.anchor().head().rootHash();
        anchorer.close();
        anchorer = null;
        // block-hash log: a bit flipped in its first node; receipt log: a torn half record appended
        Path nodes = gw.anchorDir().resolve(ChainHashLog.FILE);
        byte[] n = Files.readAllBytes(nodes);
        n[3] ^= 0x40;
        Files.write(nodes, n);
        Files.write(gw.anchorDir().resolve(ReceiptLog.FILE), new byte[] {0x42, 0x53, 0x4e, 0x41, 0, 0}, java.nio.file.StandardOpenOption.APPEND);
        open();
        assertEquals(7, anchorer.anchoredSize(), "the whole record before the torn one is kept");
        assertTrue(log.stream().anyMatch(l -> l.contains("rebuilt from the chain")), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.contains("cut there")), log.toString());
        gw.seal(10);
        Outgoing b = poll(S).orElseThrow();
        assertEquals(7, b.anchor().prevSize());
        assertEquals(Outcome.STORED, deliver(b, 2 * S), "the rebuilt log proves consistency with the receipted root");
        assertNotEquals(0, root.length);

        // the receipt log lost entirely: the node's rejection tells the gateway what it holds
        anchorer.close();
        anchorer = null;
        Files.delete(gw.anchorDir().resolve(ReceiptLog.FILE));
        Files.delete(gw.anchorDir().resolve(Outbox.FILE));
        gw.seal(1);
        open();
        assertEquals(0, anchorer.anchoredSize());
        assertEquals(Outcome.RECOVERING, deliver(poll(0).orElseThrow(), 0));
        assertEquals(Outcome.STORED, deliver(poll(S).orElseThrow(), S));
        assertEquals(17, anchorer.anchoredSize());
        assertEquals(Outcome.STORED, deliver(poll(2 * S).orElseThrow(), 2 * S));
        assertEquals(18, anchorer.anchoredSize());
        assertEquals(java.util.Map.of(), node.forks());
        assertFalse(anchorer.halted().isPresent());
    }
}
