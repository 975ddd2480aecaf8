package cn.bsnedge.ledger.merkle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Deep copies, equality and hex rendering for lists of hashes. Proof records hold {@code
 * List<byte[]>}, and a record's generated {@code equals}, {@code hashCode} and {@code toString}
 * would compare and print array identities, so the records delegate here instead.
 */
final class HashLists {

    private static final HexFormat HEX = HexFormat.of();

    private HashLists() {}

    /** An unmodifiable list of copies of {@code hashes}; rejects null lists and null elements. */
    static List<byte[]> copyOf(List<byte[]> hashes, String what) {
        Objects.requireNonNull(hashes, what);
        List<byte[]> copy = new ArrayList<>(hashes.size());
        for (int i = 0; i < hashes.size(); i++) {
            byte[] h = hashes.get(i);
            if (h == null) {
                throw new NullPointerException(what + "[" + i + "] is null");
            }
            copy.add(h.clone());
        }
        return Collections.unmodifiableList(copy);
    }

    static boolean equal(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    static int hashCode(List<byte[]> hashes) {
        int result = 1;
        for (byte[] h : hashes) {
            result = 31 * result + Arrays.hashCode(h);
        }
        return result;
    }

    static String toHex(List<byte[]> hashes) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < hashes.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(HEX.formatHex(hashes.get(i)));
        }
        return sb.append(']').toString();
    }

    static String toHex(byte[] hash) {
        return HEX.formatHex(hash);
    }
}
