package cn.bsnedge.ledger.anchor;

import cn.bsnedge.ledger.merkle.ConsistencyProof;
import cn.bsnedge.ledger.merkle.InclusionProof;
import cn.bsnedge.ledger.merkle.MerkleHasher;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A gateway's block-hash log (PROTOCOL.md §3.1): the RFC 9162 tree whose leaf {@code i} is the
 * block hash of height {@code i}, so leaf hash {@code i} = {@code H(0x00 ‖ blockHash(i))}. A
 * signed tree head over it commits to the gateway's whole chain up to a height; consistency
 * proofs between two heads show the chain only grew in between.
 *
 * <p>Memory: a {@link CompactRange} (at most 63 hashes); every other node lives in the {@link
 * NodeStore}. Roots of any prefix and every proof read {@code O(log n)} nodes and hash as many.
 * The proof construction is {@code MerkleTree}'s, with its in-memory levels replaced by the
 * store.
 *
 * <p>Single writer: not thread-safe. Append block hashes in height order, exactly once each.
 */
public final class BlockHashLog {

    private final MerkleHasher hasher;
    private final NodeStore nodes;
    private CompactRange range;

    private BlockHashLog(MerkleHasher hasher, NodeStore nodes, CompactRange range) {
        this.hasher = hasher;
        this.nodes = nodes;
        this.range = range;
    }

    /** An empty log writing its nodes to {@code nodes}, which must be empty. */
    public static BlockHashLog create(MerkleHasher hasher, NodeStore nodes) {
        return new BlockHashLog(hasher, Objects.requireNonNull(nodes, "nodes"), CompactRange.empty(hasher));
    }

    /**
     * Reopens a log of {@code size} leaves whose nodes are in {@code nodes} (after a restart).
     *
     * @throws IllegalStateException if a node the log needs is missing: the store holds fewer
     *     leaves than {@code size} (append the missing block hashes to a log opened at the
     *     store's real size instead)
     */
    public static BlockHashLog open(MerkleHasher hasher, NodeStore nodes, long size) {
        Objects.requireNonNull(nodes, "nodes");
        if (size < 0) {
            throw new IllegalArgumentException("log size " + size + " is negative");
        }
        List<byte[]> peaks = new ArrayList<>(Long.bitCount(size));
        for (int k = 63; k >= 0; k--) {
            if (((size >>> k) & 1) == 1) {
                int level = k;
                long index = (size >>> k) - 1;
                peaks.add(nodes.get(level, index).orElseThrow(() -> missing(level, index, size)));
            }
        }
        return new BlockHashLog(hasher, nodes, CompactRange.of(hasher, size, peaks));
    }

    public MerkleHasher hasher() {
        return hasher;
    }

    /** Number of leaves: the height of the next block to append. */
    public long size() {
        return range.size();
    }

    /** The current state, e.g. to persist with the gateway's outbox. */
    public CompactRange range() {
        return range;
    }

    /** Appends the block hash of height {@link #size()}. */
    public void append(byte[] blockHash) {
        Objects.requireNonNull(blockHash, "blockHash");
        if (blockHash.length != hasher.size()) {
            throw new IllegalArgumentException("block hash of " + blockHash.length + " bytes, want " + hasher.size()
                    + " (" + hasher.hashFunction().name() + ")");
        }
        range = range.append(hasher.leafHash(blockHash), nodes::put);
    }

    /** MTH of the whole log; the empty root for size 0. */
    public byte[] root() {
        return range.root();
    }

    /** MTH of the first {@code treeSize} leaves, {@code 0 <= treeSize <= size()}. */
    public byte[] root(long treeSize) {
        checkTreeSize(treeSize);
        return treeSize == size() ? range.root() : rangeHash(0, treeSize);
    }

    /** The leaf hash of height {@code index}: {@code H(0x00 ‖ blockHash(index))}. */
    public byte[] leafHash(long index) {
        checkIndex(index, size());
        return node(0, index);
    }

    /** RFC 9162 PATH of block {@code height} in the tree of the first {@code treeSize} blocks. */
    public InclusionProof inclusionProof(long height, long treeSize) {
        checkTreeSize(treeSize);
        checkIndex(height, treeSize);
        return new InclusionProof(height, treeSize, pathAbove(0, height, treeSize));
    }

