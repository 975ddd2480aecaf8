package cn.bsnedge.ledger.crypto;

import java.security.GeneralSecurityException;

/**
 * Verifies signatures made with one public key. Returns normally only when the signature is
 * valid; there is no boolean to forget to check.
 */
public interface Verifier {

    void verify(byte[] signature, byte[] message) throws GeneralSecurityException;
}
