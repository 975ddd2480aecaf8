package cn.bsnedge.ledger.crypto.internal;

import java.security.GeneralSecurityException;

/** A parsed private key. Implementations are immutable and thread-safe. */
public interface SigningKey {

    /** The matching public key in the scheme's encoding (fresh array). */
    byte[] publicKey();

    /** Deterministic signature over {@code message} in the scheme's fixed-length encoding. */
    byte[] sign(byte[] message) throws GeneralSecurityException;
}
