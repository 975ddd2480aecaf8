package cn.bsnedge.ledger.entry;

/**
 * A recalibration (FORMAT.md §2.6): from this entry's seq on, readings of the sensor are
 * made under {@code calibration}. A reading at seq s is under the calibration of the latest
 * registration or recalibration with seq < s.
 *
 * @param engineer who entered it, 1..255 UTF-8 bytes
 * @param reason   why (e.g. "annual check, drift 0.3 Cel"), may be empty, ≤ 1024 UTF-8 bytes
 */
public record SensorCalibration(SensorCode sensor, long seq, Timestamp time, ClockQuality clock,
                                Calibration calibration, String engineer, String reason) implements Entry {

    public static final int MAX_REASON_BYTES = 1024;

    public SensorCalibration {
        if (sensor == null || time == null || clock == null || calibration == null) {
            throw new IllegalArgumentException("calibration fields must not be null");
        }
        String p = SensorRegistration.problemOfSeq(seq);
        if (p == null) {
            p = SensorRegistration.problemOfText("engineer", engineer, 1, SensorRegistration.MAX_ENGINEER_BYTES);
        }
        if (p == null) {
            p = SensorRegistration.problemOfText("reason", reason, 0, MAX_REASON_BYTES);
        }
        if (p != null) {
            throw new IllegalArgumentException(p);
        }
    }

    @Override
    public int type() {
        return EntryCodec.TYPE_CALIBRATION;
    }
}
