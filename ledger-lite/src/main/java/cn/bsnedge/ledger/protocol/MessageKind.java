package cn.bsnedge.ledger.protocol;

/**
 * The payload kinds of the MQTT protocol (PROTOCOL.md §4), each with the byte that follows the
 * protocol version and the largest payload a receiver accepts. Limits sit well above the
 * largest valid message of each kind (stated in PROTOCOL.md), so they only stop garbage.
 */
public enum MessageKind {
    /** Gateway → node: a signed tree head with its consistency proof. */
    ANCHOR(0x01, "anchor", 8 * 1024),
    /** Node → gateway: a signed receipt. */
    RECEIPT(0x02, "receipt", 1024),
    /** Node → gateway: a signed refusal of an anchor. */
    REJECTION(0x03, "rejection", 1024),
    /** Gateway, retained: who it is and where its chain stands. */
    BIRTH(0x04, "birth", 1024),
    /** Gateway's Last Will, retained. */
    DEATH(0x05, "death", 1024),
    /** Gateway → city: sealed blocks (telemetry). */
    BLOCKS(0x06, "blocks", 32 * 1024 * 1024),
    /** City → gateway: publish these blocks again. */
    RESEND(0x07, "resend", 512);

    private final int code;
    private final String label;
    private final int maxBytes;

    MessageKind(int code, String label, int maxBytes) {
        this.code = code;
        this.label = label;
        this.maxBytes = maxBytes;
    }

    public int code() {
        return code;
    }

    public String label() {
        return label;
    }

    /** The largest payload of this kind a receiver decodes; larger ones are refused unread. */
    public int maxBytes() {
        return maxBytes;
    }

    /** The kind with this code, or null. */
    static MessageKind fromCode(int code) {
        for (MessageKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        return null;
    }
}
