package cn.bsnedge.ledger.anchor;

import cn.bsnedge.ledger.anchor.AnchorException.Kind;
import cn.bsnedge.ledger.crypto.PublicKey;
import cn.bsnedge.ledger.crypto.Signer;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A statement with its signature. Signing and verifying always go through the statement's
 * {@link Statement#signingMessage()}, so the context string cannot be forgotten.
 */
public record Signed<T extends Statement>(T statement, byte[] signature) {

    public Signed {
        Objects.requireNonNull(statement, "statement");
        Objects.requireNonNull(signature, "signature");
        if (signature.length != statement.suite().signatureLength()) {
            throw new IllegalArgumentException("signature of " + signature.length + " bytes; "
                    + statement.suite().label() + " signatures are " + statement.suite().signatureLength());
        }
        signature = signature.clone();
    }

    /** Signs {@code statement} with {@code signer}, whose suite must be the statement's. */
    public static <T extends Statement> Signed<T> sign(T statement, Signer signer) throws GeneralSecurityException {
        if (signer.suite() != statement.suite()) {
            throw new IllegalArgumentException("a " + statement.suite().label() + " statement cannot be signed with a "
                    + signer.suite().label() + " key");
        }
        return new Signed<>(statement, signer.sign(statement.signingMessage()));
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** Returns normally only if the signature verifies under {@code key}. */
    public void verify(PublicKey key) throws AnchorException {
        if (key.suite() != statement.suite()) {
            throw new AnchorException(Kind.SUITE, "key suite", key.suite().label(), statement.suite().label());
        }
        try {
            key.verifier().verify(signature, statement.signingMessage());
        } catch (GeneralSecurityException e) {
            throw new AnchorException(Kind.SIGNATURE, statement.context().label() + " signature does not verify under key "
                    + key.fingerprint().substring(0, 16) + "… (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The first of {@code keys} under which the signature verifies (several keys are trusted
     * for one identity during a key rotation).
     *
     * @throws AnchorException {@link Kind#NO_KEY} for no keys, {@link Kind#SUITE} if none has the
     *     statement's suite, else {@link Kind#SIGNATURE}
     */
    public PublicKey verifyAny(List<PublicKey> keys) throws AnchorException {
        if (keys.isEmpty()) {
            throw new AnchorException(Kind.NO_KEY, "no key to verify the " + statement.context().label() + " signature");
        }
        AnchorException last = null;
        for (PublicKey k : keys.stream().filter(k -> k.suite() == statement.suite()).toList()) {
            try {
                verify(k);
                return k;
            } catch (AnchorException e) {
                last = e;
            }
        }
        if (last == null) {
            throw new AnchorException(Kind.SUITE, "no " + statement.suite().label() + " key among the "
                    + keys.size() + " trusted; key suites", keys.stream().map(k -> k.suite().label()).distinct().toList().toString(),
                    statement.suite().label());
        }
        throw last;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Signed<?> s && Arrays.equals(statement.encode(), s.statement.encode())
                && statement.context() == s.statement.context() && Arrays.equals(signature, s.signature);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(statement.encode()) + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "Signed[" + statement + ", signature=" + HexFormat.of().formatHex(signature) + "]";
    }
}
