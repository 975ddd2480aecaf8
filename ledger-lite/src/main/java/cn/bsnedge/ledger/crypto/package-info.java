/**
 * Signature suites, keys and hashes for BSN Edge ledgers. Callers use {@link
 * cn.bsnedge.ledger.crypto.CryptoSuite}, {@link cn.bsnedge.ledger.crypto.PublicKey}, {@link
 * cn.bsnedge.ledger.crypto.PrivateKey}, {@link cn.bsnedge.ledger.crypto.Signer} and {@link
 * cn.bsnedge.ledger.crypto.Verifier}; the Bouncy Castle code behind them lives in {@code
 * internal} and must not be used directly.
 *
 * <p>All signing is deterministic (RFC 8032; RFC 6979 for P-256; RFC 6979-style HMAC-SM3 k
 * for SM2) and every encoding has a fixed length, so a block header signature is always 64
 * bytes and re-signing a block after a crash yields identical bytes.
 */
package cn.bsnedge.ledger.crypto;
