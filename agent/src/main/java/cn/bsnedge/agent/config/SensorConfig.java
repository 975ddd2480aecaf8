package cn.bsnedge.agent.config;

import cn.bsnedge.ledger.entry.SensorCode;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * One registered sensor as {@code gateway.yaml} declares it.
 *
 * @param driver  the driver name, one of {@link DriverSpec#names()}
 * @param options the driver's own settings, every default applied (see {@link DriverSpec})
 * @param note    why the latest change (calibration, retirement) was made; empty when not said
 */
public record SensorConfig(SensorCode code, String driver, Bus bus, Duration interval, Optional<Location> location,
                           Calibration calibration, String engineer, Status status, Options options, String note) {

    public enum Status { ACTIVE, RETIRED }

    /**
     * False for a sensor whose readings arrive by themselves (a {@code coap} sensor in push or
     * observe mode, docs/COAP.md): the sampler must not poll it.
     */
    public boolean sampled() {
        return !"coap".equals(driver) || "poll".equals(options.text("mode"));
    }

    /** Where the sensor is: WGS 84 degrees and a description a field engineer can find it by. */
    public record Location(double lat, double lon, String description) {
    }

    /**
     * The correction applied to raw values, {@code value × scale + offset}, and who set it when,
     * so the city can tell under which calibration a reading was made.
     */
    public record Calibration(BigDecimal offset, BigDecimal scale, String by, Optional<LocalDate> at) {

        /** Raw values as the driver reports them. */
        public static final Calibration NONE = new Calibration(BigDecimal.ZERO, BigDecimal.ONE, "", Optional.empty());
    }

    /**
     * Driver options, typed and complete: Integer, BigDecimal, Duration or String values as the
     * driver's {@link Setting}s define them.
     */
    public record Options(Map<String, Object> values) {

        public Options {
            // Insertion order kept: options print in the order the driver documents them.
            values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        }

        public int integer(String key) {
            return (Integer) require(key);
        }

        public BigDecimal decimal(String key) {
            return (BigDecimal) require(key);
        }

        public Duration duration(String key) {
            return (Duration) require(key);
        }

        public String text(String key) {
            return (String) require(key);
        }

        private Object require(String key) {
            Object v = values.get(key);
            if (v == null) {
                throw new IllegalArgumentException("no option '" + key + "'; options are " + values.keySet());
            }
            return v;
        }
    }
}
