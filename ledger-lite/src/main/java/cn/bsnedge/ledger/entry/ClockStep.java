package cn.bsnedge.ledger.entry;

import java.time.Duration;

/**
 * The gateway's wall clock stepped (FORMAT.md §2.9): NTP's first sync after boot, a manual
 * {@code date}, a GNSS fix. Readings keep their wall times as read, so without this entry a
 * verifier holding the chain could not tell a stepped clock from readings that really were an
 * hour apart. Its place among the block's entries is what relates it to readings: every entry
 * before it in chain order was stamped before the step.
 *
 * <p>The clock belongs to the gateway, not to a sensor: the entry's code (FORMAT.md's
 * {@code sensor} field) is the gateway's identification code and must equal the block header's,
 * and its seq counts the gateway's clock steps, 1, 2, 3… in chain order.
 *
 * @param gateway the gateway's identification code, carried in the entry's {@code sensor} field
 * @param seq     the gateway's clock-step sequence number
 * @param time    the wall clock right after the step: the first reading of it that showed the step
 * @param clock   whether the clock was synchronised right after the step
 * @param before  what the wall clock would have read at that same moment had it not stepped
 */
public record ClockStep(SensorCode gateway, long seq, Timestamp time, ClockQuality clock, Timestamp before)
        implements Entry {

    public ClockStep {
        if (gateway == null || time == null || clock == null || before == null) {
            throw new IllegalArgumentException("clock step fields must not be null");
        }
        String p = SensorRegistration.problemOfSeq(seq);
        if (p == null) {
            p = problemOfBefore(before, time);
        }
        if (p != null) {
            throw new IllegalArgumentException(p);
        }
    }

    /** Why {@code before} cannot be the time before a step to {@code after}, or null when it can. */
    static String problemOfBefore(Timestamp before, Timestamp after) {
        try {
            before.toEpochMicros();
        } catch (ArithmeticException e) {
            return "before " + before.units() + " " + before.resolution().label()
                    + " is outside the signed 64-bit microsecond range block headers carry";
        }
        if (before.toInstant().equals(after.toInstant())) {
            return "before and after are both " + after.toInstant() + "; a clock step must change the time";
        }
        return null;
    }

    /** The entry's code: the gateway's, not a sensor's. */
    @Override
    public SensorCode sensor() {
        return gateway;
    }

    @Override
    public int type() {
        return EntryCodec.TYPE_CLOCK_STEP;
    }

    /** {@code time - before}: negative when the clock went back. */
    public Duration size() {
        return Duration.between(before.toInstant(), time.toInstant());
    }

    public boolean backwards() {
        return size().isNegative();
    }

    /** "backwards by PT30S (from … to …)", for logs and reports. */
    public String describe() {
        return (backwards() ? "backwards" : "forwards") + " by " + size().abs() + " (from " + before.toInstant()
                + " to " + time.toInstant() + ", " + clock.label() + " after)";
    }
}
