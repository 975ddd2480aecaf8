package cn.bsnedge.drivers.bme280;

import cn.bsnedge.drivers.BusException;
import cn.bsnedge.drivers.ChipNotFoundException;
import cn.bsnedge.drivers.DeviceAddress;
import cn.bsnedge.drivers.DeviceResetException;
import cn.bsnedge.drivers.ImplausibleValueException;
import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.SensorDriver;
import cn.bsnedge.drivers.SensorException;
import cn.bsnedge.drivers.io.I2cDevice;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

import static cn.bsnedge.drivers.bme280.Bme280Registers.*;

/**
 * Bosch BME280 temperature, pressure and humidity sensor on I2C (0x76 with SDO low, 0x77 high).
 * <p>
 * Runs the chip in normal mode: it converts continuously, and a read fetches the newest sample,
 * at most one standby period old, without waiting. Only right after configuration (or after the
 * chip reset itself) is there nothing to fetch yet; {@link #busyUntil()} says until when, and
 * {@link #poll()} returns empty before that.
 * <p>
 * Every read also reads back the control registers in the same burst: if they no longer hold
 * our configuration the chip has been power-cycled, so the driver re-applies it and reports
 * {@link DeviceResetException} rather than the sleeping chip's stale data registers.
 */
public final class Bme280Driver implements SensorDriver {

    public static final int ADDRESS_PRIMARY = 0x76;
    public static final int ADDRESS_SECONDARY = 0x77;

    // Datasheet table 1 operating range; a value outside it is a broken chip or a bad transfer.
    private static final int MIN_CENTI_CELSIUS = -4000;
    private static final int MAX_CENTI_CELSIUS = 8500;
    private static final long MIN_PA_Q8 = 30_000L * 256;
    private static final long MAX_PA_Q8 = 110_000L * 256;

    private final I2cDevice io;
    private final DeviceAddress where;
    private final Bme280Config config;
    private final InstantSource clock;
    private final Bme280Compensation calib;
    private Instant busyUntil;

    /**
     * Checks the chip id, reads the factory trimming and starts normal-mode conversions.
     *
     * @throws ChipNotFoundException nothing answers, or the chip is not a BME280 (e.g. a BMP280)
     * @throws BusException          the calibration or configuration transfer failed
     */
    public Bme280Driver(I2cDevice io, Bme280Config config, InstantSource clock) throws SensorException {
        this.io = io;
        this.where = io.address();
        this.config = config;
        this.clock = clock;
        int id;
        try {
            id = readByte(CHIP_ID);
        } catch (IOException e) {
            throw new ChipNotFoundException(where, "no answer reading chip id (wiring, address or pull-ups?): " + e.getMessage(), e);
        }
        if (id != ID_BME280) {
            String what = id == ID_BMP280 ? " (a BMP280, which has no humidity sensor)" : "";
            throw new ChipNotFoundException(where, String.format("chip id 0x%02x%s, want 0x%02x (BME280)", id, what, ID_BME280));
        }
        try {
            byte[] tp = new byte[CALIB_TP_LEN];
            io.readRegister(CALIB_TP, tp);
            int h1 = readByte(DIG_H1);
            byte[] h = new byte[CALIB_H_LEN];
            io.readRegister(CALIB_H, h);
            this.calib = Bme280Compensation.parse(tp, h1, h);
        } catch (IOException e) {
            throw new BusException(where, "reading calibration: " + e.getMessage(), e);
        }
        configure();
    }

    @Override
    public String driverName() {
        return "bme280";
    }

    /** Until this instant the chip has no sample since (re)configuration; polling earlier returns empty. */
    public Instant busyUntil() {
        return busyUntil;
    }

