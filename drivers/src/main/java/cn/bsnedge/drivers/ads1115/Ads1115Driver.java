package cn.bsnedge.drivers.ads1115;

import cn.bsnedge.drivers.BusException;
import cn.bsnedge.drivers.ChipNotFoundException;
import cn.bsnedge.drivers.DeviceAddress;
import cn.bsnedge.drivers.DeviceResetException;
import cn.bsnedge.drivers.ImplausibleValueException;
import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.SenmlUnits;
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

import static cn.bsnedge.drivers.ads1115.Ads1115Registers.*;

/**
 * TI ADS1115 16-bit ADC on I2C (0x48 ADDR-GND, 0x49 VDD, 0x4A SDA, 0x4B SCL), one channel in
 * continuous mode, so a read fetches the latest conversion without waiting. Reports the input
 * voltage, or with a {@link CurrentLoop} the engineering value of a 4–20 mA transmitter.
 * <p>
 * The chip has no id register: the constructor writes the configuration and reads it back,
 * which an absent chip or a different one fails. Each read re-reads the configuration too, so a
 * chip that reset to its power-on single-shot mode is noticed instead of its last conversion
 * being reported forever.
 * <p>
 * One driver owns the chip. To read several channels of one chip, use one chip per transmitter
 * or extend this driver to rotate the multiplexer; two drivers on one chip would fight over it.
 */
public final class Ads1115Driver implements SensorDriver {

    public static final int ADDRESS_GND = 0x48;

    private final I2cDevice io;
    private final DeviceAddress where;
    private final Ads1115Config config;
    private final CurrentLoop loop;
    private final InstantSource clock;
    private Instant busyUntil;

    /** Reports the input voltage as quantity {@code voltage} in V. */
    public Ads1115Driver(I2cDevice io, Ads1115Config config, InstantSource clock) throws SensorException {
        this(io, config, null, clock);
    }

    /** Reports a 4–20 mA transmitter's value; {@code loop} null means plain voltage. */
    public Ads1115Driver(I2cDevice io, Ads1115Config config, CurrentLoop loop, InstantSource clock) throws SensorException {
        this.io = io;
        this.where = io.address();
        this.config = config;
        this.loop = loop;
        this.clock = clock;
        int readBack;
        try {
            writeConfig();
            readBack = readWord(CONFIG);
        } catch (IOException e) {
            throw new ChipNotFoundException(where, "no answer writing config (wiring, ADDR pin or pull-ups?): " + e.getMessage(), e);
        }
        if ((readBack & ~OS_BIT) != config.configWord()) {
            throw new ChipNotFoundException(where, String.format(
                    "config read back as 0x%04x after writing 0x%04x: not an ADS1115", readBack, config.configWord()));
        }
    }

    @Override
    public String driverName() {
        return "ads1115";
    }

    /** Until this instant the first conversion after (re)configuration is running. */
    public Instant busyUntil() {
        return busyUntil;
    }

    /** The latest conversion in volts, or empty while the first one is running. */
    public Optional<BigDecimal> pollVolts() throws SensorException {
        if (clock.instant().isBefore(busyUntil)) {
            return Optional.empty();
        }
        int cfg;
        int raw;
        try {
            cfg = readWord(CONFIG);
            raw = (short) readWord(CONVERSION);
        } catch (IOException e) {
            throw new BusException(where, "reading conversion: " + e.getMessage(), e);
        }
        if ((cfg & ~OS_BIT) != config.configWord()) {
            try {
                writeConfig();
            } catch (IOException e) {
                throw new BusException(where, "re-writing config after reset: " + e.getMessage(), e);
            }
            throw new DeviceResetException(where, String.format(
                    "config is 0x%04x, want 0x%04x; chip was reset, configuration re-applied", cfg, config.configWord()));
        }
        if (raw == FULL_SCALE_POSITIVE || raw == FULL_SCALE_NEGATIVE) {
            // A saturated converter says "at least this much", which is not a measurement.
            throw new ImplausibleValueException(where, String.format("conversion 0x%04x is at full scale ±%s V: input over range or open",
                    raw & 0xFFFF, config.gain().volts));
        }
        BigDecimal lsb = config.gain().volts.divide(BigDecimal.valueOf(32768));   // exact: FSR / 2^15
        return Optional.of(lsb.multiply(BigDecimal.valueOf(raw)).setScale(6, RoundingMode.HALF_EVEN));
    }

    /**
     * {@inheritDoc} One measurement: {@code voltage} in V (µV resolution), or the current loop's
     * quantity; empty while the first conversion runs.
     *
     * @throws ImplausibleValueException a saturated input, or loop current outside 3.6..21 mA
     */
    @Override
    public List<Measurement> read() throws SensorException {
        Optional<BigDecimal> v = pollVolts();
        if (v.isEmpty()) {
            return List.of();
        }
        if (loop == null) {
            return List.of(new Measurement("voltage", SenmlUnits.VOLT, v.get()));
        }
        BigDecimal ma = loop.milliamps(v.get());
        if (loop.isFault(ma)) {
            throw new ImplausibleValueException(where, "loop current " + ma + " mA is outside "
                    + CurrentLoop.FAULT_BELOW_MA + ".." + CurrentLoop.FAULT_ABOVE_MA + " mA: sensor fault (broken wire, short or transmitter alarm)");
        }
        return List.of(new Measurement(loop.quantity(), loop.unit(), loop.scaled(ma)));
    }

    @Override
    public void close() {
        io.close();
    }

    private void writeConfig() throws IOException {
        int w = config.configWord();
        io.writeRegister(CONFIG, (byte) (w >> 8), (byte) w);
        busyUntil = clock.instant().plus(config.rate().period()).plusNanos(WAKEUP_MICROS * 1000);
    }

    private int readWord(int register) throws IOException {
        byte[] b = new byte[2];
        io.readRegister(register, b);
        return (b[0] & 0xFF) << 8 | (b[1] & 0xFF);
    }
}
