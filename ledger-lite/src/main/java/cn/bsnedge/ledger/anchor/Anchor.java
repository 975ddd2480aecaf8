package cn.bsnedge.ledger.anchor;

import cn.bsnedge.ledger.crypto.Signer;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.merkle.ConsistencyProof;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * What a gateway sends to anchor its chain (PROTOCOL.md §3.3): a signed tree head, plus the
 * RFC 9162 consistency proof from {@code prevSize} (the size the node last receipted; 0 for
 * the first anchor, which has no proof) to the head's size. The proof is not signed: it only
 * has to convince the node, which checks it against the head it recorded.
 *
 * <p>The record checks what is structural (sizes in order, no proof from 0, hash lengths); the
 * path's length and content are {@link AnchorVerifier}'s job, so a bad proof off the wire
 * still decodes and is rejected with a reason.
 */
public record Anchor(Signed<TreeHead> treeHead, long prevSize, List<byte[]> consistencyPath) {

    public Anchor {
        Objects.requireNonNull(treeHead, "treeHead");
        long size = treeHead.statement().treeSize();
        if (prevSize < 0 || prevSize > size) {
            throw new IllegalArgumentException("previous size " + prevSize + " is outside 0.." + size);
        }
        if (prevSize == 0 && !consistencyPath.isEmpty()) {
            throw new IllegalArgumentException("a first anchor (previous size 0) has no consistency proof, got "
                    + consistencyPath.size() + " hashes");
        }
        List<byte[]> copy = new ArrayList<>(consistencyPath.size());
        for (byte[] h : consistencyPath) {
            copy.add(Fields.requireHash(h, treeHead.statement().suite(), "consistency proof hash"));
        }
        consistencyPath = List.copyOf(copy);
    }

    /**
     * Signs the head of {@code log} at its current size and proves it extends {@code prevSize}
     * (0 for a gateway's first anchor).
     */
    public static Anchor create(BlockHashLog log, long prevSize, Signer signer, String gatewayId, long timestampMillis,
                                ClockQuality clock) throws GeneralSecurityException {
        return createAt(log, log.size(), prevSize, signer, gatewayId, timestampMillis, clock);
    }

    /**
     * Signs the head of the first {@code treeSize} blocks of {@code log}, with the proof from
     * {@code prevSize}. A gateway uses it to ask a node for a receipt it lost: the node answers a
     * tree head it already recorded with the receipt it issued then (PROTOCOL.md §3.7).
     */
    public static Anchor createAt(BlockHashLog log, long treeSize, long prevSize, Signer signer, String gatewayId,
                                  long timestampMillis, ClockQuality clock) throws GeneralSecurityException {
        if (!log.hasher().hashFunction().name().equals(signer.suite().hash().name())) {
            throw new IllegalArgumentException("the log hashes with " + log.hasher().hashFunction().name()
                    + " but the key is " + signer.suite().label());
        }
        TreeHead head = new TreeHead(signer.suite(), gatewayId, treeSize, log.root(treeSize), timestampMillis, clock);
        List<byte[]> path = prevSize == 0 ? List.of() : log.consistencyProof(prevSize, treeSize).path();
        return new Anchor(Signed.sign(head, signer), prevSize, path);
    }

    /** The tree head's statement. */
    public TreeHead head() {
        return treeHead.statement();
    }

    @Override
    public List<byte[]> consistencyPath() {
        return consistencyPath.stream().map(byte[]::clone).toList();
    }

    /** The proof from {@code prevSize} to the head's size; meaningful when {@code prevSize > 0}. */
    public ConsistencyProof consistencyProof() {
        return new ConsistencyProof(prevSize, head().treeSize(), consistencyPath);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Anchor a) || prevSize != a.prevSize || !treeHead.equals(a.treeHead)
                || consistencyPath.size() != a.consistencyPath.size()) {
            return false;
        }
        for (int i = 0; i < consistencyPath.size(); i++) {
            if (!Arrays.equals(consistencyPath.get(i), a.consistencyPath.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 31 * treeHead.hashCode() + Long.hashCode(prevSize);
        for (byte[] p : consistencyPath) {
            h = 31 * h + Arrays.hashCode(p);
        }
        return h;
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "Anchor[" + treeHead + ", from " + prevSize + ", proof=" + consistencyPath.stream().map(hex::formatHex).toList() + "]";
    }
}
