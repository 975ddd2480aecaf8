package cn.bsnedge.ledger.crypto.internal;

import java.security.InvalidKeyException;
import java.security.SecureRandom;

/**
 * One signature scheme with fixed-length encodings. Parsing validates once, so the parsed
 * keys can sign and verify without re-checking their encodings on every call.
 */
public interface SignatureAlgorithm {

    int publicKeyLength();

    int privateKeyLength();

    int signatureLength();

    /** Validates {@code encoded} (length, and that it decodes to a usable point). */
    VerifyingKey parsePublicKey(byte[] encoded) throws InvalidKeyException;

    /** Validates {@code encoded} (length and range); messages never contain key bytes. */
    SigningKey parsePrivateKey(byte[] encoded) throws InvalidKeyException;

    /** A fresh private key in this scheme's encoding. */
    byte[] generatePrivateKey(SecureRandom random);
}
