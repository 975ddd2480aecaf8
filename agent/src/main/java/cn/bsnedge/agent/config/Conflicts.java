package cn.bsnedge.agent.config;

import cn.bsnedge.agent.config.SensorConfig.Status;
import cn.bsnedge.agent.config.SensorReader.Entry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks across sensors: a code names one sensor, and one piece of wiring serves one sensor.
 * Each problem is reported at the later sensor and names the earlier one with its line, so
 * the engineer sees both ends of the clash.
 */
final class Conflicts {

    private Conflicts() {
    }

    static void check(List<Entry> entries, Problems problems) {
        Map<String, Entry> codes = new HashMap<>();
        Map<String, List<Entry>> resources = new HashMap<>();
        for (Entry e : entries) {
            if (e.code() != null) {
                Entry first = codes.putIfAbsent(e.code(), e);
                if (first != null) {
                    problems.add(new ConfigProblem(e.file(), e.codeLine(), 0, e.path() + ".code",
                            e.code() + " is already the code of " + first.path() + where(first, first.codeLine(), e)
                                    + "; every sensor needs its own code"));
                }
            }
            // A retired sensor is never read, so its replacement may take over its wiring.
            if (e.bus() == null || e.bus().resource() == null || e.status() != Status.ACTIVE) {
                continue;
            }
            List<Entry> sharing = resources.computeIfAbsent(e.bus().resource(), k -> new ArrayList<>());
            for (Entry earlier : sharing) {
                if (clash(earlier, e)) {
                    problems.add(new ConfigProblem(e.file(), e.busLine(), 0, e.path() + "." + e.busKey(),
                            describe(e) + " and " + earlier.path() + " " + earlier.code() + where(earlier, earlier.busLine(), e)
                                    + " both use " + e.bus().resource() + channel(e)
                                    + (e.busDefaulted() ? " (" + e.busKey() + " left out, so the default)" : "") + "; " + remedy(e)));
                    break; // one message per sensor is enough to find the clash
                }
            }
            sharing.add(e);
        }
    }

    /** "(line 12)" within one file, "(in gateway.yaml:12)" across files: the engineer must find both ends. */
    private static String where(Entry earlier, int line, Entry later) {
        return earlier.file().equals(later.file()) ? " (line " + line + ")" : " (in " + earlier.file() + ":" + line + ")";
    }

    /** Two multi-channel ADC sensors share a chip legitimately when they read different channels. */
    private static boolean clash(Entry a, Entry b) {
        boolean sameChip = a.driver().equals(b.driver()) && a.channel() != null && b.channel() != null;
        return !sameChip || a.channel().equals(b.channel());
    }

    private static String describe(Entry e) {
        return e.code() == null ? "this sensor" : e.code();
    }

    private static String channel(Entry e) {
        return e.channel() == null ? "" : " channel " + e.channel();
    }

    private static String remedy(Entry e) {
        if (e.channel() != null) {
            return "give each " + e.driver() + " sensor its own channel or chip";
        }
        return switch (e.bus()) {
            case Bus.I2c ignored -> "give one of them another address or bus";
            case Bus.Spi ignored -> "give one of them another chip select or bus";
            case Bus.Gpio ignored -> "give one of them another pin";
            case Bus.Serial ignored -> "give one of them another device";
            case Bus.OneWire ignored -> "a ROM id names one chip, so one of them has the wrong rom";
            case Bus.Network ignored -> "a resource URI names one sensor, so one of them has the wrong uri";
            case Bus.None ignored -> "";
        };
    }
}
