package cn.bsnedge.ledger.anchor;

import cn.bsnedge.ledger.crypto.PublicKey;

/** What a city node does with an anchor ({@link AnchorCheck}): exactly one of three outcomes. */
public sealed interface AnchorDecision {

    /** A consistent extension (or a gateway's first anchor): record it, then send a receipt. */
    record Accepted(Anchor anchor, PublicKey signedBy) implements AnchorDecision {
    }

    /**
     * The node already recorded this gateway's tree at this size and root (a redelivery, or the
     * gateway retrying after a lost receipt): send the receipt it issued then, record nothing.
     */
    record Duplicate(TreeHead recorded, PublicKey signedBy) implements AnchorDecision {
    }

    /** Refused: send a rejection with this reason; raise an alarm if {@link #alarm()}. */
    record Rejected(RejectionReason reason, String detail) implements AnchorDecision {
        public boolean alarm() {
            return reason.alarm();
        }
    }
}
