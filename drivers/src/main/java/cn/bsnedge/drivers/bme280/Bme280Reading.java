package cn.bsnedge.drivers.bme280;

import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.SenmlUnits;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * One compensated BME280 sample. {@code pressure} or {@code humidity} is null when its
 * oversampling is SKIP, because the chip did not measure it.
 *
 * @param temperature °C, 0.01 resolution (the integer formula's own resolution)
 * @param pressure    Pa, 0.1 resolution (the chip's RMS noise is about 0.2 Pa at x16)
 * @param humidity    %RH, 0.01 resolution (the chip resolves 0.008 %RH)
 */
public record Bme280Reading(BigDecimal temperature, BigDecimal pressure, BigDecimal humidity) {

    public List<Measurement> measurements() {
        List<Measurement> out = new ArrayList<>(3);
        out.add(new Measurement("temperature", SenmlUnits.CELSIUS, temperature));
        if (pressure != null) {
            out.add(new Measurement("pressure", SenmlUnits.PASCAL, pressure));
        }
        if (humidity != null) {
            out.add(new Measurement("humidity", SenmlUnits.RELATIVE_HUMIDITY, humidity));
        }
        return List.copyOf(out);
    }
}
