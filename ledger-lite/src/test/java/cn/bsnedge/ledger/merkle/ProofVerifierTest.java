package cn.bsnedge.ledger.merkle;

import static cn.bsnedge.ledger.merkle.CtVectors.hex;
import static cn.bsnedge.ledger.merkle.ProofException.Kind.BAD_SIZES;
import static cn.bsnedge.ledger.merkle.ProofException.Kind.CONSISTENCY_ROOT1_MISMATCH;
import static cn.bsnedge.ledger.merkle.ProofException.Kind.CONSISTENCY_ROOT2_MISMATCH;
import static cn.bsnedge.ledger.merkle.ProofException.Kind.INDEX_OUT_OF_RANGE;
import static cn.bsnedge.ledger.merkle.ProofException.Kind.ROOT_MISMATCH;
import static cn.bsnedge.ledger.merkle.ProofException.Kind.WRONG_HASH_SIZE;
import static cn.bsnedge.ledger.merkle.ProofException.Kind.WRONG_PROOF_SIZE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.bsnedge.ledger.merkle.ProofException.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Tampered proofs fail with the expected {@link Kind}. Base cases: leaf 5 of the 8-leaf CT tree
 * (proof length 3) and consistency 6 -> 8, both published vectors (see {@link CtVectors}).
 */
class ProofVerifierTest {

    private final MerkleHasher h = Sha256.HASHER;
    private final MerkleTree tree8 = MerkleTree.fromLeafData(h, CtVectors.leafData(8));

    private final long index = 5;
    private final long size = 8;
    private final byte[] leaf = tree8.leafHash(5);
    private final List<byte[]> path = tree8.inclusionProof(5).path();
    private final byte[] root = CtVectors.root(8);

    private final List<byte[]> cpath = tree8.consistencyProof(6, 8).path();
    private final byte[] root6 = CtVectors.root(6);

    private static ProofException fails(Kind kind, Executable e) {
        ProofException ex = assertThrows(ProofException.class, e);
        assertEquals(kind, ex.kind(), ex.getMessage());
        return ex;
    }

    private static List<byte[]> with(List<byte[]> p, int i, byte[] v) {
        List<byte[]> c = new ArrayList<>(p);
        c.set(i, v);
        return c;
    }

    private static byte[] flip(byte[] b, int bit) {
        byte[] c = b.clone();
        c[0] ^= (byte) (1 << bit);
        return c;
    }

    private static List<byte[]> plus(List<byte[]> p, byte[] v) {
        List<byte[]> c = new ArrayList<>(p);
        c.add(v);
        return c;
    }

    // ---- inclusion ----

    @Test
    void verifyInclusion_genuineProof_passes() throws ProofException {
        ProofVerifier.verifyInclusion(h, index, size, leaf, path, root);
    }

    @Test
    void verifyInclusion_flippedPathByte_failsWithRootMismatch() {
        for (int i = 0; i < path.size(); i++) {
            int at = i;
            ProofException e = fails(ROOT_MISMATCH,
                    () -> ProofVerifier.verifyInclusion(h, index, size, leaf, with(path, at, flip(path.get(at), 3)), root));
            assertArrayEquals(root, e.expected().orElseThrow());
            assertTrue(e.calculated().isPresent());
        }
    }

    @Test
    void verifyInclusion_rootMismatch_messageSaysCalculatedThenWant() {
        byte[] wrongRoot = CtVectors.root(7);
        ProofException e = fails(ROOT_MISMATCH,
                () -> ProofVerifier.verifyInclusion(h, index, size, leaf, path, wrongRoot));
        assertEquals("inclusion: calculated root " + CtVectors.ROOTS.get(7)
                + " for leaf index 5 in tree size 8, want " + CtVectors.ROOTS.get(6), e.getMessage());
        assertArrayEquals(wrongRoot, e.expected().orElseThrow());
        assertArrayEquals(root, e.calculated().orElseThrow());
    }

