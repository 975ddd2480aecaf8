package cn.bsnedge.ledger.codec;

/**
 * Bytes that are not a valid encoding under FORMAT.md. The message names the field and the
 * byte offset, so a city integrator re-implementing the format can find the disagreement.
 */
public final class FormatException extends Exception {

    private final String field;
    private final int offset;

    public FormatException(String field, int offset, String problem) {
        super(field + " at byte " + offset + ": " + problem);
        this.field = field;
        this.offset = offset;
    }

    public String field() {
        return field;
    }

    public int offset() {
        return offset;
    }
}
