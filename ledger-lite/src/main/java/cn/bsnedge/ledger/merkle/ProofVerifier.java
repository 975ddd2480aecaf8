package cn.bsnedge.ledger.merkle;

import static cn.bsnedge.ledger.merkle.HashLists.toHex;

import cn.bsnedge.ledger.merkle.ProofException.Kind;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;

/**
 * Verifies RFC 9162 inclusion and consistency proofs. Pure functions, modelled on
 * transparency-dev/merkle {@code proof/verify.go}: a verifier (an auditor, a light client) needs
 * a {@link MerkleHasher} and the proof, never the tree.
 *
 * <p>Every method first checks sizes, the index and the number and length of the hashes, and only
 * then hashes. So a malformed proof fails with a structural {@link ProofException.Kind} that says
 * what is wrong with it, and only a well-formed proof for other data fails with a root mismatch.
 * The proof length is derived from the sizes as in verify.go ({@code decompInclProof}); the
 * hashing is the same as the iterative algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2.
 *
 * <p>Sizes and indices are signed {@code long}s; negative values are rejected.
 */
public final class ProofVerifier {

    private ProofVerifier() {}

    /**
     * Verifies that {@code leafHash} is the leaf at {@code index} of the tree of {@code size}
     * leaves whose root is {@code root}. Returns normally only if it is.
     *
     * <p>Take {@code size} and {@code root} together from one verified signed tree head. The
     * proof binds the root; it binds the size only through the path's shape, and sizes with the
     * same shape (e.g. 7 and 8 for leaf 5) hash identically, as in RFC 9162 §2.1.3.2.
     *
     * @throws ProofException if the proof does not verify; see {@link ProofException#kind()}
     */
    public static void verifyInclusion(MerkleHasher hasher, long index, long size, byte[] leafHash,
            List<byte[]> proof, byte[] root) throws ProofException {
        Objects.requireNonNull(root, "root");
        checkHashSize(hasher, "inclusion: root", root);
        byte[] calculated = rootFromInclusionProof(hasher, index, size, leafHash, proof);
        if (!MessageDigest.isEqual(calculated, root)) {
            throw new ProofException(Kind.ROOT_MISMATCH,
                    "inclusion: calculated root " + toHex(calculated) + " for leaf index " + index
                            + " in tree size " + size + ", want " + toHex(root),
                    root, calculated);
        }
    }

    /** {@link #verifyInclusion} for a proof value. */
    public static void verifyInclusion(MerkleHasher hasher, InclusionProof proof, byte[] leafHash,
            byte[] root) throws ProofException {
        verifyInclusion(hasher, proof.leafIndex(), proof.treeSize(), leafHash, proof.path(), root);
    }

    /**
     * The root of the tree of {@code size} leaves implied by an inclusion proof for {@code
     * leafHash} at {@code index}. Useful when the root is looked up by the result, e.g. to find
     * the signed tree head that a proof belongs to. Requires {@code 0 <= index < size}.
     *
     * @throws ProofException if index, size or proof are malformed; never a root mismatch
     */
    public static byte[] rootFromInclusionProof(MerkleHasher hasher, long index, long size,
            byte[] leafHash, List<byte[]> proof) throws ProofException {
        Objects.requireNonNull(hasher, "hasher");
        Objects.requireNonNull(leafHash, "leafHash");
        Objects.requireNonNull(proof, "proof");
        if (size < 0) {
            throw new ProofException(Kind.BAD_SIZES,
                    "inclusion: tree size " + size + " is negative, want 1 or more");
        }
        if (index < 0 || index >= size) {
            throw new ProofException(Kind.INDEX_OUT_OF_RANGE, size == 0
                    ? "inclusion: leaf index " + index + " in tree size 0: the empty tree has no leaves"
                    : "inclusion: leaf index " + index + " is outside 0.." + (size - 1)
                            + " for tree size " + size);
        }
        checkHashSize(hasher, "inclusion: leaf hash", leafHash);
        int inner = innerProofSize(index, size);
        int border = Long.bitCount(index >>> inner);
        if (proof.size() != inner + border) {
            throw new ProofException(Kind.WRONG_PROOF_SIZE,
                    "inclusion: proof has " + proof.size() + " hashes, want " + (inner + border)
                            + " for leaf index " + index + " in tree size " + size);
        }
        checkProofHashes(hasher, "inclusion", proof);

        byte[] result = chainInner(hasher, leafHash, proof.subList(0, inner), index);
        return chainBorderRight(hasher, result, proof.subList(inner, proof.size()));
    }

