package cn.bsnedge.ledger.anchor;

import cn.bsnedge.ledger.merkle.MerkleHasher;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The append-only state of an RFC 9162 tree over leaves {@code 0 .. size-1}: the hashes of the
 * perfect subtrees its binary decomposition splits into ("peaks"), largest (leftmost) first.
 * At most 63 hashes, whatever the size; enough to append and to compute the root, as
 * transparency-dev/merkle {@code compact.Range} does for a range starting at 0.
 *
 * <p>Peak {@code i} belongs to the {@code i}-th highest set bit {@code k} of {@code size}: it is
 * node {@code (k, (size >> k) - 1)}. An immutable value; {@link #append} returns a new range
 * and reports every node it completes, so a caller can persist them for proofs.
 */
public final class CompactRange {

    /** Receives each perfect-subtree node as it is completed. */
    @FunctionalInterface
    public interface NodeSink {
        void put(int level, long index, byte[] hash);
    }

    private final MerkleHasher hasher;
    private final long size;
    private final List<byte[]> peaks;

    private CompactRange(MerkleHasher hasher, long size, List<byte[]> peaks) {
        this.hasher = hasher;
        this.size = size;
        this.peaks = peaks;
    }

    /** The range of the empty tree. */
    public static CompactRange empty(MerkleHasher hasher) {
        return new CompactRange(Objects.requireNonNull(hasher, "hasher"), 0, List.of());
    }

    /**
     * The range of {@code size} leaves from its peaks, largest first (e.g. read back from a
     * {@link NodeStore}); {@code peaks.size()} must equal the number of set bits in {@code size}.
     */
    public static CompactRange of(MerkleHasher hasher, long size, List<byte[]> peaks) {
        Objects.requireNonNull(hasher, "hasher");
        if (size < 0) {
            throw new IllegalArgumentException("size " + size + " is negative");
        }
        if (peaks.size() != Long.bitCount(size)) {
            throw new IllegalArgumentException("a range of " + size + " leaves has " + Long.bitCount(size)
                    + " peaks, got " + peaks.size());
        }
        List<byte[]> copy = new ArrayList<>(peaks.size());
        for (byte[] p : peaks) {
            if (p.length != hasher.size()) {
                throw new IllegalArgumentException("peak of " + p.length + " bytes, want " + hasher.size());
            }
            copy.add(p.clone());
        }
        return new CompactRange(hasher, size, List.copyOf(copy));
    }

    public long size() {
        return size;
    }

    /** The peaks, largest first (fresh copies). */
    public List<byte[]> peaks() {
        return peaks.stream().map(byte[]::clone).toList();
    }

    /**
     * The range with one more leaf. {@code sink} receives the leaf as node {@code (0, size)}
     * and then every node the append completes, lowest level first.
     */
    public CompactRange append(byte[] leafHash, NodeSink sink) {
        Objects.requireNonNull(leafHash, "leafHash");
        if (leafHash.length != hasher.size()) {
            throw new IllegalArgumentException("leaf hash of " + leafHash.length + " bytes, want " + hasher.size());
        }
        if (size == Long.MAX_VALUE) {
            throw new IllegalStateException("the tree is full at 2^63-1 leaves");
        }
        List<byte[]> next = new ArrayList<>(peaks);
        byte[] node = leafHash.clone();
        int level = 0;
        long index = size;
        sink.put(level, index, node.clone());
        // Each set low bit of size is a peak of the same level as the node being carried: merge.
        while (((size >>> level) & 1) == 1) {
            node = hasher.nodeHash(next.removeLast(), node);
            level++;
            index >>>= 1;
            sink.put(level, index, node.clone());
        }
        next.add(node);
        return new CompactRange(hasher, size + 1, List.copyOf(next));
    }

    /** MTH of the leaves: the peaks folded from the right; the empty root for size 0. */
    public byte[] root() {
        if (peaks.isEmpty()) {
            return hasher.emptyRoot();
        }
        byte[] acc = peaks.getLast().clone();
        for (int i = peaks.size() - 2; i >= 0; i--) {
            acc = hasher.nodeHash(peaks.get(i), acc);
        }
        return acc;
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "CompactRange[size=" + size + ", peaks=" + peaks.stream().map(hex::formatHex).toList() + "]";
    }
}
