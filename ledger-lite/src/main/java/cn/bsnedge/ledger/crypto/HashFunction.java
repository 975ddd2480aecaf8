package cn.bsnedge.ledger.crypto;

/**
 * A cryptographic hash as a suite uses it everywhere: entry leaves, Merkle nodes, block
 * hashes. Implementations are stateless and thread-safe; each call uses a fresh digest.
 */
public interface HashFunction {

    /** Output length in bytes (32 for both SHA-256 and SM3). */
    int size();

    /** Hash of the concatenation of {@code parts}, in order. */
    byte[] hash(byte[]... parts);

    /** The algorithm's name as the format spec writes it, e.g. {@code SHA-256}, {@code SM3}. */
    String name();
}
