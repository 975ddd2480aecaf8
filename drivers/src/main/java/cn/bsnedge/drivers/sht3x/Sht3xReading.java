package cn.bsnedge.drivers.sht3x;

import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.SenmlUnits;

import java.math.BigDecimal;
import java.util.List;

/**
 * One SHT3x sample.
 *
 * @param temperature °C, 0.01 resolution (one raw step is 0.0027 °C)
 * @param humidity    %RH, 0.01 resolution (one raw step is 0.0015 %RH)
 */
public record Sht3xReading(BigDecimal temperature, BigDecimal humidity) {

    public List<Measurement> measurements() {
        return List.of(new Measurement("temperature", SenmlUnits.CELSIUS, temperature),
                new Measurement("humidity", SenmlUnits.RELATIVE_HUMIDITY, humidity));
    }
}
