/**
 * The only place Bouncy Castle types may appear. Everything outside this package sees
 * {@code cn.bsnedge.ledger.crypto}'s own {@code CryptoSuite}, {@code PublicKey},
 * {@code PrivateKey}, {@code Signer} and {@code Verifier}, so swapping the provider (or
 * adding an HSM) never touches callers.
 *
 * <p>The few public types here ({@link cn.bsnedge.ledger.crypto.internal.Algorithms} and
 * three small interfaces) are public only because Java has no friend packages; they expose
 * byte arrays and JDK exceptions, never Bouncy Castle classes. Do not use them from outside
 * {@code cn.bsnedge.ledger.crypto}.
 */
package cn.bsnedge.ledger.crypto.internal;
