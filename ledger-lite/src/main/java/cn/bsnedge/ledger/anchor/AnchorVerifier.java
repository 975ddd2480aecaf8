package cn.bsnedge.ledger.anchor;

import cn.bsnedge.ledger.anchor.AnchorException.Kind;
import cn.bsnedge.ledger.block.MicroBlockHeader;
import cn.bsnedge.ledger.crypto.PublicKey;
import cn.bsnedge.ledger.merkle.MerkleHasher;
import cn.bsnedge.ledger.merkle.ProofException;
import cn.bsnedge.ledger.merkle.ProofVerifier;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Pure checks of anchors, tree heads and the node's answers (PROTOCOL.md §3). Each returns
 * normally only if the evidence holds, else throws an {@link AnchorException} whose kind says
 * which property failed and whose message reads "got X, want Y".
 */
public final class AnchorVerifier {

    private static final HexFormat HEX = HexFormat.of();

    private AnchorVerifier() {
    }

    /**
     * The tree head names {@code gatewayId} and is signed by one of {@code gatewayKeys} (the
     * gateway's registered keys). Returns the key that verified it.
     */
    public static PublicKey verifyTreeHead(Signed<TreeHead> head, String gatewayId, List<PublicKey> gatewayKeys)
            throws AnchorException {
        if (!head.statement().gatewayId().equals(gatewayId)) {
            throw new AnchorException(Kind.GATEWAY, "tree head gateway", head.statement().gatewayId(), gatewayId);
        }
        return head.verifyAny(gatewayKeys);
    }

    /**
     * {@code anchor}'s tree extends the {@code recorded} one: same gateway and suite, a size no
     * smaller, the same root at the same size, and otherwise a consistency proof from exactly
     * the recorded size that reproduces both roots. Does not check the signature.
     */
    public static void verifyExtends(TreeHead recorded, Anchor anchor) throws AnchorException {
        TreeHead head = anchor.head();
        if (!head.gatewayId().equals(recorded.gatewayId())) {
            throw new AnchorException(Kind.GATEWAY, "anchor gateway", head.gatewayId(), recorded.gatewayId());
        }
        if (head.suite() != recorded.suite()) {
            throw new AnchorException(Kind.INCONSISTENT, "suite of " + head.gatewayId() + "'s log",
                    head.suite().label(), recorded.suite().label());
        }
        long size = head.treeSize();
        long recordedSize = recorded.treeSize();
        if (size < recordedSize) {
            throw new AnchorException(Kind.STALE, "tree size of " + head.gatewayId(), Long.toString(size),
                    recordedSize + " or more (the recorded size)");
        }
        if (size == recordedSize) {
            if (!Arrays.equals(head.rootHash(), recorded.rootHash())) {
                throw new AnchorException(Kind.FORK, head.gatewayId() + " signed two roots for tree size " + size
                        + "; root", HEX.formatHex(head.rootHash()), HEX.formatHex(recorded.rootHash()));
            }
            return;
        }
        if (anchor.prevSize() != recordedSize) {
            throw new AnchorException(Kind.BASE_MISMATCH, "consistency proof of " + head.gatewayId() + " starts at size",
                    Long.toString(anchor.prevSize()), recordedSize + " (the recorded size)");
        }
        try {
            ProofVerifier.verifyConsistency(new MerkleHasher(head.suite().hash()), recordedSize, size,
                    anchor.consistencyPath(), recorded.rootHash(), head.rootHash());
        } catch (ProofException e) {
            throw new AnchorException(Kind.INCONSISTENT, head.gatewayId() + "'s tree of " + size
                    + " blocks does not extend the recorded tree of " + recordedSize + ": " + e.getMessage(),
                    e.calculated().map(HEX::formatHex).orElse(null), e.expected().map(HEX::formatHex).orElse(null), e);
        }
    }

    /**
     * {@code receipt} is signed by one of {@code nodeKeys} and covers exactly {@code head}
     * (gateway, size, root). Returns the node key that verified it.
     */
    public static PublicKey verifyReceipt(Signed<AnchorReceipt> receipt, List<PublicKey> nodeKeys, TreeHead head)
            throws AnchorException {
        PublicKey key = receipt.verifyAny(nodeKeys);
        AnchorReceipt r = receipt.statement();
        if (!r.gatewayId().equals(head.gatewayId())) {
            throw new AnchorException(Kind.RECEIPT_MISMATCH, "receipt gateway", r.gatewayId(), head.gatewayId());
        }
        if (r.treeSize() != head.treeSize()) {
            throw new AnchorException(Kind.RECEIPT_MISMATCH, "receipt tree size", Long.toString(r.treeSize()),
                    Long.toString(head.treeSize()));
        }
        if (!Arrays.equals(r.rootHash(), head.rootHash())) {
            throw new AnchorException(Kind.RECEIPT_MISMATCH, "receipt root for tree size " + r.treeSize(),
                    HEX.formatHex(r.rootHash()), HEX.formatHex(head.rootHash()));
        }
        return key;
    }

    /** {@code rejection} is signed by one of {@code nodeKeys} and is about {@code gatewayId}. */
    public static PublicKey verifyRejection(Signed<AnchorRejection> rejection, List<PublicKey> nodeKeys, String gatewayId)
            throws AnchorException {
        PublicKey key = rejection.verifyAny(nodeKeys);
        if (!rejection.statement().gatewayId().equals(gatewayId)) {
            throw new AnchorException(Kind.GATEWAY, "rejection gateway", rejection.statement().gatewayId(), gatewayId);
        }
        return key;
    }

    /**
     * The block of {@code header} is leaf {@code header.height()} of the block-hash log that
     * {@code head} signs: same gateway and suite, height below the tree size, and the RFC 9162
     * inclusion {@code path} from {@code H(0x00 ‖ blockHash)} to the head's root.
     */
    public static void verifyBlockInTree(MicroBlockHeader header, TreeHead head, List<byte[]> path) throws AnchorException {
        if (!header.gatewayId().equals(head.gatewayId())) {
            throw new AnchorException(Kind.GATEWAY, "tree head gateway", head.gatewayId(), header.gatewayId() + " (the block's)");
        }
        if (header.suite() != head.suite()) {
            throw new AnchorException(Kind.SUITE, "tree head suite", head.suite().label(), header.suite().label() + " (the block's)");
        }
        MerkleHasher hasher = new MerkleHasher(head.suite().hash());
        try {
            ProofVerifier.verifyInclusion(hasher, header.height(), head.treeSize(), hasher.leafHash(header.hash()), path,
                    head.rootHash());
        } catch (ProofException e) {
            throw new AnchorException(Kind.BLOCK_INCLUSION, "block " + header.height() + " in the tree head of "
                    + head.treeSize() + " blocks: " + e.getMessage(),
                    e.calculated().map(HEX::formatHex).orElse(null), e.expected().map(HEX::formatHex).orElse(null), e);
        }
    }
}
