package cn.bsnedge.ledger.entry;

/** The unit of a {@link Timestamp}: 10^-exponent seconds. */
public enum TimeResolution {
    SECONDS(0, "s"),
    MILLISECONDS(3, "ms"),
    MICROSECONDS(6, "us"),
    NANOSECONDS(9, "ns");

    private final int exponent;
    private final String label;

    TimeResolution(int exponent, String label) {
        this.exponent = exponent;
        this.label = label;
    }

    public int exponent() {
        return exponent;
    }

    public String label() {
        return label;
    }

    /** Units of this resolution per second. */
    long perSecond() {
        long p = 1;
        for (int i = 0; i < exponent; i++) {
            p *= 10;
        }
        return p;
    }

    public static TimeResolution fromExponent(int exponent) {
        for (TimeResolution r : values()) {
            if (r.exponent == exponent) {
                return r;
            }
        }
        throw new IllegalArgumentException("time resolution exponent " + exponent + " is not one of 0, 3, 6, 9");
    }

    public static TimeResolution fromLabel(String label) {
        for (TimeResolution r : values()) {
            if (r.label.equals(label)) {
                return r;
            }
        }
        throw new IllegalArgumentException("time resolution '" + label + "' is not one of s, ms, us, ns");
    }
}