    /**
     * Verifies that the tree of {@code size1} leaves with root {@code root1} is a prefix of the
     * tree of {@code size2} leaves with root {@code root2}. Returns normally only if it is.
     *
     * <p>{@code size1 == size2} (including 0) needs an empty proof and equal roots. A proof from
     * {@code size1 == 0} to a larger tree is rejected with {@link Kind#BAD_SIZES}: RFC 9162
     * §2.1.4 defines {@code PROOF(m, D[n])} only for {@code 0 < m}, every tree trivially extends
     * the empty one, and accepting such a "proof" would let a caller believe {@code root1} had
     * been checked when nothing was (transparency-dev/merkle does the same).
     *
     * @throws ProofException if the proof does not verify; see {@link ProofException#kind()}
     */
    public static void verifyConsistency(MerkleHasher hasher, long size1, long size2,
            List<byte[]> proof, byte[] root1, byte[] root2) throws ProofException {
        Objects.requireNonNull(root2, "root2");
        checkSizes(size1, size2);
        checkHashSize(hasher, "consistency: root2", root2);
        byte[] calculated = rootFromConsistencyProof(hasher, size1, size2, proof, root1);
        if (!MessageDigest.isEqual(calculated, root2)) {
            throw new ProofException(Kind.CONSISTENCY_ROOT2_MISMATCH,
                    "consistency: calculated root2 " + toHex(calculated) + " for size2 " + size2
                            + ", want " + toHex(root2),
                    root2, calculated);
        }
    }

    /** {@link #verifyConsistency} for a proof value. */
    public static void verifyConsistency(MerkleHasher hasher, ConsistencyProof proof, byte[] root1,
            byte[] root2) throws ProofException {
        verifyConsistency(hasher, proof.size1(), proof.size2(), proof.path(), root1, root2);
    }

    /**
     * The root of the tree of {@code size2} leaves implied by a consistency proof from the tree
     * of {@code size1} leaves with root {@code root1}, after checking that the proof reproduces
     * {@code root1}. For {@code size1 == size2} that is {@code root1} itself.
     *
     * @throws ProofException if sizes or proof are malformed, or with {@link
     *     Kind#CONSISTENCY_ROOT1_MISMATCH} if the proof does not lead to {@code root1}
     */
    public static byte[] rootFromConsistencyProof(MerkleHasher hasher, long size1, long size2,
            List<byte[]> proof, byte[] root1) throws ProofException {
        Objects.requireNonNull(hasher, "hasher");
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(root1, "root1");
        checkSizes(size1, size2);
        checkHashSize(hasher, "consistency: root1", root1);
        if (size1 == size2) {
            if (!proof.isEmpty()) {
                throw new ProofException(Kind.WRONG_PROOF_SIZE,
                        "consistency: proof has " + proof.size() + " hashes, want 0 for size1 = size2 = "
                                + size1);
            }
            return root1.clone();
        }
        // The proof is, in effect, the upper part of the inclusion proof for leaf size1 - 1 in
        // the tree of size2, above the largest perfect subtree that ends at size1 (2^shift
        // leaves). Its root is the seed: root1 itself if size1 is a power of two, else proof[0].
        int inner = innerProofSize(size1 - 1, size2);
        int border = Long.bitCount((size1 - 1) >>> inner);
        int shift = Long.numberOfTrailingZeros(size1);
        inner -= shift; // shift < inner because size1 < size2
        boolean seedIsRoot1 = size1 == Long.lowestOneBit(size1);
        int start = seedIsRoot1 ? 0 : 1;
        if (proof.size() != start + inner + border) {
            throw new ProofException(Kind.WRONG_PROOF_SIZE,
                    "consistency: proof has " + proof.size() + " hashes, want "
                            + (start + inner + border) + " for size1 " + size1 + " and size2 " + size2);
        }
        checkProofHashes(hasher, "consistency", proof);

        byte[] seed = seedIsRoot1 ? root1 : proof.get(0);
        List<byte[]> innerPart = proof.subList(start, start + inner);
        List<byte[]> borderPart = proof.subList(start + inner, proof.size());
        long mask = (size1 - 1) >>> shift;

        byte[] hash1 = chainBorderRight(hasher, chainInnerRight(hasher, seed, innerPart, mask), borderPart);
        if (!MessageDigest.isEqual(hash1, root1)) {
            throw new ProofException(Kind.CONSISTENCY_ROOT1_MISMATCH,
                    "consistency: calculated root1 " + toHex(hash1) + " for size1 " + size1
                            + ", want " + toHex(root1),
                    root1, hash1);
        }
        return chainBorderRight(hasher, chainInner(hasher, seed, innerPart, mask), borderPart);
    }

