package cn.bsnedge.agent.transport.mqtt;

import java.nio.charset.StandardCharsets;

/** MQTT topic names and filters (MQTT 5 section 4.7): validation and matching, no I/O. */
final class Topics {

    private static final String SHARE = "$share/";

    private Topics() {
    }

    /** A topic to publish to: 1..65535 UTF-8 bytes, no wildcards, no NUL. */
    static void checkName(String topic) {
        checkLength("topic", topic);
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            throw new IllegalArgumentException("topic '" + topic + "' contains a wildcard (+ or #); publish to a plain topic");
        }
    }

    /**
     * A filter to subscribe to, plain or shared ({@code $share/group/filter}).
     *
     * @return the filter that messages are matched against (the part after the share group)
     */
    static String checkFilter(String filter) {
        checkLength("topic filter", filter);
        String match = filter;
        if (filter.startsWith(SHARE)) {
            int slash = filter.indexOf('/', SHARE.length());
            String group = slash < 0 ? "" : filter.substring(SHARE.length(), slash);
            if (group.isEmpty() || group.indexOf('+') >= 0 || group.indexOf('#') >= 0 || slash == filter.length() - 1) {
                throw new IllegalArgumentException("shared subscription '" + filter
                        + "' must be $share/GROUP/FILTER with a non-empty group without wildcards and a non-empty filter");
            }
            match = filter.substring(slash + 1);
        }
        String[] levels = match.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                throw new IllegalArgumentException("topic filter '" + filter + "': # must be a whole level and the last one");
            }
            if (level.contains("+") && !level.equals("+")) {
                throw new IllegalArgumentException("topic filter '" + filter + "': + must be a whole level");
            }
        }
        return match;
    }

    /** Whether {@code topic} matches {@code filter} (a plain filter, as returned by {@link #checkFilter}). */
    static boolean matches(String filter, String topic) {
        // A filter starting with a wildcard does not match topics starting with $ (e.g. $SYS).
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true; // also matches the parent level: "a/#" matches "a"
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }

    private static void checkLength(String what, String s) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        if (s.indexOf('\0') >= 0 || s.getBytes(StandardCharsets.UTF_8).length > 65535) {
            throw new IllegalArgumentException(what + " '" + s + "' must be at most 65535 UTF-8 bytes without NUL");
        }
    }
}
