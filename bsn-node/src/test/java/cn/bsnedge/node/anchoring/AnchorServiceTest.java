package cn.bsnedge.node.anchoring;

import cn.bsnedge.ledger.anchor.Anchor;
import cn.bsnedge.ledger.anchor.AnchorRejection;
import cn.bsnedge.ledger.anchor.AnchorVerifier;
import cn.bsnedge.ledger.anchor.RejectionReason;
import cn.bsnedge.ledger.protocol.AnchorResponse;
import cn.bsnedge.ledger.protocol.MessageKind;
import cn.bsnedge.ledger.protocol.Messages;
import cn.bsnedge.node.keys.NodeKeyFile.NodeIdentity;
import cn.bsnedge.node.ledger.FileAnchorLedger;
import cn.bsnedge.node.testing.FakeGateway;
import cn.bsnedge.node.testing.NodeHarness;
import cn.bsnedge.node.testing.TestNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Anchor handling without a broker: the answers to bad payloads, an unavailable ledger, the node's clock. */
class AnchorServiceTest {

    private final NodeIdentity node = TestNodes.identity(NodeHarness.SUITE);
    private final FakeGateway gw = new FakeGateway(TestNodes.GATEWAY, NodeHarness.SUITE, 9);
    private final InstantSource clock = InstantSource.fixed(Instant.parse("2026-11-21T10:00:00Z"));

    @TempDir
    Path dir;

    private AnchorRejection rejection(AnchorService.Outcome o) {
        assertEquals(AnchorService.Result.REJECTED, o.result());
        return ((AnchorResponse.Rejection) o.response()).rejection().statement();
    }

    @Test
    void badPayloads_getTheRejectionTheirKindCallsFor() throws Exception {
        try (FileAnchorLedger ledger = FileAnchorLedger.open(dir, node.nodeId(), NodeHarness.SUITE)) {
            AnchorService s = new AnchorService(node, id -> List.of(gw.key().publicKey()), ledger, clock);
            gw.seal(2, 1);
            byte[] good = Messages.encodeAnchor(gw.anchor(0));
            byte[] v2 = good.clone();
            v2[0] = 2;
            assertEquals(RejectionReason.UNSUPPORTED_VERSION, rejection(s.handle(gw.id(), v2)).reason());
            assertEquals(RejectionReason.TOO_LARGE, rejection(s.handle(gw.id(), java.util.Arrays.copyOf(good,
                    MessageKind.ANCHOR.maxBytes() + 1))).reason());
            byte[] receiptKind = good.clone();
            receiptKind[1] = 2;
            assertEquals(RejectionReason.MALFORMED, rejection(s.handle(gw.id(), receiptKind)).reason());
            AnchorRejection trailing = rejection(s.handle(gw.id(), java.util.Arrays.copyOf(good, good.length + 1)));
            assertEquals(RejectionReason.MALFORMED, trailing.reason());
            assertEquals(0, trailing.treeSize());
            assertEquals(clock.millis(), trailing.atMillis());
            assertEquals(0, ledger.head().size(), "bad payloads record nothing");
            // The rejection is signed by the node.
            AnchorVerifier.verifyRejection(((AnchorResponse.Rejection) s.handle(gw.id(), v2).response()).rejection(),
                    List.of(node.key().publicKey()), gw.id());
        }
    }

    @Test
    void unknownGateway_isRejectedWithoutAlarm() throws Exception {
        try (FileAnchorLedger ledger = FileAnchorLedger.open(dir, node.nodeId(), NodeHarness.SUITE)) {
            AnchorService s = new AnchorService(node, id -> List.of(), ledger, clock);
            gw.seal(1, 1);
            AnchorService.Outcome o = s.handle(gw.id(), Messages.encodeAnchor(gw.anchor(0)));
            assertEquals(RejectionReason.UNKNOWN_GATEWAY, rejection(o).reason());
            assertTrue(o.alarm().isEmpty());
            assertEquals(0, ledger.head().size());
        }
    }

    @Test
    void ledgerThatCannotRecord_answersUnavailable_withTheLastKnownRecord() throws Exception {
        FileAnchorLedger ledger = FileAnchorLedger.open(dir, node.nodeId(), NodeHarness.SUITE);
        AnchorService s = new AnchorService(node, id -> List.of(gw.key().publicKey()), ledger, clock);
        gw.seal(2, 1);
        Anchor first = gw.anchor(0);
        assertEquals(AnchorService.Result.ACCEPTED, s.handle(gw.id(), Messages.encodeAnchor(first)).result());
        ledger.close(); // the file is gone from under the node: appends fail
        gw.seal(2, 1);
        AnchorRejection r = rejection(s.handle(gw.id(), Messages.encodeAnchor(gw.anchor(2))));
        assertEquals(RejectionReason.UNAVAILABLE, r.reason());
        assertEquals(4, r.treeSize());
    }

    @Test
    void receipt_carriesTheNodesClockAndPosition() throws Exception {
        try (FileAnchorLedger ledger = FileAnchorLedger.open(dir, node.nodeId(), NodeHarness.SUITE)) {
            AnchorService s = new AnchorService(node, id -> List.of(gw.key().publicKey()), ledger, clock);
            gw.seal(2, 1);
            var o = s.handle(gw.id(), Messages.encodeAnchor(gw.anchor(0)));
            var receipt = ((AnchorResponse.Receipt) o.response()).receipt().statement();
            assertEquals(clock.millis(), receipt.recordedAtMillis());
            assertEquals(0, receipt.ledgerSeq());
            assertEquals(node.nodeId(), receipt.nodeId());
        }
    }
}
