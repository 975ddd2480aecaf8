package cn.bsnedge.ledger.crypto;

import java.security.GeneralSecurityException;

/**
 * Signs messages with one private key of one {@link CryptoSuite}. Signing is deterministic
 * for every suite (RFC 8032 for Ed25519, RFC 6979-style nonces for ECDSA and SM2), so a
 * gateway with a poor entropy source at boot never leaks its key through a repeated nonce,
 * and signing the same message twice yields the same bytes.
 */
public interface Signer {

    CryptoSuite suite();

    /** The public key in the suite's encoding (see FORMAT.md "Keys"). */
    PublicKey publicKey();

    /** Signature over {@code message} in the suite's fixed-length encoding. */
    byte[] sign(byte[] message) throws GeneralSecurityException;
}
