package cn.bsnedge.node.audit;

import cn.bsnedge.ledger.anchor.Anchor;
import cn.bsnedge.ledger.anchor.AnchorReceipt;
import cn.bsnedge.ledger.anchor.Signed;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.crypto.PublicKey;
import cn.bsnedge.node.ledger.LedgerRecord;
import cn.bsnedge.node.testing.FakeGateway;
import cn.bsnedge.node.testing.NodeHarness;
import cn.bsnedge.node.testing.TestNodes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class AuditorTest {

    private final FakeGateway gw = new FakeGateway(TestNodes.GATEWAY, NodeHarness.SUITE, 5);
    private final List<PublicKey> keys = List.of(gw.key().publicKey());
    private final List<LedgerRecord.Anchored> anchored = new ArrayList<>();
    /** Long after every block of the fake gateway. */
    private final Instant now = Instant.ofEpochMilli(FakeGateway.T0).plus(Duration.ofDays(30));

    private void record(Anchor a) throws Exception {
        long seq = anchored.size();
        var node = TestNodes.identity(NodeHarness.SUITE);
        anchored.add(new LedgerRecord.Anchored(seq, a.treeHead(), a.prevSize(),
                Signed.sign(AnchorReceipt.of(NodeHarness.SUITE, node.nodeId(), a.head(), seq, 1), node.key().signer())));
    }

    private ArchivedChain chainOf(List<MicroBlock> blocks) {
        ArchivedChain c = new ArchivedChainBuilder(gw.id()).build();
        blocks.forEach(b -> c.add(b, keys));
        return c;
    }

    private static List<Finding.Kind> kinds(Auditor.Report r) {
        return r.findings().stream().map(Finding::kind).toList();
    }

    @Test
    void cleanAnchoredChain_hasNoFindings() throws Exception {
        gw.seal(6, 3);
        record(gw.anchor(0));
        gw.seal(4, 3);
        record(gw.anchor(6));
        Auditor.Report r = Auditor.audit(chainOf(gw.chain()), anchored, List.of(), now, Duration.ofHours(1));
        assertEquals(List.of(), r.findings());
        assertEquals(10, r.contiguous());
        assertEquals(30, r.readings());
        assertEquals(2, r.checkedAnchors());
        assertEquals(10, r.anchoredSize());
    }

    @Test
    void gapsForksMismatchAndUnanchored_areFound() throws Exception {
        List<MicroBlock> first = gw.seal(6, 2);
        record(gw.anchor(0));
        List<MicroBlock> archived = new ArrayList<>(first);
        archived.remove(3); // height 3 never arrived
        // The gateway then rewrites from height 4 and seals on; the archive got both versions of 4 and 5.
        List<MicroBlock> rewritten = gw.rewrite(4, 4);
        archived.addAll(rewritten);
        Auditor.Report r = Auditor.audit(chainOf(archived), anchored, List.of(), now, Duration.ofHours(1));
        List<Finding.Kind> kinds = kinds(r);
        assertTrue(kinds.contains(Finding.Kind.GAP), r.findings().toString());
        assertTrue(kinds.contains(Finding.Kind.FORK), r.findings().toString());
        assertTrue(kinds.contains(Finding.Kind.UNANCHORED), r.findings().toString());
        assertEquals(3, r.contiguous());
        assertTrue(r.findings().stream().anyMatch(f -> f.detail().equals("height 3 missing")), r.findings().toString());
    }

    @Test
    void anchorTheArchiveDoesNotReproduce_isAMismatch() throws Exception {
        gw.seal(5, 2);
        record(gw.anchor(0));
        List<MicroBlock> original = gw.chain();
        gw.rewrite(2, 3); // the node recorded the original; the archive holds only the rewritten history
        Auditor.Report r = Auditor.audit(chainOf(gw.chain()), anchored, List.of(), now, Duration.ofDays(3650));
        assertEquals(List.of(Finding.Kind.ANCHOR_MISMATCH), kinds(r));
        assertFalse(java.util.Arrays.equals(original.get(2).hash(), gw.chain().get(2).hash()));
    }

    @Test
    void blockFailingVerification_isReportedAndNotCounted() throws Exception {
        List<MicroBlock> blocks = gw.seal(3, 2);
        FakeGateway other = new FakeGateway(gw.id(), NodeHarness.SUITE, 77); // same id, another key
        List<MicroBlock> forged = other.seal(1, 2);
        List<MicroBlock> archived = new ArrayList<>(blocks);
        archived.add(forged.getFirst()); // a second "height 0" signed by a key that is not registered
        Auditor.Report r = Auditor.audit(chainOf(archived), List.of(), List.of(), now, Duration.ofDays(3650));
        assertEquals(List.of(Finding.Kind.INVALID), kinds(r));
        assertEquals(6, r.readings());
        assertTrue(r.findings().getFirst().detail().contains("signature"), r.findings().toString());
    }

    @Test
    void unanchoredButRecent_isNotAFinding() throws Exception {
        gw.seal(3, 2);
        Instant justAfter = Instant.ofEpochMilli(FakeGateway.T0).plus(Duration.ofMinutes(5));
        Auditor.Report r = Auditor.audit(chainOf(gw.chain()), List.of(), List.of(), justAfter, Duration.ofHours(1));
        assertEquals(List.of(), r.findings());
        assertEquals(List.of(Finding.Kind.UNANCHORED), kinds(Auditor.audit(chainOf(gw.chain()), List.of(), List.of(), now,
                Duration.ofHours(1))));
    }
}
