package cn.bsnedge.ledger.entry;

import cn.bsnedge.ledger.codec.Utf8Text;
import java.math.BigDecimal;

/**
 * The correction in force for a sensor: {@code corrected = raw × scale + offset}. It is part
 * of a {@link SensorRegistration} (the initial calibration) and of every
 * {@link SensorCalibration}. Offset and scale are decimals so that "0.98" on the engineer's
 * certificate is exactly what is signed, with no binary rounding.
 *
 * @param offset       added after scaling, in the reading's unit
 * @param scale        multiplies the raw value; never zero (zero would erase every reading)
 * @param calibratedBy who calibrated it (name, staff id or lab); empty when not known
 * @param calibratedAt when, in milliseconds since the epoch (UTC); {@link #UNKNOWN_TIME} when not known
 */
public record Calibration(ReadingValue.Decimal offset, ReadingValue.Decimal scale, String calibratedBy, long calibratedAt) {

    public static final long UNKNOWN_TIME = -1;
    public static final int MAX_CALIBRATED_BY_BYTES = 255;

    /** No correction (scale 1, offset 0), by nobody known, at no known time: a sensor used as delivered. */
    public static final Calibration IDENTITY = new Calibration(new ReadingValue.Decimal(0, 0),
            new ReadingValue.Decimal(1, 0), "", UNKNOWN_TIME);

    public Calibration {
        if (offset == null || scale == null) {
            throw new IllegalArgumentException("calibration offset and scale must not be null");
        }
        String p = problemOfScale(scale);
        if (p == null) {
            p = problemOfCalibratedBy(calibratedBy);
        }
        if (p == null) {
            p = problemOfCalibratedAt(calibratedAt);
        }
        if (p != null) {
            throw new IllegalArgumentException(p);
        }
    }

    static String problemOfScale(ReadingValue.Decimal scale) {
        return scale.unscaled() == 0 ? "calibration scale is zero; want a non-zero factor, e.g. 1 or 0.98" : null;
    }

    static String problemOfCalibratedBy(String by) {
        String p = Utf8Text.problem(by, 0, MAX_CALIBRATED_BY_BYTES);
        return p == null ? null : "calibratedBy " + p;
    }

    static String problemOfCalibratedAt(long at) {
        return at < UNKNOWN_TIME ? "calibratedAt " + at + " is before 1970; want milliseconds since the epoch, or -1 when unknown" : null;
    }

    /** {@code raw × scale + offset}, exactly. */
    public BigDecimal apply(BigDecimal raw) {
        return raw.multiply(scale.toBigDecimal()).add(offset.toBigDecimal());
    }
}
