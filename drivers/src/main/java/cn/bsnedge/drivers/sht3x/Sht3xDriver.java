package cn.bsnedge.drivers.sht3x;

import cn.bsnedge.drivers.BusException;
import cn.bsnedge.drivers.ChecksumException;
import cn.bsnedge.drivers.ChipNotFoundException;
import cn.bsnedge.drivers.DeviceAddress;
import cn.bsnedge.drivers.ImplausibleValueException;
import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.SensorDriver;
import cn.bsnedge.drivers.SensorException;
import cn.bsnedge.drivers.io.I2cDevice;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

import static cn.bsnedge.drivers.sht3x.Sht3xCommands.*;

/**
 * Sensirion SHT30/31/35 temperature and humidity sensor on I2C (0x44 with ADDR low, 0x45 high),
 * in single-shot mode without clock stretching.
 * <p>
 * A conversion takes up to 15.5 ms. {@link #start()} triggers one and returns when it is done;
 * {@link #poll()} fetches it once that instant has passed. {@link #read()}, the agent's path,
 * does both in one call without waiting: it fetches the conversion the previous read started,
 * then starts the next. So the first read returns no measurements, and each value is as old as
 * the sampling interval; a caller that needs fresher values calls {@link #start()} ahead of time.
 * <p>
 * The chip has no id register; the constructor reads the status word and checks its CRC, which
 * a missing chip (NACK) or a different chip at the address will fail.
 */
public final class Sht3xDriver implements SensorDriver {

    public static final int ADDRESS_PRIMARY = 0x44;
    public static final int ADDRESS_SECONDARY = 0x45;

    /** The specified operating range (datasheet table 2); the formula alone allows -45..130 °C. */
    private static final BigDecimal MIN_CELSIUS = BigDecimal.valueOf(-40);
    private static final BigDecimal MAX_CELSIUS = BigDecimal.valueOf(125);

    private final I2cDevice io;
    private final DeviceAddress where;
    private final InstantSource clock;
    private Instant busyUntil;
    private boolean pending;

    /**
     * @throws ChipNotFoundException nothing answers, or the status word fails its CRC
     */
    public Sht3xDriver(I2cDevice io, InstantSource clock) throws SensorException {
        this.io = io;
        this.where = io.address();
        this.clock = clock;
        this.busyUntil = clock.instant();
        byte[] status = new byte[3];
        try {
            command(READ_STATUS);
            io.read(status);
            command(CLEAR_STATUS);
        } catch (IOException e) {
            throw new ChipNotFoundException(where, "no answer to read-status (wiring, address or pull-ups?): " + e.getMessage(), e);
        }
        int crc = Sht3xCrc.crc8(status[0], status[1]);
        if (crc != (status[2] & 0xFF)) {
            throw new ChipNotFoundException(where, String.format(
                    "status word 0x%02x%02x has CRC 0x%02x, want 0x%02x: not an SHT3x", status[0], status[1], status[2], crc));
        }
    }

    @Override
    public String driverName() {
        return "sht3x";
    }

    /** Until this instant a started conversion is running. */
    public Instant busyUntil() {
        return busyUntil;
    }

    /** Starts a single-shot conversion; returns when its result can be fetched. */
    public Instant start() throws BusException {
        try {
            command(MEASURE_HIGH_NO_STRETCH);
        } catch (IOException e) {
            pending = false;
            throw new BusException(where, "starting measurement: " + e.getMessage(), e);
        }
        pending = true;
        busyUntil = clock.instant().plus(Duration.ofNanos(MEASUREMENT_MICROS * 1000));
        return busyUntil;
    }

    /**
     * The result of the started conversion, or empty if none was started or it is still running.
     *
     * @throws BusException              the chip did not deliver (e.g. it reset and lost the conversion)
     * @throws ChecksumException         a word's CRC-8 did not match
     * @throws ImplausibleValueException temperature outside -40..125 °C
     */
    public Optional<Sht3xReading> poll() throws SensorException {
        if (!pending || clock.instant().isBefore(busyUntil)) {
            return Optional.empty();
        }
        pending = false;   // a failed fetch does not leave a result to fetch again
        byte[] b = new byte[6];
        try {
            io.read(b);
        } catch (IOException e) {
            throw new BusException(where, "fetching measurement: " + e.getMessage(), e);
        }
        int rawT = word(b, 0, "temperature");
        int rawH = word(b, 3, "humidity");
        // T = -45 + 175 * S_T / (2^16 - 1); RH = 100 * S_RH / (2^16 - 1)   (datasheet 4.13)
        BigDecimal t = BigDecimal.valueOf(175L * rawT).divide(BigDecimal.valueOf(65535), 6, RoundingMode.HALF_EVEN)
                .subtract(BigDecimal.valueOf(45)).setScale(2, RoundingMode.HALF_EVEN);
        BigDecimal h = BigDecimal.valueOf(100L * rawH).divide(BigDecimal.valueOf(65535), 2, RoundingMode.HALF_EVEN);
        if (t.compareTo(MIN_CELSIUS) < 0 || t.compareTo(MAX_CELSIUS) > 0) {
            throw new ImplausibleValueException(where, "temperature " + t + " Cel is outside -40..125 Cel");
        }
        return Optional.of(new Sht3xReading(t, h));
    }

    /** {@inheritDoc} Fetches the conversion the previous read started (none on the first read), then starts the next. */
    @Override
    public List<Measurement> read() throws SensorException {
        if (pending && clock.instant().isBefore(busyUntil)) {
            return List.of();   // called again within 15.5 ms: let the running conversion finish
        }
        Optional<Sht3xReading> r = Optional.empty();
        SensorException failure = null;
        try {
            r = poll();
        } catch (SensorException e) {
            failure = e;
        }
        try {
            start();   // even after a failed fetch, so the next read has a conversion to fetch
        } catch (BusException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return r.map(Sht3xReading::measurements).orElse(List.of());
    }

    @Override
    public void close() {
        io.close();
    }

    private int word(byte[] b, int at, String what) throws ChecksumException {
        int crc = Sht3xCrc.crc8(b[at], b[at + 1]);
        if (crc != (b[at + 2] & 0xFF)) {
            throw new ChecksumException(where, String.format("%s word 0x%02x%02x has CRC 0x%02x, want 0x%02x",
                    what, b[at], b[at + 1], b[at + 2], crc));
        }
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    private void command(int cmd) throws IOException {
        io.write((byte) (cmd >> 8), (byte) cmd);
    }
}
