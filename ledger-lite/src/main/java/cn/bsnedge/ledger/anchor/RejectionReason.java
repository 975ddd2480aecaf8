package cn.bsnedge.ledger.anchor;

/**
 * Why a city node refused an anchor (PROTOCOL.md §3.5), with the byte that carries it. {@link
 * #alarm()} marks the reasons that point at a faulty, compromised or impersonated gateway:
 * the node raises an alarm for them, not just a log line.
 */
public enum RejectionReason {
    /** The anchor message did not decode. */
    MALFORMED(0x01, "malformed", false),
    /** The message's protocol or statement version is not one the node speaks. */
    UNSUPPORTED_VERSION(0x02, "unsupported-version", false),
    /** The message exceeds the anchor size limit. */
    TOO_LARGE(0x03, "too-large", false),
    /** The tree head names another gateway than the topic it was published on. */
    GATEWAY_MISMATCH(0x04, "gateway-mismatch", true),
    /** The node has no registered key for the gateway. */
    UNKNOWN_GATEWAY(0x05, "unknown-gateway", false),
    /** The tree head's signature does not verify under the gateway's registered keys. */
    SIGNATURE(0x06, "signature", true),
    /** The tree is smaller than the one recorded, and not one the node recorded: a replay. */
    STALE(0x07, "stale", false),
    /** The consistency proof starts at another size than the node's latest record (see its recorded size and root). */
    BASE_MISMATCH(0x08, "base-mismatch", false),
    /** The consistency proof does not show the new tree extends the recorded one: history was rewritten. */
    INCONSISTENT(0x09, "inconsistent", true),
    /** A signed tree head of a recorded size with another root: the gateway signed two histories. */
    FORK(0x0a, "fork", true),
    /** The node could not record the anchor now (its ledger or chain is unavailable); retry later. */
    UNAVAILABLE(0x0b, "unavailable", false);

    private final int code;
    private final String label;
    private final boolean alarm;

    RejectionReason(int code, String label, boolean alarm) {
        this.code = code;
        this.label = label;
        this.alarm = alarm;
    }

    public int code() {
        return code;
    }

    public String label() {
        return label;
    }

    /** True if the reason is evidence against the gateway (or someone using its name). */
    public boolean alarm() {
        return alarm;
    }

    public static RejectionReason fromCode(int code) {
        for (RejectionReason r : values()) {
            if (r.code == code) {
                return r;
            }
        }
        throw new IllegalArgumentException(String.format("rejection reason 0x%02x is not one of 0x01..0x%02x", code, values().length));
    }

    /** The reason a node reports for a failed check. */
    public static RejectionReason of(AnchorException.Kind kind) {
        return switch (kind) {
            case NO_KEY -> UNKNOWN_GATEWAY;
            case SUITE, SIGNATURE -> SIGNATURE;
            case GATEWAY -> GATEWAY_MISMATCH;
            case STALE -> STALE;
            case FORK -> FORK;
            case BASE_MISMATCH -> BASE_MISMATCH;
            case INCONSISTENT, RECEIPT_MISMATCH, BLOCK_INCLUSION -> INCONSISTENT;
        };
    }
}
