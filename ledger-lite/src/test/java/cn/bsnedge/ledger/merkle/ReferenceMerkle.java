package cn.bsnedge.ledger.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 9162 §2.1 taken literally, for cross-checking {@link MerkleTree}: MTH, PATH and
 * PROOF/SUBPROOF as the recursive definitions read, over raw entries, recomputing every subtree.
 * Slow on purpose; no caching, no bit tricks. Mirrors transparency-dev/merkle
 * testonly/reference_test.go and certificate-transparency merkle_tree_test.cc.
 */
final class ReferenceMerkle {

    private final MerkleHasher h;

    ReferenceMerkle(MerkleHasher h) {
        this.h = h;
    }

    /** The largest power of two smaller than n, n >= 2 (RFC 9162 §2.1.1 "k"). */
    static int split(int n) {
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return k;
    }

    /** MTH(D[n]). */
    byte[] mth(List<byte[]> d) {
        int n = d.size();
        if (n == 0) {
            return h.emptyRoot();
        }
        if (n == 1) {
            return h.leafHash(d.get(0));
        }
        int k = split(n);
        return h.nodeHash(mth(d.subList(0, k)), mth(d.subList(k, n)));
    }

    /** PATH(m, D[n]), 0 <= m < n (RFC 9162 §2.1.3.1). */
    List<byte[]> path(int m, List<byte[]> d) {
        int n = d.size();
        List<byte[]> out = new ArrayList<>();
        if (n == 1) {
            return out;
        }
        int k = split(n);
        if (m < k) {
            out.addAll(path(m, d.subList(0, k)));
            out.add(mth(d.subList(k, n)));
        } else {
            out.addAll(path(m - k, d.subList(k, n)));
            out.add(mth(d.subList(0, k)));
        }
        return out;
    }

    /** PROOF(m, D[n]) = SUBPROOF(m, D[n], true), 0 < m <= n (RFC 9162 §2.1.4.1). */
    List<byte[]> proof(int m, List<byte[]> d) {
        return subproof(m, d, true);
    }

    private List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
        int n = d.size();
        List<byte[]> out = new ArrayList<>();
        if (m == n) {
            if (!b) {
                out.add(mth(d));
            }
            return out;
        }
        int k = split(n);
        if (m <= k) {
            out.addAll(subproof(m, d.subList(0, k), b));
            out.add(mth(d.subList(k, n)));
        } else {
            out.addAll(subproof(m - k, d.subList(k, n), false));
            out.add(mth(d.subList(0, k)));
        }
        return out;
    }
}
