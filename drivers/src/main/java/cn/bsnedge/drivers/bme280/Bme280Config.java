package cn.bsnedge.drivers.bme280;

import java.time.Duration;

/**
 * What the BME280 measures and how: oversampling per quantity, IIR filter and standby time of
 * normal mode. The defaults are the datasheet's "indoor navigation" tuning relaxed for a city
 * station (section 3.5): x2 temperature, x16 pressure, x1 humidity, filter 4, 1 s standby.
 */
public record Bme280Config(Oversampling temperature, Oversampling pressure, Oversampling humidity,
                           Filter filter, Standby standby) {

    public static final Bme280Config DEFAULT = new Bme280Config(
            Oversampling.X2, Oversampling.X16, Oversampling.X1, Filter.X4, Standby.MS_1000);

    public Bme280Config {
        if (temperature == Oversampling.SKIP) {
            // Pressure and humidity compensation need t_fine from a temperature conversion.
            throw new IllegalArgumentException("bme280: temperature oversampling cannot be SKIP, pressure and humidity need it");
        }
    }

    /** osrs_x field values (datasheet table 20, 23, 24). */
    public enum Oversampling {
        SKIP(0, 0), X1(1, 1), X2(2, 2), X4(3, 4), X8(4, 8), X16(5, 16);

        final int bits;
        final int factor;

        Oversampling(int bits, int factor) {
            this.bits = bits;
            this.factor = factor;
        }
    }

    /** IIR filter coefficient (datasheet table 28). */
    public enum Filter {
        OFF(0), X2(1), X4(2), X8(3), X16(4);

        final int bits;

        Filter(int bits) {
            this.bits = bits;
        }
    }

    /** t_standby in normal mode (datasheet table 27). */
    public enum Standby {
        MS_0_5(0, 500), MS_62_5(1, 62_500), MS_125(2, 125_000), MS_250(3, 250_000),
        MS_500(4, 500_000), MS_1000(5, 1_000_000), MS_10(6, 10_000), MS_20(7, 20_000);

        final int bits;
        final long micros;

        Standby(int bits, long micros) {
            this.bits = bits;
            this.micros = micros;
        }
    }

    byte ctrlHum() {
        return (byte) humidity.bits;
    }

    byte ctrlMeas() {
        return (byte) (temperature.bits << 5 | pressure.bits << 2 | Bme280Registers.MODE_NORMAL);
    }

    byte configRegister() {
        return (byte) (standby.bits << 5 | filter.bits << 2);
    }

    /**
     * Maximum measurement time, datasheet section 9.1:
     * 1.25 + 2.3·T + (2.3·P + 0.575) + (2.3·H + 0.575) ms, terms dropped for skipped quantities.
     */
    public Duration maxMeasurementTime() {
        long micros = 1250 + 2300L * temperature.factor;
        if (pressure != Oversampling.SKIP) {
            micros += 2300L * pressure.factor + 575;
        }
        if (humidity != Oversampling.SKIP) {
            micros += 2300L * humidity.factor + 575;
        }
        return Duration.ofNanos(micros * 1000);
    }

    /** First data is ready after start-up plus one conversion; later ones every conversion + standby. */
    Duration firstDataAfter() {
        return maxMeasurementTime().plusNanos(Bme280Registers.STARTUP_MICROS * 1000);
    }
}
