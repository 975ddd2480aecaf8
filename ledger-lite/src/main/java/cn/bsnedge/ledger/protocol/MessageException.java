package cn.bsnedge.ledger.protocol;

import cn.bsnedge.ledger.codec.FormatException;

import java.util.Objects;

/**
 * A payload a receiver cannot use, with the {@link Kind} that decides what it does about it
 * (PROTOCOL.md §6): a node answers an anchor with the matching rejection, every receiver counts
 * and logs. The message names the field and byte offset.
 */
public final class MessageException extends Exception {

    public enum Kind {
        /** Larger than the kind's limit: not decoded at all. */
        TOO_LARGE,
        /** A protocol or statement version this implementation does not speak. */
        UNSUPPORTED_VERSION,
        /** Another kind than the topic carries. */
        WRONG_KIND,
        /** Not a valid encoding: truncated, trailing bytes, a value out of range. */
        MALFORMED
    }

    private final Kind kind;
    private final String field;
    private final int offset;

    public MessageException(Kind kind, String field, int offset, String problem) {
        super(field + " at byte " + offset + ": " + problem);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.field = field;
        this.offset = offset;
    }

    /** {@code e} from a structure that starts at byte {@code base} of the payload. */
    static MessageException malformed(FormatException e, int base) {
        MessageException m = new MessageException(Kind.MALFORMED, e.field(), base + e.offset(), e.getMessage()
                .substring(e.getMessage().indexOf(": ") + 2));
        m.initCause(e);
        return m;
    }

    public Kind kind() {
        return kind;
    }

    public String field() {
        return field;
    }

    public int offset() {
        return offset;
    }
}
