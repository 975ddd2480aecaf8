package cn.bsnedge.agent.config;

import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A typed config definition, after Californium's {@code UdpConfig}: a key, a description, a
 * default and a valid range. The same definitions parse the file, name the range in error
 * messages and are checked against {@code docs/CONFIG.md}, so the three cannot drift apart.
 *
 * <p>{@link #parse} throws {@link IllegalArgumentException} whose message says what is wrong
 * with the value and what would be valid; the caller adds where (file, line, path).
 */
public sealed interface Setting<T> {

    /** The path as documented, e.g. {@code sealing.maxAge} or {@code sensors[].interval}. */
    String key();

    String description();

    /** The value used when the key is absent; empty when the key must be given. */
    Optional<T> defaultValue();

    /** The default as CONFIG.md shows it: the value, or {@code required}. */
    String defaultText();

    /** The valid values as CONFIG.md and error messages show them, e.g. {@code 1..100000}. */
    String rangeText();

    T parse(ScalarNode node);

    private static String shown(ScalarNode n) {
        return n.isPlain() ? n.getValue() : "'" + n.getValue() + "'";
    }

    /**
     * A whole number in {@code min..max}; {@code hex} shows it as 0x.. (bus addresses).
     * {@code defaultNote} documents a default that depends on the driver (null otherwise).
     */
    record IntSetting(String key, String description, Integer dflt, long min, long max, boolean hex,
                      String defaultNote) implements Setting<Integer> {

        public static IntSetting of(String key, String description, Integer dflt, long min, long max) {
            return new IntSetting(key, description, dflt, min, max, false, null);
        }

        /** This setting with the default one driver gives it. */
        public IntSetting withDefault(Integer d) {
            return new IntSetting(key, description, d, min, max, hex, null);
        }

        public String format(long v) {
            return hex ? String.format("0x%02x", v) : Long.toString(v);
        }

        @Override
        public Optional<Integer> defaultValue() {
            return Optional.ofNullable(dflt);
        }

        @Override
        public String defaultText() {
            return dflt != null ? format(dflt) : defaultNote != null ? defaultNote : "required";
        }

        @Override
        public String rangeText() {
            return format(min) + ".." + format(max);
        }

        @Override
        public Integer parse(ScalarNode n) {
            Long v = n.getTag().equals(Tag.INT) ? parseLong(n.getValue()) : null;
            if (v == null) {
                throw new IllegalArgumentException(shown(n) + " is not a whole number; want " + rangeText());
            }
            if (v < min || v > max) {
                throw new IllegalArgumentException(n.getValue() + " is outside " + rangeText());
            }
            return v.intValue();
        }

        /** YAML 1.2 core integers: decimal, 0x hex, 0o octal; null when too long for a long. */
        private static Long parseLong(String s) {
            try {
                if (s.startsWith("0x")) {
                    return Long.parseLong(s.substring(2), 16);
                }
                if (s.startsWith("0o")) {
                    return Long.parseLong(s.substring(2), 8);
                }
                return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** A decimal number in {@code min..max}, kept exact (readings are decimals too). */
    record DecimalSetting(String key, String description, BigDecimal dflt, BigDecimal min, BigDecimal max)
            implements Setting<BigDecimal> {

        public static DecimalSetting of(String key, String description, String dflt, String min, String max) {
            return new DecimalSetting(key, description, dflt == null ? null : new BigDecimal(dflt),
                    new BigDecimal(min), new BigDecimal(max));
        }

        @Override
        public Optional<BigDecimal> defaultValue() {
            return Optional.ofNullable(dflt);
        }

        @Override
        public String defaultText() {
            return dflt == null ? "required" : dflt.toPlainString();
        }

        @Override
        public String rangeText() {
            return min.toPlainString() + ".." + max.toPlainString();
        }

        @Override
        public BigDecimal parse(ScalarNode n) {
            BigDecimal v = null;
            if (n.getTag().equals(Tag.INT) || n.getTag().equals(Tag.FLOAT)) {
                try {
                    v = new BigDecimal(n.getValue().startsWith("+") ? n.getValue().substring(1) : n.getValue());
                } catch (NumberFormatException e) {
                    v = null; // .inf, .nan and 0x.. are not measurements
                }
            }
            if (v == null) {
                throw new IllegalArgumentException(shown(n) + " is not a decimal number; want " + rangeText());
            }
            if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
                throw new IllegalArgumentException(n.getValue() + " is outside " + rangeText());
            }
            return v;
        }
    }

    /** A duration written as engineers write them: 500ms, 30s, 5m, 2h, 7d. */
    record DurationSetting(String key, String description, Duration dflt, Duration min, Duration max)
            implements Setting<Duration> {

        private static final Pattern P = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

        public static DurationSetting of(String key, String description, String dflt, String min, String max) {
            return new DurationSetting(key, description, dflt == null ? null : parseText(dflt),
                    parseText(min), parseText(max));
        }

        /** The duration {@code text} denotes, or null when it is not one. */
        public static Duration parseText(String text) {
            Matcher m = P.matcher(text);
            if (!m.matches()) {
                return null;
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }

        /** The shortest of 500ms/30s/5m/2h that states {@code d} exactly; whole days beyond one as 7d. */
        public static String format(Duration d) {
            long ms = d.toMillis();
            if (ms % 86_400_000 == 0 && ms > 86_400_000) {
                return ms / 86_400_000 + "d";
            }
            if (ms % 3_600_000 == 0 && ms > 0) {
                return ms / 3_600_000 + "h";
            }
            if (ms % 60_000 == 0 && ms > 0) {
                return ms / 60_000 + "m";
            }
            return ms % 1000 == 0 && ms > 0 ? ms / 1000 + "s" : ms + "ms";
        }

        @Override
        public Optional<Duration> defaultValue() {
            return Optional.ofNullable(dflt);
        }

        @Override
        public String defaultText() {
            return dflt == null ? "required" : format(dflt);
        }

        @Override
        public String rangeText() {
            return format(min) + ".." + format(max);
        }

        @Override
        public Duration parse(ScalarNode n) {
            Duration d = n.getTag().equals(Tag.STR) ? parseText(n.getValue()) : null;
            if (d == null) {
                throw new IllegalArgumentException(shown(n) + " is not a duration; write e.g. 500ms, 30s, 5m or 2h, within "
                        + rangeText());
            }
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException(n.getValue() + " is outside " + rangeText());
            }
            return d;
        }
    }

    /** One of a fixed list of words; the message lists them and suggests the nearest. */
    record ChoiceSetting(String key, String description, String dflt, List<String> choices)
            implements Setting<String> {

        public ChoiceSetting {
            choices = List.copyOf(choices);
        }

        @Override
        public Optional<String> defaultValue() {
            return Optional.ofNullable(dflt);
        }

        @Override
        public String defaultText() {
            return dflt == null ? "required" : dflt;
        }

        @Override
        public String rangeText() {
            return String.join(", ", choices);
        }

        @Override
        public String parse(ScalarNode n) {
            if (choices.contains(n.getValue())) {
                return n.getValue();
            }
            String near = Nearest.of(n.getValue(), choices);
            throw new IllegalArgumentException(shown(n) + " is not one of " + String.join(", ", choices)
                    + (near == null ? "" : "; did you mean `" + near + "`?"));
        }
    }

    /**
     * Free or checked text. {@code problem} returns why a value is invalid, or null; its message
     * follows the value, e.g. "'x' has no '/'; want prefix/suffix".
     */
    record TextSetting(String key, String description, String dflt, String rangeText,
                       Function<String, String> problem) implements Setting<String> {

        @Override
        public Optional<String> defaultValue() {
            return Optional.ofNullable(dflt);
        }

        @Override
        public String defaultText() {
            return dflt == null ? "required" : dflt.isEmpty() ? "empty" : dflt;
        }

        @Override
        public String parse(ScalarNode n) {
            String why = problem.apply(n.getValue());
            if (why != null) {
                throw new IllegalArgumentException("'" + n.getValue() + "' " + why);
            }
            return n.getValue();
        }
    }

    /** A calendar date, ISO 8601 {@code YYYY-MM-DD}. */
    record DateSetting(String key, String description) implements Setting<LocalDate> {

        @Override
        public Optional<LocalDate> defaultValue() {
            return Optional.empty();
        }

        @Override
        public String defaultText() {
            return "required";
        }

        @Override
        public String rangeText() {
            return "a date YYYY-MM-DD";
        }

        @Override
        public LocalDate parse(ScalarNode n) {
            try {
                return LocalDate.parse(n.getValue());
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(shown(n) + " is not a date; write YYYY-MM-DD, e.g. 2025-03-14");
            }
        }
    }
}
