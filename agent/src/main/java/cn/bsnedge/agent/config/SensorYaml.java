package cn.bsnedge.agent.config;

import cn.bsnedge.agent.config.Setting.DurationSetting;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Writes sensors as {@code gateway.yaml} declares them, for {@code DATA/sensors.yaml}, the file
 * the {@code bsn-edge sensors} commands keep. A sensor is a flat map from key path ({@code address},
 * {@code calibration.by}, {@code options.unit}) to a YAML scalar, so a command can change a few
 * keys of an existing sensor and have the whole file re-read by {@link ConfigLoader}: the file
 * the agent reads is checked by exactly the rules an engineer's hand-written file is.
 */
public final class SensorYaml {

    /** Plain scalars we pass through unquoted: numbers, durations, dates, hex. Anything else is quoted. */
    private static final Pattern PLAIN = Pattern.compile("[+-]?[0-9A-Za-z._:]+");
    private static final List<String> TEXT_KEYS = List.of("code", "driver", "device", "rom", "uri", "engineer", "status", "note",
            "location.description", "calibration.by");

    private SensorYaml() {
    }

    /** {@code sensor}'s keys and YAML scalars, in documentation order; defaults are written out. */
    public static Map<String, String> fields(SensorConfig s) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("code", quoted(s.code().value()));
        f.put("driver", quoted(s.driver()));
        switch (s.bus()) {
            case Bus.None n -> { }
            case Bus.I2c i -> {
                f.put("bus", Integer.toString(i.bus()));
                f.put("address", String.format("0x%02x", i.address()));
            }
            case Bus.Spi p -> {
                f.put("bus", Integer.toString(p.bus()));
                f.put("chipSelect", Integer.toString(p.chipSelect()));
            }
            case Bus.Gpio g -> f.put("pin", Integer.toString(g.pin()));
            case Bus.Serial d -> f.put("device", quoted(d.device()));
            case Bus.OneWire w -> f.put("rom", quoted(w.rom()));
            case Bus.Network n -> {
                if (!n.uri().isEmpty()) {
                    f.put("uri", quoted(n.uri()));
                }
            }
        }
        f.put("interval", DurationSetting.format(s.interval()));
        s.location().ifPresent(l -> {
            f.put("location.lat", BigDecimal.valueOf(l.lat()).toPlainString());
            f.put("location.lon", BigDecimal.valueOf(l.lon()).toPlainString());
            f.put("location.description", quoted(l.description()));
        });
        if (!s.calibration().equals(SensorConfig.Calibration.NONE)) {
            f.put("calibration.offset", s.calibration().offset().toPlainString());
            f.put("calibration.scale", s.calibration().scale().toPlainString());
            f.put("calibration.by", quoted(s.calibration().by()));
            s.calibration().at().ifPresent(d -> f.put("calibration.at", d.toString()));
        }
        f.put("engineer", quoted(s.engineer()));
        f.put("status", quoted(s.status().name().toLowerCase(java.util.Locale.ROOT)));
        if (!s.note().isEmpty()) {
            f.put("note", quoted(s.note()));
        }
        s.options().values().forEach((k, v) -> f.put("options." + k, option(v)));
        return f;
    }

    /**
     * A value an engineer typed for {@code key}, as a YAML scalar: text keys always quoted (so
     * {@code 007} stays text), numbers and durations plain when they look like one, so that the
     * loader judges them as numbers and says what is wrong if they are not.
     *
     * @param text whether {@code key} holds text (for {@code options.*}, the driver's setting says)
     */
    public static String scalar(String key, String raw, boolean text) {
        return !text && !TEXT_KEYS.contains(key) && PLAIN.matcher(raw).matches() ? raw : quoted(raw);
    }

    /** Whether a driver option is text (quoted) rather than a number; unknown options count as numbers. */
    public static boolean textOption(String driver, String option) {
        return DriverSpec.named(driver).flatMap(d -> d.options().stream()
                        .filter(s -> s.key().equals(DriverSpec.OPTIONS + option)).findFirst())
                .map(s -> s instanceof Setting.TextSetting || s instanceof Setting.ChoiceSetting).orElse(false);
    }

    /** One {@code - code: ...} list item, two-space indented; sections for dotted keys. */
    public static String item(Map<String, String> fields) {
        StringBuilder b = new StringBuilder();
        String section = null;
        boolean first = true;
        for (Map.Entry<String, String> e : fields.entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            String sec = dot < 0 || !List.of("location", "calibration", "options").contains(key.substring(0, dot))
                    ? null : key.substring(0, dot);
            if (sec != null && !sec.equals(section)) {
                b.append("    ").append(sec).append(":\n");
            }
            section = sec;
            b.append(first ? "  - " : sec == null ? "    " : "      ")
                    .append(sec == null ? key : key.substring(dot + 1)).append(": ").append(e.getValue()).append('\n');
            first = false;
        }
        return b.toString();
    }

    /** The whole {@code DATA/sensors.yaml}, items in order. */
    public static String document(List<String> items) {
        StringBuilder b = new StringBuilder("""
                # Sensors added in the field with 'bsn-edge sensors add', and changed with
                # 'bsn-edge sensors calibrate' and 'sensors retire'. Same keys as gateway.yaml's
                # sensors (docs/CONFIG.md). Written by those commands; a running agent picks up changes.
                """);
        if (items.isEmpty()) {
            return b.append("sensors: []\n").toString();
        }
        b.append("sensors:\n");
        items.forEach(b::append);
        return b.toString();
    }

    private static String option(Object v) {
        return switch (v) {
            case Integer i -> Integer.toString(i);
            case BigDecimal d -> d.toPlainString();
            case Duration d -> DurationSetting.format(d);
            default -> quoted(String.valueOf(v));
        };
    }

    /** A YAML double-quoted scalar: backslash, quote and control characters escaped. */
    static String quoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** The field of {@code path} a command option stands for, e.g. {@code sensors[3].location.lat} → {@code location.lat}. */
    public static Optional<String> keyOf(String problemPath) {
        int close = problemPath.indexOf("].");
        return problemPath.startsWith("sensors[") && close > 0 ? Optional.of(problemPath.substring(close + 2)) : Optional.empty();
    }
}
