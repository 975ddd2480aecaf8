package cn.bsnedge.ledger.entry;

/**
 * A sensor leaves service for good (FORMAT.md §2.7). It is the last entry of the sensor: no
 * reading, calibration or registration with its code is accepted afterwards, so its code is
 * never reused (docs/IDENTITY.md).
 *
 * @param engineer who retired it, 1..255 UTF-8 bytes
 * @param reason   why, 1..1024 UTF-8 bytes: a retirement without a reason cannot be audited
 */
public record SensorRetirement(SensorCode sensor, long seq, Timestamp time, ClockQuality clock,
                               String engineer, String reason) implements Entry {

    public static final int MAX_REASON_BYTES = 1024;

    public SensorRetirement {
        if (sensor == null || time == null || clock == null) {
            throw new IllegalArgumentException("retirement fields must not be null");
        }
        String p = SensorRegistration.problemOfSeq(seq);
        if (p == null) {
            p = SensorRegistration.problemOfText("engineer", engineer, 1, SensorRegistration.MAX_ENGINEER_BYTES);
        }
        if (p == null) {
            p = SensorRegistration.problemOfText("reason", reason, 1, MAX_REASON_BYTES);
        }
        if (p != null) {
            throw new IllegalArgumentException(p);
        }
    }

    @Override
    public int type() {
        return EntryCodec.TYPE_RETIREMENT;
    }
}
