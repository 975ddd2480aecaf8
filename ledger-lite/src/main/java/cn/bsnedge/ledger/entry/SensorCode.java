package cn.bsnedge.ledger.entry;

/**
 * A sensor's city identification code, Handle-style {@code prefix/suffix}, e.g.
 * {@code 88.1001.31/WTR-0001234}. The city owns the prefix (dot-separated decimal segments,
 * as Handle and the Chinese industrial-internet identifier system assign them); the utility
 * engineer assigns the suffix. Printable ASCII only, so the code encodes byte-for-byte the
 * same in every language that re-implements FORMAT.md.
 */
public record SensorCode(String value) implements Comparable<SensorCode> {

    public static final int MAX_LENGTH = 128;

    public SensorCode {
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException("sensor code '" + value + "': " + problem);
        }
    }

    public static SensorCode of(String value) {
        return new SensorCode(value);
    }

    /** Why {@code value} is not a valid code, or null when it is. */
    public static String problem(String value) {
        if (value == null || value.isEmpty()) {
            return "is empty; want prefix/suffix, e.g. 88.1001.31/WTR-0001234";
        }
        if (value.length() > MAX_LENGTH) {
            return "is " + value.length() + " characters; at most " + MAX_LENGTH + " allowed";
        }
        int slash = value.indexOf('/');
        if (slash < 0) {
            return "has no '/'; want prefix/suffix, e.g. 88.1001.31/WTR-0001234";
        }
        String prefix = value.substring(0, slash);
        String suffix = value.substring(slash + 1);
        if (!validPrefix(prefix)) {
            return "prefix '" + prefix + "' must be 1 to 8 dot-separated segments of 1 to 10 digits, e.g. 88.1001.31";
        }
        if (!validSuffix(suffix)) {
            return "suffix '" + suffix + "' must start with a letter or digit and use only A-Z a-z 0-9 . _ - (at most 96)";
        }
        return null;
    }

    // Hand-written rather than regular expressions: every reading is validated when it is made
    // and when it is decoded, and this runs per reading on the gateway's hot path.

    /** {@code [0-9]{1,10}(\.[0-9]{1,10}){0,7}} */
    private static boolean validPrefix(String p) {
        int segments = 1;
        int run = 0;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++run > 10) {
                    return false;
                }
            } else if (c == '.' && run > 0 && ++segments <= 8) {
                run = 0;
            } else {
                return false;
            }
        }
        return run > 0;
    }

    /** {@code [A-Za-z0-9][A-Za-z0-9._-]{0,95}} */
    private static boolean validSuffix(String s) {
        if (s.isEmpty() || s.length() > 96 || !alnum(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!alnum(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean alnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    public String prefix() {
        return value.substring(0, value.indexOf('/'));
    }

    public String suffix() {
        return value.substring(value.indexOf('/') + 1);
    }

    @Override
    public int compareTo(SensorCode o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