    @Test
    void verifyInclusion_wrongLeaf_failsWithRootMismatch() {
        fails(ROOT_MISMATCH, () -> ProofVerifier.verifyInclusion(h, index, size, tree8.leafHash(4), path, root));
    }

    @Test
    void verifyInclusion_truncatedProof_failsWithWrongProofSize() {
        ProofException e = fails(WRONG_PROOF_SIZE,
                () -> ProofVerifier.verifyInclusion(h, index, size, leaf, path.subList(0, 2), root));
        assertEquals("inclusion: proof has 2 hashes, want 3 for leaf index 5 in tree size 8", e.getMessage());
        assertTrue(e.expected().isEmpty());
    }

    @Test
    void verifyInclusion_extraTrailingElement_failsWithWrongProofSize() {
        fails(WRONG_PROOF_SIZE, () -> ProofVerifier.verifyInclusion(h, index, size, leaf, plus(path, root), root));
        fails(WRONG_PROOF_SIZE, () -> ProofVerifier.verifyInclusion(h, index, size, leaf, plus(path, new byte[0]), root));
    }

    @Test
    void verifyInclusion_wrongIndexSameProofLength_failsWithRootMismatch() {
        fails(ROOT_MISMATCH, () -> ProofVerifier.verifyInclusion(h, 4, size, leaf, path, root));
        fails(ROOT_MISMATCH, () -> ProofVerifier.verifyInclusion(h, 6, size, leaf, path, root));
    }

    @Test
    void verifyInclusion_indexBeyondSize_failsWithIndexOutOfRange() {
        ProofException e = fails(INDEX_OUT_OF_RANGE, () -> ProofVerifier.verifyInclusion(h, 8, size, leaf, path, root));
        assertEquals("inclusion: leaf index 8 is outside 0..7 for tree size 8", e.getMessage());
        fails(INDEX_OUT_OF_RANGE, () -> ProofVerifier.verifyInclusion(h, -1, size, leaf, path, root));
    }

    @Test
    void verifyInclusion_emptyTree_failsWithIndexOutOfRange() {
        ProofException e = fails(INDEX_OUT_OF_RANGE,
                () -> ProofVerifier.verifyInclusion(h, 0, 0, leaf, List.of(), h.emptyRoot()));
        assertEquals("inclusion: leaf index 0 in tree size 0: the empty tree has no leaves", e.getMessage());
    }

    @Test
    void verifyInclusion_wrongSize_failsBeforeHashing() {
        // size * 2 needs 4 hashes, size / 2 needs 2: the count is wrong before any hashing.
        fails(WRONG_PROOF_SIZE, () -> ProofVerifier.verifyInclusion(h, index, 16, leaf, path, root));
        fails(INDEX_OUT_OF_RANGE, () -> ProofVerifier.verifyInclusion(h, index, 4, leaf, path, root));
        fails(BAD_SIZES, () -> ProofVerifier.verifyInclusion(h, index, -8, leaf, path, root));
    }

    @Test
    void verifyInclusion_sizeWithSamePathShape_isIndistinguishable_soSizeAndRootMustComeFromOneSignedHead()
            throws ProofException {
        // Leaf 5's path has the same shape in trees of size 7 and 8 (two inner hashes, one
        // border hash), so the hashing is identical and the size-8 proof "verifies" against the
        // size-8 root when size 7 is claimed. RFC 9162 §2.1.3.2 behaves the same: the proof
        // binds the root, and the root binds the size only through a signed tree head. Callers
        // must take (size, root) together from one verified head, never mix them.
        ProofVerifier.verifyInclusion(h, index, 7, leaf, path, root);
        assertTrue(RfcLiteralVerifier.verifyInclusion(h, index, 7, leaf, path, root));
        // With the genuine size-7 root it fails, as it must.
        fails(ROOT_MISMATCH, () -> ProofVerifier.verifyInclusion(h, index, 7, leaf, path, CtVectors.root(7)));
    }

