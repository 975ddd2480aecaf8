package cn.bsnedge.ledger.entry;

import cn.bsnedge.ledger.codec.Utf8Text;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A sensor enters the registry (FORMAT.md §2.5): which driver reads it on which wiring, how
 * often, where it is, its initial calibration and the engineer who registered it. It takes the
 * sensor's first sequence number (normally 1); readings of the sensor must come after it.
 *
 * @param driver              driver name, {@code [a-z0-9_-]{1,32}}, e.g. {@code bme280}
 * @param bus                 canonical wiring text, see {@link Wiring}
 * @param intervalMillis      sampling interval, 1..2^31-1 ms
 * @param location            WGS 84 position, when surveyed
 * @param locationDescription where to find it, free text (may be empty), ≤ 1024 UTF-8 bytes
 * @param calibration         the calibration in force from this entry on
 * @param engineer            who registered it (name or staff id), 1..255 UTF-8 bytes
 */
public record SensorRegistration(SensorCode sensor, long seq, Timestamp time, ClockQuality clock,
                                 String driver, String bus, int intervalMillis, Optional<Location> location,
                                 String locationDescription, Calibration calibration, String engineer) implements Entry {

    public static final int MAX_DESCRIPTION_BYTES = 1024;
    public static final int MAX_ENGINEER_BYTES = 255;
    private static final Pattern DRIVER = Pattern.compile("[a-z0-9_-]{1,32}");

    public SensorRegistration {
        if (sensor == null || time == null || clock == null || location == null || calibration == null) {
            throw new IllegalArgumentException("registration fields must not be null");
        }
        String p = problemOfSeq(seq);
        if (p == null) {
            p = problemOfDriver(driver);
        }
        if (p == null && Wiring.problem(bus) != null) {
            p = "bus " + Wiring.problem(bus);
        }
        if (p == null) {
            p = problemOfInterval(intervalMillis);
        }
        if (p == null) {
            p = problemOfText("locationDescription", locationDescription, 0, MAX_DESCRIPTION_BYTES);
        }
        if (p == null) {
            p = problemOfText("engineer", engineer, 1, MAX_ENGINEER_BYTES);
        }
        if (p != null) {
            throw new IllegalArgumentException(p);
        }
    }

    @Override
    public int type() {
        return EntryCodec.TYPE_REGISTRATION;
    }

    static String problemOfSeq(long seq) {
        return seq < 0 ? "seq " + seq + " is negative; want 0..2^63-1" : null;
    }

    static String problemOfDriver(String driver) {
        return driver == null || !DRIVER.matcher(driver).matches()
                ? "driver '" + driver + "' must be 1..32 of a-z 0-9 _ -, e.g. bme280" : null;
    }

    static String problemOfInterval(int millis) {
        return millis < 1 ? "intervalMillis " + millis + " is not positive; want 1..2147483647" : null;
    }

    static String problemOfText(String field, String text, int min, int max) {
        String p = Utf8Text.problem(text, min, max);
        return p == null ? null : field + " " + p;
    }
}
