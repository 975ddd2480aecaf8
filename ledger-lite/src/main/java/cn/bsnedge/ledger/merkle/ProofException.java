package cn.bsnedge.ledger.merkle;

import java.security.GeneralSecurityException;
import java.util.Objects;
import java.util.Optional;

/**
 * A Merkle proof did not verify. Checked, and a {@link GeneralSecurityException}, so that a
 * caller cannot forget that verification can fail and can treat it like a bad signature.
 *
 * <p>{@link #kind()} says which check failed so callers and tests can tell a malformed proof
 * (wrong sizes or lengths, found before any hashing) from a well-formed proof for other data (a
 * root mismatch). Mismatches carry the {@link #expected()} and {@link #calculated()} hashes.
 */
public final class ProofException extends GeneralSecurityException {

    /** Which check failed, in the order {@link ProofVerifier} runs them. */
    public enum Kind {
        /** Sizes are negative, {@code size1 > size2}, or a consistency proof starts at size 0. */
        BAD_SIZES,
        /** The leaf index is not in {@code 0..size-1}. */
        INDEX_OUT_OF_RANGE,
        /** The proof has more or fewer hashes than the sizes and index call for. */
        WRONG_PROOF_SIZE,
        /** A leaf hash, root or proof element does not have the hasher's length. */
        WRONG_HASH_SIZE,
        /** Inclusion: the root calculated from the proof differs from the expected root. */
        ROOT_MISMATCH,
        /** Consistency: the proof does not reproduce the older root. */
        CONSISTENCY_ROOT1_MISMATCH,
        /** Consistency: the proof does not reproduce the newer root. */
        CONSISTENCY_ROOT2_MISMATCH
    }

    private final Kind kind;
    private final byte[] expected;
    private final byte[] calculated;

    ProofException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.expected = null;
        this.calculated = null;
    }

    ProofException(Kind kind, String message, byte[] expected, byte[] calculated) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.expected = expected.clone();
        this.calculated = calculated.clone();
    }

    public Kind kind() {
        return kind;
    }

    /** The hash the caller supplied, for the mismatch kinds; empty for the others. */
    public Optional<byte[]> expected() {
        return Optional.ofNullable(expected).map(byte[]::clone);
    }

    /** The hash the proof produced, for the mismatch kinds; empty for the others. */
    public Optional<byte[]> calculated() {
        return Optional.ofNullable(calculated).map(byte[]::clone);
    }
}
