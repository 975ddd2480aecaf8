package cn.bsnedge.ledger.merkle;

import java.util.List;

/**
 * An RFC 9162 §2.1.3 inclusion proof ("audit path"): the sibling hashes, leaf level first, that
 * link the leaf at {@code leafIndex} to the root of the tree of {@code treeSize} leaves.
 *
 * <p>An immutable value: the hashes are copied in and copied out, so neither the producer nor a
 * caller can change a proof after the fact. The record does not check that index, size and path
 * fit together: a proof read off the wire must still be representable so that {@link
 * ProofVerifier} can reject it with a typed {@link ProofException}.
 *
 * @param leafIndex zero-based index of the leaf
 * @param treeSize number of leaves in the tree the proof is for
 * @param path sibling hashes from the leaf level up
 */
public record InclusionProof(long leafIndex, long treeSize, List<byte[]> path) {

    public InclusionProof {
        path = HashLists.copyOf(path, "path");
    }

    /** The sibling hashes, leaf level first: a fresh list of fresh arrays on each call. */
    @Override
    public List<byte[]> path() {
        return HashLists.copyOf(path, "path");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InclusionProof p
                && leafIndex == p.leafIndex
                && treeSize == p.treeSize
                && HashLists.equal(path, p.path);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(leafIndex) + Long.hashCode(treeSize)) + HashLists.hashCode(path);
    }

    @Override
    public String toString() {
        return "InclusionProof[leafIndex=" + leafIndex + ", treeSize=" + treeSize
                + ", path=" + HashLists.toHex(path) + "]";
    }
}
