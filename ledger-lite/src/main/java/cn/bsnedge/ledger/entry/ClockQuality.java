package cn.bsnedge.ledger.entry;

/**
 * Whether the gateway's clock was synchronised when it stamped a reading. Gateways have no
 * real-time clock: after a power cut they count from a stale time until NTP or GNSS answers,
 * so a verifier must know which timestamps to trust as wall-clock time.
 */
public enum ClockQuality {
    /** Not known to be synchronised: order is reliable within the gateway, wall time is not. */
    UNSYNCED(0, "unsynced"),
    /** Synchronised to an external reference (NTP, GNSS) when the reading was stamped. */
    SYNCED(1, "synced");

    private final int code;
    private final String label;

    ClockQuality(int code, String label) {
        this.code = code;
        this.label = label;
    }

    public int code() {
        return code;
    }

    public String label() {
        return label;
    }

    public static ClockQuality fromCode(int code) {
        for (ClockQuality q : values()) {
            if (q.code == code) {
                return q;
            }
        }
        throw new IllegalArgumentException("clock quality " + code + " is not 0 (unsynced) or 1 (synced)");
    }

    public static ClockQuality fromLabel(String label) {
        for (ClockQuality q : values()) {
            if (q.label.equals(label)) {
                return q;
            }
        }
        throw new IllegalArgumentException("clock quality '" + label + "' is not unsynced or synced");
    }
}
