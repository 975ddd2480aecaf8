package cn.bsnedge.agent.sensors;

import cn.bsnedge.drivers.bme280.Bme280Config;
import cn.bsnedge.drivers.bme280.Bme280Config.Standby;

import java.time.Duration;
import java.util.Map;

/**
 * Picks the BME280's normal-mode standby time from the sensor's read interval. The chip samples
 * every conversion + standby; a longer cycle than the interval would make consecutive reads
 * report the same sample twice, a shorter one than needed only costs microamps.
 */
final class Bme280Standby {

    /** t_standby per setting, datasheet table 27 (the enum's own values are package-private). */
    private static final Map<Standby, Duration> T = Map.of(
            Standby.MS_0_5, Duration.ofNanos(500_000), Standby.MS_10, Duration.ofMillis(10),
            Standby.MS_20, Duration.ofMillis(20), Standby.MS_62_5, Duration.ofNanos(62_500_000),
            Standby.MS_125, Duration.ofMillis(125), Standby.MS_250, Duration.ofMillis(250),
            Standby.MS_500, Duration.ofMillis(500), Standby.MS_1000, Duration.ofMillis(1000));

    private Bme280Standby() {
    }

    /** The longest standby whose cycle fits in {@code interval}; 0.5 ms when none does. */
    static Standby atMost(Duration interval) {
        Duration conversion = Bme280Config.DEFAULT.maxMeasurementTime();
        Standby best = Standby.MS_0_5;
        for (Map.Entry<Standby, Duration> e : T.entrySet()) {
            if (e.getValue().plus(conversion).compareTo(interval) <= 0 && e.getValue().compareTo(T.get(best)) > 0) {
                best = e.getKey();
            }
        }
        return best;
    }
}
