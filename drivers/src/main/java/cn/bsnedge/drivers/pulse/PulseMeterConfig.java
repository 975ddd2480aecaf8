package cn.bsnedge.drivers.pulse;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;

/**
 * How pulses become a meter reading.
 *
 * @param countRising    count rising edges (open-collector output with pull-up counts on release: usually false)
 * @param debounce       edges closer than this to the last counted pulse are contact bounce; reed contacts need ~5–20 ms
 * @param unitsPerPulse  e.g. 0.01 m3 (10 L/pulse) or 0.001 kWh (1000 imp/kWh)
 * @param startTotal     the meter's index when counting began, so the total matches the register on the meter
 * @param quantity       e.g. {@code water.volume}, {@code energy}
 * @param unit           SenML unit of the total, e.g. {@code m3}, {@code kWh}
 * @param scale          decimals of the total and rate
 * @param rateQuantity   e.g. {@code water.flow}, {@code power}; null for no rate
 * @param rateUnit       e.g. {@code m3/s}, {@code W}
 * @param ratePerUnitPerSecond factor from units per second to the rate unit: 1 for m3 → m3/s, 3600000 for kWh → W
 */
public record PulseMeterConfig(boolean countRising, Duration debounce, BigDecimal unitsPerPulse, BigDecimal startTotal,
                               String quantity, String unit, int scale,
                               String rateQuantity, String rateUnit, BigDecimal ratePerUnitPerSecond) {

    public PulseMeterConfig {
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(unit, "unit");
        if (debounce.isNegative() || unitsPerPulse.signum() <= 0 || startTotal.signum() < 0 || scale < 0 || scale > 9) {
            throw new IllegalArgumentException("pulse meter: debounce >= 0, unitsPerPulse > 0, startTotal >= 0, scale 0..9");
        }
        if (rateQuantity != null && (rateUnit == null || ratePerUnitPerSecond == null)) {
            throw new IllegalArgumentException("pulse meter: a rate needs rateUnit and ratePerUnitPerSecond");
        }
    }
}
