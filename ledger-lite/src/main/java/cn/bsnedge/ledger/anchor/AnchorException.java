package cn.bsnedge.ledger.anchor;

import java.security.GeneralSecurityException;
import java.util.Objects;
import java.util.Optional;

/**
 * A signed statement or an anchor that does not hold up, with the {@link Kind} of failure and,
 * where two values disagree, what was found ({@link #got()}) and what was required ({@link
 * #want()}): the message reads "…: got X, want Y".
 */
public final class AnchorException extends GeneralSecurityException {

    public enum Kind {
        /** No key to check the statement against: the gateway or node is not registered. */
        NO_KEY,
        /** The key is of another suite than the statement. */
        SUITE,
        /** The signature does not verify under the key. */
        SIGNATURE,
        /** The statement names another gateway than the one it must be about. */
        GATEWAY,
        /** An anchor for a smaller tree than the one recorded: a replay. */
        STALE,
        /** A tree head of the recorded size with another root: two histories signed by one key. */
        FORK,
        /** The anchor's consistency proof starts at another size than the recorded one. */
        BASE_MISMATCH,
        /** The consistency proof does not show that the new tree extends the recorded one. */
        INCONSISTENT,
        /** A receipt that does not cover the tree head it is presented with. */
        RECEIPT_MISMATCH,
        /** A block whose hash is not at its height in the tree head's tree. */
        BLOCK_INCLUSION
    }

    private final Kind kind;
    private final String got;
    private final String want;

    public AnchorException(Kind kind, String message) {
        this(kind, message, null, null, null);
    }

    public AnchorException(Kind kind, String message, Throwable cause) {
        this(kind, message, null, null, cause);
    }

    /** "{@code what}: got {@code got}, want {@code want}". */
    public AnchorException(Kind kind, String what, String got, String want) {
        this(kind, what + ": got " + got + ", want " + want, got, want, null);
    }

    public AnchorException(Kind kind, String what, String got, String want, Throwable cause) {
        super(what, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.got = got;
        this.want = want;
    }

    public Kind kind() {
        return kind;
    }

    /** What the statement or proof says, when two values disagree. */
    public Optional<String> got() {
        return Optional.ofNullable(got);
    }

    /** What it had to say. */
    public Optional<String> want() {
        return Optional.ofNullable(want);
    }
}
