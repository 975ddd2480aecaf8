package cn.bsnedge.ledger.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The verification algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2, step by step as the RFC words
 * them (fn/sn/r, fr/sr), returning a boolean. Test scope only: {@link ProofVerifier} must accept
 * exactly what these accept.
 */
final class RfcLiteralVerifier {

    private RfcLiteralVerifier() {}

    /** RFC 9162 §2.1.3.2. */
    static boolean verifyInclusion(MerkleHasher h, long leafIndex, long treeSize, byte[] hash,
            List<byte[]> inclusionPath, byte[] rootHash) {
        // 1. If leaf_index >= tree_size, fail.
        if (leafIndex >= treeSize || leafIndex < 0) {
            return false;
        }
        // 2. fn = leaf_index, sn = tree_size - 1.  3. r = hash.
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = hash;
        // 4. For each p in inclusion_path:
        for (byte[] p : inclusionPath) {
            if (sn == 0) {
                return false; // a.
            }
            if ((fn & 1) == 1 || fn == sn) { // b.
                r = h.nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = h.nodeHash(r, p);
            }
            fn >>= 1; // c.
            sn >>= 1;
        }
        // 5. sn == 0 and r == root_hash.
        return sn == 0 && Arrays.equals(r, rootHash);
    }

    /** RFC 9162 §2.1.4.2, for 0 < first < second. */
    static boolean verifyConsistency(MerkleHasher h, long first, long second, List<byte[]> path,
            byte[] firstHash, byte[] secondHash) {
        if (!(0 < first && first < second)) {
            return false;
        }
        // 1. Empty path fails.
        if (path.isEmpty()) {
            return false;
        }
        List<byte[]> c = new ArrayList<>(path);
        // 2. If first is an exact power of 2, prepend first_hash.
        if (Long.bitCount(first) == 1) {
            c.add(0, firstHash);
        }
        // 3. fn = first - 1, sn = second - 1.
        long fn = first - 1;
        long sn = second - 1;
        // 4. If LSB(fn) is set, right-shift both until it is not.
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        // 5. fr = sr = c[0].
        byte[] fr = c.get(0);
        byte[] sr = c.get(0);
        // 6. For each subsequent value:
        for (byte[] v : c.subList(1, c.size())) {
            if (sn == 0) {
                return false; // a.
            }
            if ((fn & 1) == 1 || fn == sn) { // b.
                fr = h.nodeHash(v, fr);
                sr = h.nodeHash(v, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = h.nodeHash(sr, v);
            }
            fn >>= 1; // c.
            sn >>= 1;
        }
        // 7. fr == first_hash, sr == second_hash, sn == 0.
        return Arrays.equals(fr, firstHash) && Arrays.equals(sr, secondHash) && sn == 0;
    }
}
