package cn.bsnedge.drivers;

import java.math.BigDecimal;

/**
 * A value a driver measured, in engineering units, at the resolution the device delivers
 * (a BigDecimal keeps "21.40 Cel" distinct from "21.4 Cel", which states precision).
 *
 * @param quantity e.g. {@code temperature}
 * @param unit     SenML unit symbol, e.g. {@code Cel}
 * @param value    the measured value
 */
public record Measurement(String quantity, String unit, BigDecimal value) {
    public Measurement {
        if (quantity == null || unit == null || value == null) {
            throw new IllegalArgumentException("measurement fields must not be null");
        }
    }
}
