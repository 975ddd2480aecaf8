package cn.bsnedge.ledger.merkle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An immutable RFC 9162 Merkle tree over a fixed list of leaf hashes, with the root of the whole
 * tree and of every prefix, and inclusion and consistency proofs (RFC 9162 §2.1.3, §2.1.4).
 *
 * <p>The tree takes leaf <em>hashes</em>, not entries: callers hash their entries with {@link
 * MerkleHasher#leafHash} (or use {@link #fromLeafData}) so that a block can be rebuilt from
 * stored leaf hashes without the entries themselves.
 *
 * <p>Construction hashes every perfect subtree once, bottom-up: about {@code n} node hashes for
 * {@code n} leaves, kept in memory (about {@code 2n} hashes). The root is folded from the perfect
 * subtrees in {@code O(log n)} and cached, so {@link #root()} costs a copy. Prefix roots and
 * proofs reuse the stored subtrees and cost {@code O(log n)} hashes each; the one subtree on a
 * proof path that is not perfect (the right border of a prefix tree) is folded on demand.
 *
 * <p>Subtree layout: {@code levels[k][j]} is the hash of the perfect subtree of the {@code 2^k}
 * leaves {@code j*2^k .. (j+1)*2^k - 1}. RFC 9162's split "largest power of two smaller than
 * {@code n}" always puts a perfect subtree on the left, so every tree hash is a right fold of
 * such subtrees.
 *
 * <p>Thread-safe: nothing changes after construction, and every returned array is a copy.
 */
public final class MerkleTree {

    private final MerkleHasher hasher;
    private final byte[][][] levels;
    private final int size;
    private final byte[] root;

    private MerkleTree(MerkleHasher hasher, byte[][] leafHashes) {
        this.hasher = hasher;
        this.size = leafHashes.length;
        int height = size == 0 ? 1 : 32 - Integer.numberOfLeadingZeros(size);
        this.levels = new byte[height][][];
        levels[0] = leafHashes;
        for (int k = 1; k < height; k++) {
            byte[][] below = levels[k - 1];
            byte[][] level = new byte[below.length / 2][];
            for (int j = 0; j < level.length; j++) {
                level[j] = hasher.nodeHash(below[2 * j], below[2 * j + 1]);
            }
            levels[k] = level;
        }
        this.root = rangeHash(0, size);
    }

    /**
     * A tree over leaf hashes (each {@code hasher.size()} bytes, e.g. from {@link
     * MerkleHasher#leafHash}). The list and arrays are copied.
     *
     * @throws IllegalArgumentException if a leaf hash has the wrong length
     */
    public static MerkleTree fromLeafHashes(MerkleHasher hasher, List<byte[]> leafHashes) {
        Objects.requireNonNull(hasher, "hasher");
        Objects.requireNonNull(leafHashes, "leafHashes");
        byte[][] leaves = new byte[leafHashes.size()][];
        for (int i = 0; i < leaves.length; i++) {
            byte[] h = Objects.requireNonNull(leafHashes.get(i), "leafHashes[" + i + "]");
            if (h.length != hasher.size()) {
                throw new IllegalArgumentException("leafHashes[" + i + "] has " + h.length
                        + " bytes, want " + hasher.size() + " (" + hasher.hashFunction().name()
                        + "); pass leaf hashes, or use fromLeafData for raw entries");
            }
            leaves[i] = h.clone();
        }
        return new MerkleTree(hasher, leaves);
    }

    /** A tree over raw entries: hashes each with {@link MerkleHasher#leafHash} first. */
    public static MerkleTree fromLeafData(MerkleHasher hasher, List<byte[]> leafData) {
        Objects.requireNonNull(hasher, "hasher");
        Objects.requireNonNull(leafData, "leafData");
        byte[][] leaves = new byte[leafData.size()][];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = hasher.leafHash(Objects.requireNonNull(leafData.get(i), "leafData[" + i + "]"));
        }
        return new MerkleTree(hasher, leaves);
    }

    public MerkleHasher hasher() {
        return hasher;
    }

    /** Number of leaves. */
    public long size() {
        return size;
    }

    /** The leaf hash at {@code index}, {@code 0 <= index < size()}. */
    public byte[] leafHash(long index) {
        checkIndex(index, size);
        return levels[0][(int) index].clone();
    }

    /** MTH of the whole tree; {@link MerkleHasher#emptyRoot()} for an empty tree. */
    public byte[] root() {
        return root.clone();
    }

    /** MTH of the first {@code size} leaves, {@code 0 <= size <= size()}. */
    public byte[] root(long size) {
        checkTreeSize(size, 0);
        return size == this.size ? root.clone() : rangeHash(0, size);
    }

    /** PATH for the leaf at {@code index} in the whole tree. */
    public InclusionProof inclusionProof(long index) {
        return inclusionProof(index, size);
    }

    /**
     * PATH (RFC 9162 §2.1.3.1) for the leaf at {@code index} in the tree of the first {@code
     * treeSize} leaves, {@code 0 <= index < treeSize <= size()}. Empty when {@code treeSize == 1}.
     */
    public InclusionProof inclusionProof(long index, long treeSize) {
        checkTreeSize(treeSize, 0);
        checkIndex(index, treeSize);
        return new InclusionProof(index, treeSize, pathAbove(0, index, treeSize));
    }

    /** PROOF (RFC 9162 §2.1.4.1) from the tree of {@code oldSize} leaves to the whole tree. */
    public ConsistencyProof consistencyProof(long oldSize) {
        return consistencyProof(oldSize, size);
    }

    /**
     * PROOF (RFC 9162 §2.1.4.1) that the first {@code size1} leaves are a prefix of the first
     * {@code size2} leaves. Valid arguments: {@code 0 < size1 <= size2 <= size()}, or {@code
     * size1 == size2 == 0}. Empty when {@code size1 == size2}.
     *
     * <p>{@code size1 == 0 < size2} is rejected: RFC 9162 defines {@code PROOF(m, D[n])} only for
     * {@code 0 < m}, and {@link ProofVerifier#verifyConsistency} rejects such a proof too.
     */
    public ConsistencyProof consistencyProof(long size1, long size2) {
        checkTreeSize(size2, 0);
        if (size1 == size2) {
            return new ConsistencyProof(size1, size2, List.of());
        }
        if (size1 < 1 || size1 > size2) {
            throw new IllegalArgumentException("size1 " + size1 + " is outside 1.." + size2
                    + " for size2 " + size2 + (size1 == 0
                            ? ": RFC 9162 §2.1.4 defines consistency only from a non-empty tree"
                            : ""));
        }
        // The largest perfect subtree ending at size1 sits at level `level`. The proof is that
        // subtree's hash (left out when it is the whole old tree, i.e. size1 is a power of two,
        // since the verifier has it as root1) followed by its inclusion path in the new tree.
        int level = Long.numberOfTrailingZeros(size1);
        List<byte[]> above = pathAbove(level, size1 - 1, size2);
        if (size1 == Long.lowestOneBit(size1)) {
            return new ConsistencyProof(size1, size2, above);
        }
        List<byte[]> path = new ArrayList<>(above.size() + 1);
        path.add(levels[level][(int) ((size1 - 1) >>> level)]);
        path.addAll(above);
        return new ConsistencyProof(size1, size2, path);
    }

    /**
     * The inclusion path, from {@code fromLevel} up, of the node at that level that contains leaf
     * {@code index}, in the tree of the first {@code treeSize} leaves. Below level {@code inner}
     * the paths to {@code index} and to the last leaf differ, and a sibling can be on either
     * side; the topmost such right sibling may be cut off by the tree's right border and is then
     * folded. At and above {@code inner} the node is on the right border and only has left
     * siblings, which are perfect. (Same decomposition as {@link ProofVerifier}.)
     */
    private List<byte[]> pathAbove(int fromLevel, long index, long treeSize) {
        int inner = ProofVerifier.innerProofSize(index, treeSize);
        List<byte[]> path = new ArrayList<>();
        for (int i = fromLevel; i < inner; i++) {
            long sibling = (index >>> i) ^ 1;
            long start = sibling << i;
            if (start + (1L << i) <= treeSize) {
                path.add(levels[i][(int) sibling]);
            } else {
                path.add(rangeHash(start, treeSize));
            }
        }
        for (int i = Math.max(fromLevel, inner); i < 63 && (index >>> i) != 0; i++) {
            if (((index >>> i) & 1) == 1) {
                path.add(levels[i][(int) ((index >>> i) ^ 1)]);
            }
        }
        return Collections.unmodifiableList(path); // the proof record copies the arrays
    }

    /**
     * MTH of leaves {@code start .. end-1}, where {@code start} is a multiple of a power of two
     * greater than {@code end - start} (true for 0 and for every right sibling cut by the
     * border). Folds the perfect subtrees of the binary decomposition from the right: the RFC
     * split puts the largest one (the highest bit) leftmost. Returns a fresh array.
     */
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
            byte[] node = levels[k][(int) (pos >>> k)];
            acc = acc == null ? node.clone() : hasher.nodeHash(node, acc);
            remaining &= remaining - 1;
        }
        return acc;
    }

    private void checkTreeSize(long treeSize, long min) {
        if (treeSize < min || treeSize > size) {
            throw new IllegalArgumentException(
                    "tree size " + treeSize + " is outside " + min + ".." + size
                            + " (this tree has " + size + " leaves)");
        }
    }

    private static void checkIndex(long index, long treeSize) {
        if (index < 0 || index >= treeSize) {
            throw new IllegalArgumentException(treeSize == 0
                    ? "leaf index " + index + " is outside the empty tree (size 0 has no leaves)"
                    : "leaf index " + index + " is outside 0.." + (treeSize - 1)
                            + " for tree size " + treeSize);
        }
    }

    @Override
    public String toString() {
        return "MerkleTree[" + hasher.hashFunction().name() + ", size=" + size + ", root="
                + HashLists.toHex(root) + "]";
    }
}
