package cn.bsnedge.ledger.anchor;

import cn.bsnedge.ledger.crypto.PublicKey;

import java.util.List;
import java.util.Optional;

/**
 * The city node's decision on one anchor (PROTOCOL.md §5.1), a pure function of the anchor,
 * the topic it came on, the gateway's registered keys and what the node recorded for the
 * gateway before. The node records {@link AnchorDecision.Accepted} anchors, answers {@link
 * AnchorDecision.Duplicate}s with the receipt it issued before, and rejects the rest.
 */
public final class AnchorCheck {

    /** What a node recorded for one gateway. */
    public interface Recorded {

        /** The latest (largest) recorded tree head, if any. */
        Optional<TreeHead> latest();

        /**
         * The tree head recorded at exactly {@code treeSize}, if any: lets a late redelivery of
         * an older anchor be answered with its receipt, and an older size with another root be
         * caught as a fork. Default: not looked up (an older size is then simply stale).
         */
        default Optional<TreeHead> at(long treeSize) {
            return Optional.empty();
        }

        static Recorded nothing() {
            return Optional::empty;
        }

        static Recorded latest(TreeHead head) {
            return () -> Optional.of(head);
        }
    }

    private AnchorCheck() {
    }

    /**
     * @param anchor         the decoded anchor
     * @param topicGatewayId the gateway id of the topic it was published on
     * @param gatewayKeys    the keys registered for that gateway (empty if it is unknown)
     * @param recorded       the node's records for that gateway
     */
    public static AnchorDecision check(Anchor anchor, String topicGatewayId, List<PublicKey> gatewayKeys, Recorded recorded) {
        TreeHead head = anchor.head();
        PublicKey key;
        try {
            key = AnchorVerifier.verifyTreeHead(anchor.treeHead(), topicGatewayId, gatewayKeys);
        } catch (AnchorException e) {
            return reject(e);
        }
        Optional<TreeHead> latest = recorded.latest();
        if (latest.isEmpty()) {
            if (anchor.prevSize() != 0) {
                return new AnchorDecision.Rejected(RejectionReason.BASE_MISMATCH, "the node has no record of "
                        + head.gatewayId() + ", so a proof from size " + anchor.prevSize()
                        + " proves nothing to it; want a first anchor (previous size 0)");
            }
            return new AnchorDecision.Accepted(anchor, key);
        }
        TreeHead last = latest.get();
        if (!last.gatewayId().equals(head.gatewayId())) {
            throw new IllegalArgumentException("recorded head is for " + last.gatewayId() + ", anchor for " + head.gatewayId());
        }
        if (head.treeSize() < last.treeSize()) {
            Optional<TreeHead> then = recorded.at(head.treeSize());
            if (then.isPresent()) {
                if (then.get().sameTree(head)) {
                    return new AnchorDecision.Duplicate(then.get(), key);
                }
                return new AnchorDecision.Rejected(RejectionReason.FORK, head.gatewayId() + " signed another root for tree size "
                        + head.treeSize() + " than the one recorded");
            }
        }
        if (head.sameTree(last)) {
            return new AnchorDecision.Duplicate(last, key);
        }
        try {
            AnchorVerifier.verifyExtends(last, anchor);
        } catch (AnchorException e) {
            return reject(e);
        }
        return new AnchorDecision.Accepted(anchor, key);
    }

    private static AnchorDecision.Rejected reject(AnchorException e) {
        return new AnchorDecision.Rejected(RejectionReason.of(e.kind()), e.getMessage());
    }
}
