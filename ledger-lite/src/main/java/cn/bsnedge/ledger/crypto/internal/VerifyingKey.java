package cn.bsnedge.ledger.crypto.internal;

import java.security.SignatureException;

/** A parsed public key. Implementations are immutable and thread-safe. */
public interface VerifyingKey {

    /**
     * Returns normally only for a valid signature. Otherwise throws with the reason (wrong
     * length, a value out of range, or a mismatch); the caller adds which suite and key.
     */
    void verify(byte[] signature, byte[] message) throws SignatureException;
}
