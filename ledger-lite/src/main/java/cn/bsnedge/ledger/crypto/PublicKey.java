package cn.bsnedge.ledger.crypto;

import cn.bsnedge.ledger.crypto.internal.VerifyingKey;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A validated public key of one {@link CryptoSuite}: an immutable value. Construction
 * checks the encoding once (length; for SM2 and P-256 that the point is on the curve and
 * not infinity; for Ed25519 that it decodes), so a {@code PublicKey} in hand is usable.
 */
public final class PublicKey {

    /** Hex characters of the fingerprint shown by {@link #toString()} and in error messages. */
    private static final int SHORT_FINGERPRINT = 16;

    private final CryptoSuite suite;
    private final byte[] encoded;
    private final VerifyingKey key;
    private final String fingerprint;

    private PublicKey(CryptoSuite suite, byte[] encoded, VerifyingKey key) {
        this.suite = suite;
        this.encoded = encoded;
        this.key = key;
        // The suite id is hashed in so the same bytes under two suites never share a fingerprint.
        this.fingerprint = HexFormat.of().formatHex(suite.hash().hash(new byte[] {(byte) suite.id()}, encoded));
    }

    public static PublicKey create(CryptoSuite suite, byte[] encoded) throws GeneralSecurityException {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(encoded, "encoded");
        byte[] copy = encoded.clone();
        if (copy.length != suite.publicKeyLength()) {
            throw new InvalidKeyException(suite.label() + " public key: got " + copy.length
                    + " bytes, want " + suite.publicKeyLength());
        }
        try {
            return new PublicKey(suite, copy, suite.algorithm().parsePublicKey(copy));
        } catch (InvalidKeyException e) {
            throw new InvalidKeyException(suite.label() + " public key: " + e.getMessage(), e);
        }
    }

    public CryptoSuite suite() {
        return suite;
    }

    /** The suite's encoding of this key (a fresh copy). */
    public byte[] encoded() {
        return encoded.clone();
    }

    /** Lowercase hex of {@code suite.hash()} over {@code (byte) suite.id() || encoded}, all 32 bytes. */
    public String fingerprint() {
        return fingerprint;
    }

    /** A thread-safe verifier; failures are {@link SignatureException}s naming suite and key. */
    public Verifier verifier() {
        return (signature, message) -> {
            Objects.requireNonNull(signature, "signature");
            Objects.requireNonNull(message, "message");
            try {
                key.verify(signature, message);
            } catch (SignatureException e) {
                throw new SignatureException(suite.label() + " signature rejected by key "
                        + fingerprint.substring(0, SHORT_FINGERPRINT) + ": " + e.getMessage(), e);
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublicKey other && suite == other.suite && Arrays.equals(encoded, other.encoded);
    }

    @Override
    public int hashCode() {
        return 31 * suite.hashCode() + Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "PublicKey{" + suite.label() + ", " + fingerprint.substring(0, SHORT_FINGERPRINT) + "…}";
    }
}