    /**
     * RFC 9162 PROOF that the first {@code size1} blocks are a prefix of the first {@code size2}:
     * {@code 0 < size1 <= size2 <= size()}, or {@code size1 == size2 == 0}.
     */
    public ConsistencyProof consistencyProof(long size1, long size2) {
        checkTreeSize(size2);
        if (size1 == size2) {
            return new ConsistencyProof(size1, size2, List.of());
        }
        if (size1 < 1 || size1 > size2) {
            throw new IllegalArgumentException("size1 " + size1 + " is outside 1.." + size2 + " for size2 " + size2
                    + (size1 == 0 ? ": RFC 9162 §2.1.4 defines consistency only from a non-empty tree" : ""));
        }
        int level = Long.numberOfTrailingZeros(size1);
        List<byte[]> above = pathAbove(level, size1 - 1, size2);
        if (size1 == Long.lowestOneBit(size1)) {
            return new ConsistencyProof(size1, size2, above);
        }
        List<byte[]> path = new ArrayList<>(above.size() + 1);
        path.add(node(level, (size1 - 1) >>> level));
        path.addAll(above);
        return new ConsistencyProof(size1, size2, path);
    }

    /** See {@code MerkleTree.pathAbove}: the same decomposition over stored nodes. */
    private List<byte[]> pathAbove(int fromLevel, long index, long treeSize) {
        int inner = 64 - Long.numberOfLeadingZeros(index ^ (treeSize - 1));
        List<byte[]> path = new ArrayList<>();
        for (int i = fromLevel; i < inner; i++) {
            long sibling = (index >>> i) ^ 1;
            long start = sibling << i;
            path.add(start + (1L << i) <= treeSize ? node(i, sibling) : rangeHash(start, treeSize));
        }
        for (int i = Math.max(fromLevel, inner); i < 63 && (index >>> i) != 0; i++) {
            if (((index >>> i) & 1) == 1) {
                path.add(node(i, (index >>> i) ^ 1));
            }
        }
        return Collections.unmodifiableList(path);
    }

    /** MTH of leaves {@code start .. end-1}, {@code start} aligned as in {@code MerkleTree.rangeHash}. */
    private byte[] rangeHash(long start, long end) {
        long remaining = end - start;
        if (remaining == 0) {
            return hasher.emptyRoot();
        }
        byte[] acc = null;
        long pos = end;
        while (remaining != 0) {
            int k = Long.numberOfTrailingZeros(remaining);
            pos -= 1L << k;
            byte[] n = node(k, pos >>> k);
            acc = acc == null ? n : hasher.nodeHash(n, acc);
            remaining &= remaining - 1;
        }
        return acc;
    }

    private byte[] node(int level, long index) {
        byte[] h = nodes.get(level, index).orElseThrow(() -> missing(level, index, size()));
        if (h.length != hasher.size()) {
            throw new IllegalStateException("node (" + level + ", " + index + ") in the store has " + h.length
                    + " bytes, want " + hasher.size());
        }
        return h;
    }

    private static IllegalStateException missing(int level, long index, long size) {
        return new IllegalStateException("node (" + level + ", " + index + ") of the block-hash log of " + size
                + " blocks is missing from the node store; the store holds fewer blocks than the log claims");
    }

    private void checkTreeSize(long treeSize) {
        if (treeSize < 0 || treeSize > size()) {
            throw new IllegalArgumentException("tree size " + treeSize + " is outside 0.." + size()
                    + " (the log has " + size() + " blocks)");
        }
    }

    private static void checkIndex(long index, long treeSize) {
        if (index < 0 || index >= treeSize) {
            throw new IllegalArgumentException(treeSize == 0 ? "height " + index + " is outside the empty tree"
                    : "height " + index + " is outside 0.." + (treeSize - 1) + " for tree size " + treeSize);
        }
    }

    @Override
    public String toString() {
        return "BlockHashLog[" + hasher.hashFunction().name() + ", size=" + size() + ", root="
                + HexFormat.of().formatHex(root()) + "]";
    }
}
