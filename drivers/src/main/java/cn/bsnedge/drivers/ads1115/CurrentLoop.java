package cn.bsnedge.drivers.ads1115;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A 4–20 mA transmitter read as the voltage over a shunt resistor, scaled linearly to
 * engineering units: 4 mA is {@code atMin}, 20 mA is {@code atMax}. Below 3.6 mA or above
 * 21 mA the loop is broken, shorted, or the transmitter signals its own fault (NAMUR NE 43), so
 * those are faults, not values.
 *
 * @param shuntOhms e.g. 150 Ω puts 20 mA at 3.0 V, inside ±4.096 V on a 3.3 V ADS1115
 * @param quantity  e.g. {@code water.level}
 * @param unit      SenML unit of the engineering value, e.g. {@code m}
 * @param scale     decimals to report, matching the transmitter's accuracy
 */
public record CurrentLoop(BigDecimal shuntOhms, String quantity, String unit,
                          BigDecimal atMin, BigDecimal atMax, int scale) {

    public static final BigDecimal FAULT_BELOW_MA = new BigDecimal("3.6");
    public static final BigDecimal FAULT_ABOVE_MA = new BigDecimal("21");
    private static final BigDecimal MIN_MA = BigDecimal.valueOf(4);
    private static final BigDecimal SPAN_MA = BigDecimal.valueOf(16);

    public CurrentLoop {
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(unit, "unit");
        if (shuntOhms.signum() <= 0 || atMin.compareTo(atMax) == 0 || scale < 0 || scale > 9) {
            throw new IllegalArgumentException("current loop: shunt > 0 ohm, atMin != atMax, scale 0..9");
        }
    }

    /** Loop current in mA for the voltage over the shunt, to 0.001 mA. */
    public BigDecimal milliamps(BigDecimal volts) {
        return volts.multiply(BigDecimal.valueOf(1000)).divide(shuntOhms, 3, RoundingMode.HALF_EVEN);
    }

    /** True when the current is outside 3.6..21 mA. */
    public boolean isFault(BigDecimal milliamps) {
        return milliamps.compareTo(FAULT_BELOW_MA) < 0 || milliamps.compareTo(FAULT_ABOVE_MA) > 0;
    }

    /** Engineering value: atMin + (mA - 4) / 16 · (atMax - atMin). */
    public BigDecimal scaled(BigDecimal milliamps) {
        return atMin.add(milliamps.subtract(MIN_MA).multiply(atMax.subtract(atMin))
                .divide(SPAN_MA, scale, RoundingMode.HALF_EVEN)).setScale(scale, RoundingMode.HALF_EVEN);
    }
}
