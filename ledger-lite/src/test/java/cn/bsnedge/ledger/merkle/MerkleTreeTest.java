package cn.bsnedge.ledger.merkle;

import static cn.bsnedge.ledger.merkle.CtVectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Edge cases and argument checking of {@link MerkleTree}. */
class MerkleTreeTest {

    private final MerkleHasher h = Sha256.HASHER;
    private final MerkleTree tree8 = MerkleTree.fromLeafData(h, CtVectors.leafData(8));
    private final MerkleTree empty = MerkleTree.fromLeafHashes(h, List.of());

    private static String message(Throwable t) {
        return t.getMessage();
    }

    @Test
    void emptyTree_rootIsEmptyHash() {
        assertEquals(0, empty.size());
        assertArrayEquals(hex(CtVectors.EMPTY_ROOT), empty.root());
        assertArrayEquals(hex(CtVectors.EMPTY_ROOT), empty.root(0));
    }

    @Test
    void emptyTree_inclusionProof_isImpossible() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> empty.inclusionProof(0));
        assertEquals("leaf index 0 is outside the empty tree (size 0 has no leaves)", message(e));
    }

    @Test
    void emptyTree_consistencyToItself_isEmptyProof() {
        assertEquals(new ConsistencyProof(0, 0, List.of()), empty.consistencyProof(0));
    }

    @Test
    void singleLeaf_rootIsLeafHash_andProofsAreEmpty() throws ProofException {
        MerkleTree one = MerkleTree.fromLeafData(h, CtVectors.leafData(1));
        assertArrayEquals(hex(CtVectors.ROOTS.get(0)), one.root());
        assertArrayEquals(one.leafHash(0), one.root());
        assertEquals(new InclusionProof(0, 1, List.of()), one.inclusionProof(0));
        assertEquals(new ConsistencyProof(1, 1, List.of()), one.consistencyProof(1));
        ProofVerifier.verifyInclusion(h, one.inclusionProof(0), one.leafHash(0), one.root());
    }

    @Test
    void consistencyProof_equalSizes_isEmpty() {
        for (int n = 1; n <= 8; n++) {
            assertEquals(new ConsistencyProof(n, n, List.of()), tree8.consistencyProof(n, n));
        }
    }

    @Test
    void consistencyProof_fromSizeZero_isRejectedNamingRfc() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tree8.consistencyProof(0));
        assertEquals("size1 0 is outside 1..8 for size2 8: RFC 9162 §2.1.4 defines consistency only"
                + " from a non-empty tree", message(e));
    }

    @Test
    void inclusionProof_indexOutOfRange_namesValueAndRange() {
        assertEquals("leaf index 8 is outside 0..7 for tree size 8",
                message(assertThrows(IllegalArgumentException.class, () -> tree8.inclusionProof(8))));
        assertEquals("leaf index -1 is outside 0..7 for tree size 8",
                message(assertThrows(IllegalArgumentException.class, () -> tree8.inclusionProof(-1))));
        assertEquals("leaf index 5 is outside 0..4 for tree size 5",
                message(assertThrows(IllegalArgumentException.class, () -> tree8.inclusionProof(5, 5))));
    }

    @Test
    void prefixOperations_treeSizeBeyondTree_namesValueAndRange() {
        assertEquals("tree size 9 is outside 0..8 (this tree has 8 leaves)",
                message(assertThrows(IllegalArgumentException.class, () -> tree8.root(9))));
        assertEquals("tree size -1 is outside 0..8 (this tree has 8 leaves)",
                message(assertThrows(IllegalArgumentException.class, () -> tree8.root(-1))));
        assertEquals("tree size 9 is outside 0..8 (this tree has 8 leaves)",
                message(assertThrows(IllegalArgumentException.class, () -> tree8.inclusionProof(0, 9))));
        assertEquals("tree size 9 is outside 0..8 (this tree has 8 leaves)",
                message(assertThrows(IllegalArgumentException.class, () -> tree8.consistencyProof(1, 9))));
    }

    @Test
    void consistencyProof_size1AboveSize2_namesValueAndRange() {
        assertEquals("size1 6 is outside 1..5 for size2 5",
                message(assertThrows(IllegalArgumentException.class, () -> tree8.consistencyProof(6, 5))));
    }

    @Test
    void fromLeafHashes_wrongLength_namesIndexAndLengths() {
        List<byte[]> leaves = new ArrayList<>(List.of(new byte[32], new byte[31]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MerkleTree.fromLeafHashes(h, leaves));
        assertEquals("leafHashes[1] has 31 bytes, want 32 (SHA-256); pass leaf hashes, or use"
                + " fromLeafData for raw entries", message(e));
    }

    @Test
    void fromLeafHashes_equalsFromLeafData() {
        List<byte[]> hashes = CtVectors.leafData(8).stream().map(h::leafHash).toList();
        assertArrayEquals(tree8.root(), MerkleTree.fromLeafHashes(h, hashes).root());
    }

    @Test
    void tree_isUnaffectedByCallerMutatingInputsOrOutputs() {
        List<byte[]> hashes = new ArrayList<>(CtVectors.leafData(8).stream().map(h::leafHash).toList());
        MerkleTree t = MerkleTree.fromLeafHashes(h, hashes);
        hashes.get(3)[0] ^= 1;
        hashes.clear();
        t.root()[0] ^= 1;
        t.leafHash(2)[0] ^= 1;
        t.inclusionProof(5).path().get(0)[0] ^= 1;
        assertArrayEquals(CtVectors.root(8), t.root());
        assertEquals(tree8.inclusionProof(5), t.inclusionProof(5));
        assertArrayEquals(tree8.leafHash(2), t.leafHash(2));
    }

    @Test
    void largeTree_thousandLeafBlock_rootMatchesReferenceAndProofsVerify() throws ProofException {
        // The hot path: blocks of 1,000 leaves. Also exercises non-power-of-two borders.
        List<byte[]> data = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            data.add(("entry-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        MerkleTree t = MerkleTree.fromLeafData(h, data);
        ReferenceMerkle ref = new ReferenceMerkle(h);
        assertArrayEquals(ref.mth(data), t.root());
        for (long i : new long[] {0, 1, 511, 512, 767, 998, 999}) {
            ProofVerifier.verifyInclusion(h, t.inclusionProof(i), t.leafHash(i), t.root());
        }
        for (long m : new long[] {1, 3, 512, 513, 999, 1000}) {
            ProofVerifier.verifyConsistency(h, t.consistencyProof(m), t.root(m), t.root());
        }
    }

    @Test
    void toString_namesHashSizeAndRoot() {
        assertTrue(tree8.toString().startsWith("MerkleTree[SHA-256, size=8, root=5dc9da79"), tree8.toString());
    }
}
