package cn.bsnedge.drivers.mcp3008;

import cn.bsnedge.drivers.BusException;
import cn.bsnedge.drivers.ChipNotFoundException;
import cn.bsnedge.drivers.DeviceAddress;
import cn.bsnedge.drivers.ImplausibleValueException;
import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.SenmlUnits;
import cn.bsnedge.drivers.SensorDriver;
import cn.bsnedge.drivers.SensorException;
import cn.bsnedge.drivers.io.SpiDevice;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

import static cn.bsnedge.drivers.mcp3008.Mcp3008Frame.*;

/**
 * Microchip MCP3008 8-channel 10-bit ADC on SPI (mode 0, up to 1.35 MHz at 2.7 V). The
 * conversion happens inside the 3-byte transfer, so there is no busy time.
 * <p>
 * SPI has no acknowledge and the chip no id, so presence is judged by the null bit the chip
 * drives low just before the result: with no chip, MISO floats or sits at a pull-up and that bit
 * reads 1. A missing chip with MISO pulled low reads as 0 V and cannot be told apart; see DRIVERS.md.
 */
public final class Mcp3008Driver implements SensorDriver {

    private final SpiDevice io;
    private final DeviceAddress where;
    private final int channel;
    private final boolean singleEnded;
    private final BigDecimal vref;

    /**
     * @param channel     0..7; in differential mode the pair as datasheet table 5-2 numbers it
     * @param vref        the voltage on VREF, e.g. 3.3
     * @throws ChipNotFoundException the null bit of a first conversion is not low
     */
    public Mcp3008Driver(SpiDevice io, int channel, boolean singleEnded, BigDecimal vref) throws SensorException {
        if (channel < 0 || channel > 7) {
            throw new IllegalArgumentException("mcp3008: channel " + channel + " is outside 0..7");
        }
        if (vref.signum() <= 0) {
            throw new IllegalArgumentException("mcp3008: vref " + vref + " V must be positive");
        }
        this.io = io;
        this.where = new DeviceAddress(io.address().bus(), "ch" + channel);
        this.channel = channel;
        this.singleEnded = singleEnded;
        this.vref = vref;
        try {
            convert();
        } catch (BusException e) {
            throw new ChipNotFoundException(where, e.getMessage(), e);
        } catch (ImplausibleValueException e) {
            // A full-scale first reading is an input problem, not a missing chip.
        }
    }

    @Override
    public String driverName() {
        return "mcp3008";
    }

    /** One conversion, 0..1022; 1023 (at or above VREF) is reported as implausible. */
    public int convert() throws SensorException {
        byte[] out = {(byte) START, (byte) ((singleEnded ? SINGLE_ENDED : 0) | channel << CHANNEL_SHIFT), 0};
        byte[] in;
        try {
            in = io.transfer(out);
        } catch (IOException e) {
            throw new BusException(where, "transfer: " + e.getMessage(), e);
        }
        if ((in[1] & NULL_BIT) != 0) {
            throw new BusException(where, String.format(
                    "reply %02x %02x %02x has the null bit high: no MCP3008 driving MISO (wiring, chip select?)",
                    in[0], in[1], in[2]));
        }
        int raw = (in[1] & HIGH_BITS) << 8 | (in[2] & 0xFF);
        if (raw == FULL_SCALE) {
            throw new ImplausibleValueException(where, "conversion 1023 is full scale: input at or above VREF " + vref + " V");
        }
        return raw;
    }

    /** {@inheritDoc} One {@code voltage} in V: raw · VREF / 1024, to 0.1 mV. */
    @Override
    public List<Measurement> read() throws SensorException {
        int raw = convert();
        BigDecimal v = vref.multiply(BigDecimal.valueOf(raw)).divide(BigDecimal.valueOf(STEPS), 4, RoundingMode.HALF_EVEN);
        return List.of(new Measurement("voltage", SenmlUnits.VOLT, v));
    }

    @Override
    public void close() {
        io.close();
    }
}