    /**
     * The newest sample, or empty while the first conversion after configuration is running.
     *
     * @throws BusException               the transfer failed
     * @throws DeviceResetException       the chip lost its configuration; it has been re-applied
     * @throws ImplausibleValueException  no conversion result, or a value outside the chip's range
     */
    public Optional<Bme280Reading> poll() throws SensorException {
        if (clock.instant().isBefore(busyUntil)) {
            return Optional.empty();
        }
        byte[] b = new byte[BURST_LEN];
        try {
            io.readRegister(BURST_START, b);
        } catch (IOException e) {
            throw new BusException(where, "reading data: " + e.getMessage(), e);
        }
        int ctrlHum = b[AT_CTRL_HUM] & CTRL_HUM_MASK;
        int ctrlMeas = b[AT_CTRL_MEAS] & 0xFF;
        int cfg = b[AT_CONFIG] & CONFIG_MASK;
        if (ctrlHum != config.ctrlHum() || ctrlMeas != (config.ctrlMeas() & 0xFF) || cfg != (config.configRegister() & 0xFF)) {
            String found = String.format("ctrl_hum/ctrl_meas/config 0x%02x/0x%02x/0x%02x, want 0x%02x/0x%02x/0x%02x",
                    ctrlHum, ctrlMeas, cfg, config.ctrlHum(), config.ctrlMeas(), config.configRegister());
            configure();
            throw new DeviceResetException(where, found + "; chip was reset, configuration re-applied");
        }
        int adcP = u20(b, AT_PRESS);
        int adcT = u20(b, AT_TEMP);
        int adcH = (b[AT_HUM] & 0xFF) << 8 | (b[AT_HUM + 1] & 0xFF);
        if (adcT == SKIPPED_20BIT) {
            throw new ImplausibleValueException(where, "temperature register holds 0x80000, the no-conversion value");
        }
        int tFine = calib.tFine(adcT);
        int centi = Bme280Compensation.centiCelsius(tFine);
        if (centi < MIN_CENTI_CELSIUS || centi > MAX_CENTI_CELSIUS) {
            throw new ImplausibleValueException(where, "temperature " + BigDecimal.valueOf(centi, 2) + " Cel is outside -40..85 Cel");
        }
        BigDecimal pressure = null;
        if (config.pressure() != Bme280Config.Oversampling.SKIP) {
            if (adcP == SKIPPED_20BIT) {
                throw new ImplausibleValueException(where, "pressure register holds 0x80000, the no-conversion value");
            }
            long q8 = calib.pressureQ24_8(adcP, tFine);
            if (q8 < MIN_PA_Q8 || q8 > MAX_PA_Q8) {
                throw new ImplausibleValueException(where, "pressure " + q8 / 256 + " Pa is outside 30000..110000 Pa");
            }
            pressure = BigDecimal.valueOf(q8).divide(BigDecimal.valueOf(256)).setScale(1, RoundingMode.HALF_EVEN);
        }
        BigDecimal humidity = null;
        if (config.humidity() != Bme280Config.Oversampling.SKIP) {
            if (adcH == SKIPPED_16BIT) {
                throw new ImplausibleValueException(where, "humidity register holds 0x8000, the no-conversion value");
            }
            int q10 = calib.humidityQ22_10(adcH, tFine);
            humidity = BigDecimal.valueOf(q10).divide(BigDecimal.valueOf(1024)).setScale(2, RoundingMode.HALF_EVEN);
        }
        return Optional.of(new Bme280Reading(BigDecimal.valueOf(centi, 2), pressure, humidity));
    }

    /** {@inheritDoc} An empty list means the first conversion is still running (see {@link #busyUntil()}). */
    @Override
    public List<Measurement> read() throws SensorException {
        return poll().map(Bme280Reading::measurements).orElse(List.of());
    }

    @Override
    public void close() {
        io.close();
    }

    private void configure() throws BusException {
        try {
            // Sleep first: config writes in normal mode may be ignored (datasheet 5.4.6);
            // ctrl_hum only takes effect with the following ctrl_meas write (5.4.3).
            io.writeRegister(CTRL_MEAS, (byte) 0);
            io.writeRegister(CONFIG, config.configRegister());
            io.writeRegister(CTRL_HUM, config.ctrlHum());
            io.writeRegister(CTRL_MEAS, config.ctrlMeas());
        } catch (IOException e) {
            throw new BusException(where, "writing configuration: " + e.getMessage(), e);
        }
        busyUntil = clock.instant().plus(config.firstDataAfter());
    }

    private int readByte(int register) throws IOException {
        byte[] one = new byte[1];
        io.readRegister(register, one);
        return one[0] & 0xFF;
    }

    private static int u20(byte[] b, int i) {
        return (b[i] & 0xFF) << 12 | (b[i + 1] & 0xFF) << 4 | (b[i + 2] & 0xFF) >> 4;
    }
}