    @Test
    void verifyInclusion_wrongRoot_failsWithRootMismatch() {
        fails(ROOT_MISMATCH, () -> ProofVerifier.verifyInclusion(h, index, size, leaf, path, h.emptyRoot()));
        fails(ROOT_MISMATCH, () -> ProofVerifier.verifyInclusion(h, index, size, leaf, path, flip(root, 0)));
    }

    @Test
    void verifyInclusion_shortHashes_failWithWrongHashSize() {
        ProofException e = fails(WRONG_HASH_SIZE,
                () -> ProofVerifier.verifyInclusion(h, index, size, leaf, with(path, 1, new byte[31]), root));
        assertEquals("inclusion: proof[1] has 31 bytes, want 32 (SHA-256)", e.getMessage());
        fails(WRONG_HASH_SIZE, () -> ProofVerifier.verifyInclusion(h, index, size, new byte[0], path, root));
        fails(WRONG_HASH_SIZE, () -> ProofVerifier.verifyInclusion(h, index, size, leaf, path, new byte[0]));
    }

    @Test
    void verifyInclusion_singleLeafTree_emptyProofPassesOnlyForThatLeaf() throws ProofException {
        byte[] data = h.leafHash("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        ProofVerifier.verifyInclusion(h, 0, 1, data, List.of(), data);
        fails(ROOT_MISMATCH, () -> ProofVerifier.verifyInclusion(h, 0, 1, leaf, List.of(), data));
        fails(WRONG_PROOF_SIZE, () -> ProofVerifier.verifyInclusion(h, 0, 1, data, List.of(data), data));
    }

    @Test
    void rootFromInclusionProof_returnsTreeRoot() throws ProofException {
        assertArrayEquals(root, ProofVerifier.rootFromInclusionProof(h, index, size, leaf, path));
    }

    // ---- consistency ----

    @Test
    void verifyConsistency_genuineProof_passes() throws ProofException {
        ProofVerifier.verifyConsistency(h, 6, 8, cpath, root6, root);
        assertArrayEquals(root, ProofVerifier.rootFromConsistencyProof(h, 6, 8, cpath, root6));
    }

    @Test
    void verifyConsistency_flippedPathByte_failsWithARootMismatch() {
        // proof[0] is the seed, in both roots -> root1 fails first. proof[1] (ca85…, the new
        // right sibling) only feeds root2. proof[2] (d37e…, the shared left subtree) feeds both.
        fails(CONSISTENCY_ROOT1_MISMATCH,
                () -> ProofVerifier.verifyConsistency(h, 6, 8, with(cpath, 0, flip(cpath.get(0), 4)), root6, root));
        fails(CONSISTENCY_ROOT2_MISMATCH,
                () -> ProofVerifier.verifyConsistency(h, 6, 8, with(cpath, 1, flip(cpath.get(1), 4)), root6, root));
        fails(CONSISTENCY_ROOT1_MISMATCH,
                () -> ProofVerifier.verifyConsistency(h, 6, 8, with(cpath, 2, flip(cpath.get(2), 4)), root6, root));
    }

    @Test
    void verifyConsistency_truncatedOrExtendedProof_failsWithWrongProofSize() {
        ProofException e = fails(WRONG_PROOF_SIZE,
                () -> ProofVerifier.verifyConsistency(h, 6, 8, cpath.subList(0, 2), root6, root));
        assertEquals("consistency: proof has 2 hashes, want 3 for size1 6 and size2 8", e.getMessage());
        fails(WRONG_PROOF_SIZE, () -> ProofVerifier.verifyConsistency(h, 6, 8, plus(cpath, root), root6, root));
        fails(WRONG_PROOF_SIZE, () -> ProofVerifier.verifyConsistency(h, 6, 8, List.of(), root6, root));
    }

    @Test
    void verifyConsistency_wrongRoots_failWithTheirKind() {
        ProofException e1 = fails(CONSISTENCY_ROOT1_MISMATCH,
                () -> ProofVerifier.verifyConsistency(h, 6, 8, cpath, CtVectors.root(5), root));
        assertEquals("consistency: calculated root1 " + CtVectors.ROOTS.get(5) + " for size1 6, want "
                + CtVectors.ROOTS.get(4), e1.getMessage());
        ProofException e2 = fails(CONSISTENCY_ROOT2_MISMATCH,
                () -> ProofVerifier.verifyConsistency(h, 6, 8, cpath, root6, CtVectors.root(7)));
        assertArrayEquals(CtVectors.root(7), e2.expected().orElseThrow());
        assertArrayEquals(root, e2.calculated().orElseThrow());
        fails(CONSISTENCY_ROOT1_MISMATCH, () -> ProofVerifier.verifyConsistency(h, 6, 8, cpath, root, root6));
    }

    @Test
    void verifyConsistency_wrongSizes_fail() {
        fails(BAD_SIZES, () -> ProofVerifier.verifyConsistency(h, 9, 8, cpath, root6, root));
        fails(BAD_SIZES, () -> ProofVerifier.verifyConsistency(h, -1, 8, cpath, root6, root));
        // size1 ± 1: 5 -> 8 and 7 -> 8 need 4 hashes.
        fails(WRONG_PROOF_SIZE, () -> ProofVerifier.verifyConsistency(h, 5, 8, cpath, root6, root));
        fails(WRONG_PROOF_SIZE, () -> ProofVerifier.verifyConsistency(h, 7, 8, cpath, root6, root));
        // size2 * 2 needs one more hash.
        fails(WRONG_PROOF_SIZE, () -> ProofVerifier.verifyConsistency(h, 6, 16, cpath, root6, root));
    }

    @Test
    void verifyConsistency_equalSizes_needEmptyProofAndEqualRoots() throws ProofException {
        ProofVerifier.verifyConsistency(h, 5, 5, List.of(), CtVectors.root(5), CtVectors.root(5));
        ProofVerifier.verifyConsistency(h, 0, 0, List.of(), h.emptyRoot(), h.emptyRoot());
        fails(CONSISTENCY_ROOT2_MISMATCH,
                () -> ProofVerifier.verifyConsistency(h, 5, 5, List.of(), CtVectors.root(5), CtVectors.root(6)));
        fails(WRONG_PROOF_SIZE,
                () -> ProofVerifier.verifyConsistency(h, 5, 5, List.of(root), CtVectors.root(5), CtVectors.root(5)));
    }

    @Test
    void verifyConsistency_fromEmptyTree_isRejectedAsBadSizes() {
        ProofException e = fails(BAD_SIZES,
                () -> ProofVerifier.verifyConsistency(h, 0, 8, List.of(), h.emptyRoot(), root));
        assertEquals("consistency: size1 0 < size2 8: a proof from the empty tree is undefined"
                + " (RFC 9162 §2.1.4 requires 0 < size1), want size1 in 1..8", e.getMessage());
    }

    @Test
    void verifyConsistency_shortRoot_failsWithWrongHashSize() {
        fails(WRONG_HASH_SIZE, () -> ProofVerifier.verifyConsistency(h, 6, 8, cpath, new byte[3], root));
        fails(WRONG_HASH_SIZE, () -> ProofVerifier.verifyConsistency(h, 6, 8, cpath, root6, new byte[3]));
    }

    @Test
    void verify_acceptsProofValues() throws ProofException {
        ProofVerifier.verifyInclusion(h, tree8.inclusionProof(5), leaf, root);
        ProofVerifier.verifyConsistency(h, tree8.consistencyProof(6), root6, root);
    }

    @Test
    void proofException_isAGeneralSecurityException_andCopiesItsHashes() {
        ProofException e = fails(ROOT_MISMATCH,
                () -> ProofVerifier.verifyInclusion(h, index, size, leaf, path, h.emptyRoot()));
        assertTrue(e instanceof java.security.GeneralSecurityException);
        e.expected().orElseThrow()[0] ^= 1;
        assertArrayEquals(hex(CtVectors.EMPTY_ROOT), e.expected().orElseThrow());
    }
}
