package cn.bsnedge.ledger.anchor;

import java.util.Optional;

/**
 * Where a {@link BlockHashLog} keeps the hashes of its perfect subtrees: node {@code (level,
 * index)} is the RFC 9162 hash of the {@code 2^level} leaves {@code index * 2^level ..
 * (index + 1) * 2^level - 1}. Level 0 holds the leaf hashes.
 *
 * <p>A log of {@code n} leaves stores just under {@code 2n} nodes (64 bytes per block with a
 * 32-byte hash), written once and never changed, so a gateway can keep them on disk and hold
 * only the {@link CompactRange} in memory. Every proof reads {@code O(log n)} nodes.
 *
 * <p>Contract: {@link #put} is called once per node, in append order, before {@link
 * BlockHashLog#append} returns; a repeated put of the same hash (a retried append after a
 * crash) must be accepted, a put of a different hash for a stored node must fail. Single
 * writer; readers may run concurrently with the writer only if the implementation allows it.
 */
public interface NodeStore {

    /** The node's hash (an array the caller owns), or empty if it was never stored. */
    Optional<byte[]> get(int level, long index);

    /** Stores a completed node. */
    void put(int level, long index, byte[] hash);
}
