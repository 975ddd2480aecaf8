package cn.bsnedge.ledger.merkle;

import static cn.bsnedge.ledger.merkle.CtVectors.hex;
import static cn.bsnedge.ledger.merkle.CtVectors.hexes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link MerkleTree} against the published CT / transparency-dev vectors (see {@link CtVectors}). */
class MerkleTreeVectorsTest {

    private final MerkleHasher h = Sha256.HASHER;
    private final MerkleTree tree8 = MerkleTree.fromLeafData(h, CtVectors.leafData(8));

    @Test
    void root_ofEveryPrefixTreeBuiltSeparately_matchesCtRoots() {
        for (int n = 0; n <= 8; n++) {
            MerkleTree t = MerkleTree.fromLeafData(h, CtVectors.leafData(n));
            assertEquals(n, t.size());
            assertArrayEquals(CtVectors.root(n), t.root(), "root of size " + n);
        }
    }

    @Test
    void rootOfPrefix_inEightLeafTree_matchesCtRoots() {
        for (int n = 0; n <= 8; n++) {
            assertArrayEquals(CtVectors.root(n), tree8.root(n), "root(" + n + ")");
        }
    }

    @Test
    void leafHashes_matchTransparencyDevLevelZeroNodes() {
        for (int i = 0; i < 8; i++) {
            assertArrayEquals(hex(CtVectors.NODES.get(0).get(i)), tree8.leafHash(i), "leaf " + i);
        }
    }

    @Test
    void perfectSubtreeRoots_matchTransparencyDevNodeHashes() {
        // A perfect subtree of 2^k leaves starting at j*2^k is itself a tree; build it from its
        // leaf hashes and compare with NodeHashes[k][j].
        for (int k = 0; k < CtVectors.NODES.size(); k++) {
            for (int j = 0; j < CtVectors.NODES.get(k).size(); j++) {
                int width = 1 << k;
                List<byte[]> leaves = new ArrayList<>();
                for (int i = j * width; i < (j + 1) * width; i++) {
                    leaves.add(tree8.leafHash(i));
                }
                assertArrayEquals(hex(CtVectors.NODES.get(k).get(j)),
                        MerkleTree.fromLeafHashes(h, leaves).root(), "node level " + k + " index " + j);
            }
        }
    }

    @Test
    void inclusionProof_matchesPublishedVectors() {
        for (CtVectors.Inclusion v : CtVectors.INCLUSION) {
            InclusionProof got = tree8.inclusionProof(v.index(), v.size());
            assertEquals(new InclusionProof(v.index(), v.size(), hexes(v.path().toArray(String[]::new))),
                    got, v.source());
            MerkleTree prefix = MerkleTree.fromLeafData(h, CtVectors.leafData(v.size()));
            assertEquals(got, prefix.inclusionProof(v.index()), v.source() + " (own tree)");
        }
    }

    @Test
    void inclusionProof_publishedVectorsVerify() throws ProofException {
        for (CtVectors.Inclusion v : CtVectors.INCLUSION) {
            byte[] leaf = h.leafHash(hex(CtVectors.LEAVES.get(v.index())));
            ProofVerifier.verifyInclusion(h, v.index(), v.size(), leaf,
                    hexes(v.path().toArray(String[]::new)), CtVectors.root(v.size()));
        }
    }

    @Test
    void consistencyProof_matchesPublishedVectors() {
        for (CtVectors.Consistency v : CtVectors.CONSISTENCY) {
            ConsistencyProof got = tree8.consistencyProof(v.size1(), v.size2());
            assertEquals(new ConsistencyProof(v.size1(), v.size2(), hexes(v.path().toArray(String[]::new))),
                    got, v.source());
            MerkleTree newer = MerkleTree.fromLeafData(h, CtVectors.leafData(v.size2()));
            assertEquals(got, newer.consistencyProof(v.size1()), v.source() + " (own tree)");
        }
    }

    @Test
    void consistencyProof_publishedVectorsVerify() throws ProofException {
        for (CtVectors.Consistency v : CtVectors.CONSISTENCY) {
            ProofVerifier.verifyConsistency(h, v.size1(), v.size2(),
                    hexes(v.path().toArray(String[]::new)), CtVectors.root(v.size1()),
                    CtVectors.root(v.size2()));
        }
    }

    @Test
    void referenceImplementation_reproducesPublishedVectors() {
        // Guards the reference itself before the property tests trust it.
        ReferenceMerkle ref = new ReferenceMerkle(h);
        for (int n = 0; n <= 8; n++) {
            assertArrayEquals(CtVectors.root(n), ref.mth(CtVectors.leafData(n)), "MTH size " + n);
        }
        for (CtVectors.Inclusion v : CtVectors.INCLUSION) {
            assertEquals(v.path(), ref.path(v.index(), CtVectors.leafData(v.size())).stream()
                    .map(HashLists::toHex).toList(), v.source());
        }
        for (CtVectors.Consistency v : CtVectors.CONSISTENCY) {
            assertEquals(v.path(), ref.proof(v.size1(), CtVectors.leafData(v.size2())).stream()
                    .map(HashLists::toHex).toList(), v.source());
        }
    }
}
