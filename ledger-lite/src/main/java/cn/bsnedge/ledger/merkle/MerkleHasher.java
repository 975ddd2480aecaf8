package cn.bsnedge.ledger.merkle;

import cn.bsnedge.ledger.crypto.HashFunction;
import java.util.Objects;

/**
 * The RFC 9162 §2.1 hashing rules over one {@link HashFunction}: {@code MTH({}) = HASH()},
 * leaves are {@code HASH(0x00 || d)}, interior nodes are {@code HASH(0x01 || left || right)}.
 *
 * <p>The distinct one-byte prefixes are what make the tree second-preimage resistant: without
 * them an interior node's hash input {@code left || right} could be presented as a leaf, and a
 * forged leaf would "prove" inclusion of data the log never held.
 *
 * <p>Instances are immutable and thread-safe if the {@link HashFunction} is (the interface
 * requires it). The hasher does not check input lengths; {@link MerkleTree} and {@link
 * ProofVerifier} check that hashes have {@link #size()} bytes before they combine them.
 */
public final class MerkleHasher {

    /** Domain-separation prefix of a leaf hash input (RFC 9162 §2.1.1). */
    public static final byte LEAF_PREFIX = 0x00;

    /** Domain-separation prefix of an interior node hash input (RFC 9162 §2.1.1). */
    public static final byte NODE_PREFIX = 0x01;

    private final HashFunction hashFunction;
    private final byte[] emptyRoot;

    /**
     * @param hashFunction the suite's hash (SHA-256 or SM3); its {@code size()} must be positive
     * @throws IllegalArgumentException if {@code hashFunction.size()} is not positive
     */
    public MerkleHasher(HashFunction hashFunction) {
        this.hashFunction = Objects.requireNonNull(hashFunction, "hashFunction");
        if (hashFunction.size() <= 0) {
            throw new IllegalArgumentException(
                    "hash function " + hashFunction.name() + " size " + hashFunction.size()
                            + " bytes, want a positive size");
        }
        this.emptyRoot = hashFunction.hash();
        if (emptyRoot.length != hashFunction.size()) {
            throw new IllegalArgumentException(
                    "hash function " + hashFunction.name() + " returned " + emptyRoot.length
                            + " bytes, but its size() says " + hashFunction.size());
        }
    }

    /** The hash function underneath, e.g. to label a signed tree head with its name. */
    public HashFunction hashFunction() {
        return hashFunction;
    }

    /** Length in bytes of every hash this hasher returns. */
    public int size() {
        return hashFunction.size();
    }

    /** Root of the empty tree: the hash of the empty string (RFC 9162 §2.1.1). A fresh copy. */
    public byte[] emptyRoot() {
        return emptyRoot.clone();
    }

    /** {@code HASH(0x00 || data)}: the hash of one log entry (RFC 9162 §2.1.1). */
    public byte[] leafHash(byte[] data) {
        Objects.requireNonNull(data, "data");
        return hashFunction.hash(new byte[] {LEAF_PREFIX}, data);
    }

    /** {@code HASH(0x01 || left || right)}: the hash of an interior node (RFC 9162 §2.1.1). */
    public byte[] nodeHash(byte[] left, byte[] right) {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        return hashFunction.hash(new byte[] {NODE_PREFIX}, left, right);
    }

    @Override
    public String toString() {
        return "MerkleHasher[" + hashFunction.name() + "]";
    }
}
