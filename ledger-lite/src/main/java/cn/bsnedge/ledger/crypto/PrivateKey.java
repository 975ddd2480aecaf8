package cn.bsnedge.ledger.crypto;

import cn.bsnedge.ledger.crypto.internal.SigningKey;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * A private key of one {@link CryptoSuite}: immutable. The secret never appears in
 * {@link #toString()} or {@link #hashCode()}, and error messages never quote it.
 *
 * <p>Encodings: Ed25519 keys are the 32-byte RFC 8032 seed; SM2 and P-256 keys are the
 * 32-byte big-endian scalar d, in [1, n-1] for P-256 and [1, n-2] for SM2 (GB/T 32918.2
 * signing needs (1 + d)^-1 mod n, which does not exist for d = n-1).
 */
public final class PrivateKey {

    private final CryptoSuite suite;
    private final byte[] encoded;
    private final SigningKey key;
    private final PublicKey publicKey;

    private PrivateKey(CryptoSuite suite, byte[] encoded, SigningKey key, PublicKey publicKey) {
        this.suite = suite;
        this.encoded = encoded;
        this.key = key;
        this.publicKey = publicKey;
    }

    public static PrivateKey generate(CryptoSuite suite, SecureRandom random) {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(random, "random");
        try {
            return fromEncoded(suite, suite.algorithm().generatePrivateKey(random));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(suite.label() + ": freshly generated key was rejected", e);
        }
    }

    public static PrivateKey fromEncoded(CryptoSuite suite, byte[] encoded) throws GeneralSecurityException {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(encoded, "encoded");
        byte[] copy = encoded.clone();
        SigningKey key;
        try {
            key = suite.algorithm().parsePrivateKey(copy);
        } catch (InvalidKeyException e) {
            throw new InvalidKeyException(suite.label() + " private key: " + e.getMessage(), e);
        }
        return new PrivateKey(suite, copy, key, PublicKey.create(suite, key.publicKey()));
    }

    public CryptoSuite suite() {
        return suite;
    }

    /** The secret encoding, for writing the key file (a fresh copy the caller should wipe). */
    public byte[] encoded() {
        return encoded.clone();
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** A thread-safe, deterministic signer for this key. */
    public Signer signer() {
        return new Signer() {
            @Override
            public CryptoSuite suite() {
                return suite;
            }

            @Override
            public PublicKey publicKey() {
                return publicKey;
            }

            @Override
            public byte[] sign(byte[] message) throws GeneralSecurityException {
                return key.sign(Objects.requireNonNull(message, "message"));
            }

            @Override
            public String toString() {
                return "Signer{" + publicKey + "}";
            }
        };
    }

    /** Constant-time comparison of the secret, so equality checks leak no timing. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PrivateKey other && suite == other.suite
                && MessageDigest.isEqual(encoded, other.encoded);
    }

    /** Derived from the public key only. */
    @Override
    public int hashCode() {
        return publicKey.hashCode();
    }

    @Override
    public String toString() {
        return "PrivateKey{" + suite.label() + ", public " + publicKey.fingerprint().substring(0, 16) + "…}";
    }
}
