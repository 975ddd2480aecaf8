package cn.bsnedge.ledger.crypto.internal;

import cn.bsnedge.ledger.crypto.HashFunction;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SM3Digest;

/**
 * Entry point from {@code cn.bsnedge.ledger.crypto} into this package. Returns our own
 * interfaces only; the Bouncy Castle classes behind them stay package-private.
 */
public final class Algorithms {

    private static final HashFunction SHA256 = new BcHashFunction("SHA-256", SHA256Digest::new);
    private static final HashFunction SM3 = new BcHashFunction("SM3", SM3Digest::new);

    private Algorithms() {}

    public static HashFunction sha256() {
        return SHA256;
    }

    public static HashFunction sm3() {
        return SM3;
    }

    /** Pure Ed25519 (RFC 8032 §5.1), 32-byte seed, 32-byte public key, 64-byte signature. */
    public static SignatureAlgorithm ed25519() {
        return Ed25519Algorithm.INSTANCE;
    }

    /** SM2 on sm2p256v1 with SM3, user ID "1234567812345678", deterministic k, r||s. */
    public static SignatureAlgorithm sm2() {
        return Sm2Algorithm.standard();
    }

    /** ECDSA P-256 with SHA-256 and RFC 6979 nonces, r||s. */
    public static SignatureAlgorithm p256() {
        return EcdsaP256Algorithm.INSTANCE;
    }
}