    private static void checkSizes(long size1, long size2) throws ProofException {
        if (size1 < 0 || size2 < size1) {
            throw new ProofException(Kind.BAD_SIZES,
                    "consistency: sizes " + size1 + " -> " + size2 + ", want 0 <= size1 <= size2");
        }
        if (size1 == 0 && size2 > 0) {
            throw new ProofException(Kind.BAD_SIZES,
                    "consistency: size1 0 < size2 " + size2 + ": a proof from the empty tree is"
                            + " undefined (RFC 9162 §2.1.4 requires 0 < size1), want size1 in 1.."
                            + size2);
        }
    }

    private static void checkHashSize(MerkleHasher hasher, String what, byte[] hash)
            throws ProofException {
        if (hash.length != hasher.size()) {
            throw new ProofException(Kind.WRONG_HASH_SIZE, what + " has " + hash.length
                    + " bytes, want " + hasher.size() + " (" + hasher.hashFunction().name() + ")");
        }
    }

    private static void checkProofHashes(MerkleHasher hasher, String what, List<byte[]> proof)
            throws ProofException {
        for (int i = 0; i < proof.size(); i++) {
            byte[] h = Objects.requireNonNull(proof.get(i), "proof element is null");
            checkHashSize(hasher, what + ": proof[" + i + "]", h);
        }
    }

    /**
     * Number of proof hashes below the level where the paths to {@code index} and to the last
     * leaf {@code size - 1} meet (verify.go {@code innerProofSize}).
     */
    static int innerProofSize(long index, long size) {
        return 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
    }

    /** Chains hashes at or below the right border; bit i of index says which side we are on. */
    private static byte[] chainInner(MerkleHasher hasher, byte[] seed, List<byte[]> proof, long index) {
        for (int i = 0; i < proof.size(); i++) {
            seed = ((index >>> i) & 1) == 0
                    ? hasher.nodeHash(seed, proof.get(i))
                    : hasher.nodeHash(proof.get(i), seed);
        }
        return seed;
    }

    /** Like chainInner, but uses only left siblings: rebuilds the older, smaller subtree. */
    private static byte[] chainInnerRight(MerkleHasher hasher, byte[] seed, List<byte[]> proof,
            long index) {
        for (int i = 0; i < proof.size(); i++) {
            if (((index >>> i) & 1) == 1) {
                seed = hasher.nodeHash(proof.get(i), seed);
            }
        }
        return seed;
    }

    /** Along the right border every sibling is a left sibling. */
    private static byte[] chainBorderRight(MerkleHasher hasher, byte[] seed, List<byte[]> proof) {
        for (byte[] h : proof) {
            seed = hasher.nodeHash(h, seed);
        }
        return seed;
    }
}
