package cn.bsnedge.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fast {@link MerkleTree} against the recursive RFC 9162 definitions ({@link
 * ReferenceMerkle}), and {@link ProofVerifier} against the RFC's literal verification steps
 * ({@link RfcLiteralVerifier}), for every tree size 1..64 (transparency-dev/merkle
 * testonly/reference_test.go does the same). Entries are the single bytes 0..63, as in
 * certificate-transparency merkle_tree_test.cc.
 */
class ReferencePropertyTest {

    private static final int MAX = 64;
    private static final MerkleHasher H = Sha256.HASHER;
    private static final ReferenceMerkle REF = new ReferenceMerkle(H);

    private static List<byte[]> entries;
    private static MerkleTree big;
    private static List<byte[]> refRoots;

    @BeforeAll
    static void buildTrees() {
        entries = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            entries.add(new byte[] {(byte) i});
        }
        big = MerkleTree.fromLeafData(H, entries);
        refRoots = new ArrayList<>();
        for (int n = 0; n <= MAX; n++) {
            refRoots.add(REF.mth(entries.subList(0, n)));
        }
    }

    private static byte[] flipBit(byte[] h, int bit) {
        byte[] c = h.clone();
        c[0] ^= (byte) (1 << bit);
        return c;
    }

    @Test
    void root_everySize_equalsReference() {
        for (int n = 0; n <= MAX; n++) {
            MerkleTree t = MerkleTree.fromLeafData(H, entries.subList(0, n));
            assertArrayEquals(refRoots.get(n), t.root(), "root size " + n);
            assertArrayEquals(refRoots.get(n), big.root(n), "prefix root size " + n);
        }
    }

    @Test
    void inclusionProof_everySizeAndIndex_equalsReferenceAndVerifies() throws ProofException {
        for (int n = 1; n <= MAX; n++) {
            List<byte[]> d = entries.subList(0, n);
            MerkleTree t = MerkleTree.fromLeafData(H, d);
            byte[] root = refRoots.get(n);
            for (int m = 0; m < n; m++) {
                String at = "index " + m + " size " + n;
                InclusionProof want = new InclusionProof(m, n, REF.path(m, d));
                InclusionProof got = t.inclusionProof(m);
                assertEquals(want, got, at);
                assertEquals(want, big.inclusionProof(m, n), at + " (prefix of " + MAX + ")");

                byte[] leaf = H.leafHash(d.get(m));
                ProofVerifier.verifyInclusion(H, got, leaf, root);
                assertArrayEquals(root, ProofVerifier.rootFromInclusionProof(H, m, n, leaf, got.path()), at);
                assertTrue(RfcLiteralVerifier.verifyInclusion(H, m, n, leaf, got.path(), root), at);

                List<byte[]> path = got.path();
                for (int i = 0; i < path.size(); i++) {
                    List<byte[]> bad = new ArrayList<>(path);
                    bad.set(i, flipBit(path.get(i), 3));
                    long index = m;
                    long size = n;
                    ProofException e = assertThrows(ProofException.class,
                            () -> ProofVerifier.verifyInclusion(H, index, size, leaf, bad, root), at);
                    assertEquals(ProofException.Kind.ROOT_MISMATCH, e.kind(), at);
                    assertFalse(RfcLiteralVerifier.verifyInclusion(H, m, n, leaf, bad, root), at);
                }
            }
        }
    }

    @Test
    void consistencyProof_everyPair_equalsReferenceAndVerifies() throws ProofException {
        for (int n = 1; n <= MAX; n++) {
            List<byte[]> d = entries.subList(0, n);
            MerkleTree t = MerkleTree.fromLeafData(H, d);
            for (int m = 1; m <= n; m++) {
                String at = "sizes " + m + " -> " + n;
                ConsistencyProof want = new ConsistencyProof(m, n, REF.proof(m, d));
                ConsistencyProof got = t.consistencyProof(m);
                assertEquals(want, got, at);
                assertEquals(want, big.consistencyProof(m, n), at + " (prefix of " + MAX + ")");

                byte[] root1 = refRoots.get(m);
                byte[] root2 = refRoots.get(n);
                ProofVerifier.verifyConsistency(H, got, root1, root2);
                if (m < n) {
                    assertTrue(RfcLiteralVerifier.verifyConsistency(H, m, n, got.path(), root1, root2), at);
                }
                List<byte[]> path = got.path();
                for (int i = 0; i < path.size(); i++) {
                    List<byte[]> bad = new ArrayList<>(path);
                    bad.set(i, flipBit(path.get(i), 4));
                    long size1 = m;
                    long size2 = n;
                    assertThrows(ProofException.class,
                            () -> ProofVerifier.verifyConsistency(H, size1, size2, bad, root1, root2), at);
                    assertFalse(RfcLiteralVerifier.verifyConsistency(H, m, n, bad, root1, root2), at);
                }
            }
        }
    }

    @Test
    void verifiers_agreeWithRfcLiteral_onShiftedIndicesAndSizes() {
        // Wrong index or size with an otherwise genuine proof: both verifiers must reject,
        // whatever the reason. (Accept-sets must be identical; reasons may differ.)
        for (int n = 1; n <= 16; n++) {
            for (int m = 0; m < n; m++) {
                List<byte[]> path = big.inclusionProof(m, n).path();
                byte[] leaf = big.leafHash(m);
                byte[] root = refRoots.get(n);
                long[][] probes = {{m - 1, n}, {m + 1, n}, {m ^ 2, n}, {m, 2L * n}, {m, n / 2}};
                for (long[] p : probes) {
                    boolean rfc = RfcLiteralVerifier.verifyInclusion(H, p[0], p[1], leaf, path, root);
                    boolean ours = accepts(() -> ProofVerifier.verifyInclusion(H, p[0], p[1], leaf, path, root));
                    assertEquals(rfc, ours, "index " + p[0] + " size " + p[1] + " (genuine " + m + "/" + n + ")");
                    boolean genuine = p[0] == m && p[1] == n;
                    assertEquals(genuine, ours, "index " + p[0] + " size " + p[1]);
                }
            }
        }
    }

    private interface Check {
        void run() throws ProofException;
    }

    private static boolean accepts(Check c) {
        try {
            c.run();
            return true;
        } catch (ProofException e) {
            return false;
        }
    }
}
