package cn.bsnedge.ledger.merkle;

import java.util.List;

/**
 * An RFC 9162 §2.1.4 consistency proof: the hashes that show the tree of {@code size1} leaves is
 * a prefix of the tree of {@code size2} leaves, i.e. the log only appended between the two tree
 * heads. Empty when {@code size1 == size2}.
 *
 * <p>An immutable value: the hashes are copied in and copied out. Like {@link InclusionProof} it
 * does not check that sizes and path fit together; {@link ProofVerifier} does.
 *
 * @param size1 the older (smaller) tree size
 * @param size2 the newer (larger or equal) tree size
 * @param path the proof hashes in RFC 9162 SUBPROOF order
 */
public record ConsistencyProof(long size1, long size2, List<byte[]> path) {

    public ConsistencyProof {
        path = HashLists.copyOf(path, "path");
    }

    /** The proof hashes in RFC 9162 order: a fresh list of fresh arrays on each call. */
    @Override
    public List<byte[]> path() {
        return HashLists.copyOf(path, "path");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConsistencyProof p
                && size1 == p.size1
                && size2 == p.size2
                && HashLists.equal(path, p.path);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(size1) + Long.hashCode(size2)) + HashLists.hashCode(path);
    }

    @Override
    public String toString() {
        return "ConsistencyProof[size1=" + size1 + ", size2=" + size2
                + ", path=" + HashLists.toHex(path) + "]";
    }
}
