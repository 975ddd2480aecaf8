package cn.bsnedge.drivers.ds18b20;

import cn.bsnedge.drivers.BusException;
import cn.bsnedge.drivers.ChecksumException;
import cn.bsnedge.drivers.ChipNotFoundException;
import cn.bsnedge.drivers.DeviceAddress;
import cn.bsnedge.drivers.ImplausibleValueException;
import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.SenmlUnits;
import cn.bsnedge.drivers.SensorDriver;
import cn.bsnedge.drivers.SensorException;
import cn.bsnedge.drivers.io.OneWireBus;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.regex.Matcher;

import static cn.bsnedge.drivers.ds18b20.W1SlaveFormat.*;

/**
 * Maxim DS18B20 1-Wire thermometer through the Linux {@code w1-gpio} and {@code w1_therm}
 * drivers. Several sensors share one bus; each driver instance reads one, by ROM id. The kernel
 * does the bus timing, the conversion wait (up to 750 ms at 12 bit; the read blocks in the
 * kernel, not in Java) and the CRC; this driver refuses what the kernel flags and what a CRC
 * cannot catch: the 85 °C power-on value and an all-zero scratchpad (which passes the CRC).
 */
public final class Ds18b20Driver implements SensorDriver {

    private final OneWireBus bus;
    private final String romId;
    private final DeviceAddress where;

    /**
     * @throws ChipNotFoundException the ROM id is not a DS18B20 (family 28) or the kernel does not list it
     * @throws BusException          the w1 bus directory cannot be read
     */
    public Ds18b20Driver(OneWireBus bus, String romId) throws SensorException {
        this.bus = bus;
        this.romId = romId;
        this.where = DeviceAddress.oneWire(romId);
        if (!romId.startsWith(FAMILY_DS18B20 + "-")) {
            throw new ChipNotFoundException(where, "family " + romId.substring(0, Math.min(2, romId.length()))
                    + ", want " + FAMILY_DS18B20 + " (DS18B20)");
        }
        List<String> present = discover(bus);
        if (!present.contains(romId)) {
            throw new ChipNotFoundException(where, "not on the bus; DS18B20s present: " + present);
        }
    }

    /** ROM ids of all DS18B20s the kernel lists, sorted, e.g. to write a first config. */
    public static List<String> discover(OneWireBus bus) throws BusException {
        try {
            return bus.slaves().stream().filter(id -> id.startsWith(FAMILY_DS18B20 + "-")).toList();
        } catch (IOException e) {
            throw new BusException(new DeviceAddress("w1", ""), "listing slaves: " + e.getMessage(), e);
        }
    }

    @Override
    public String driverName() {
        return "ds18b20";
    }

    /** {@inheritDoc} One {@code temperature} in Cel, in the kernel's m°C (the chip resolves 0.0625 °C). */
    @Override
    public List<Measurement> read() throws SensorException {
        String text;
        try {
            text = bus.readSlave(romId);
        } catch (NoSuchFileException e) {
            throw new ChipNotFoundException(where, "w1_slave is gone: sensor unplugged or bus lost", e);
        } catch (IOException e) {
            throw new BusException(where, "reading w1_slave: " + e.getMessage(), e);
        }
        return List.of(new Measurement("temperature", SenmlUnits.CELSIUS, BigDecimal.valueOf(parse(text), 3)));
    }

    /** Temperature in m°C from {@code w1_slave} text, or the typed failure it shows. */
    int parse(String text) throws SensorException {
        String[] lines = text.strip().split("\n");
        Matcher crc = lines.length == 2 ? CRC_LINE.matcher(lines[0].strip()) : null;
        Matcher temp = lines.length == 2 ? TEMP_LINE.matcher(lines[1].strip()) : null;
        if (crc == null || !crc.matches() || !temp.matches()) {
            throw new BusException(where, "w1_slave is not the two-line w1_therm format: " + text.strip().replace('\n', '|'));
        }
        if (crc.group(3).equals("NO")) {
            throw new ChecksumException(where, "scratchpad " + crc.group(1).strip() + " failed CRC (kernel says crc=" + crc.group(2) + " NO)");
        }
        if (crc.group(1).strip().equals("00 00 00 00 00 00 00 00 00")) {
            // CRC-8 of nine zero bytes is zero, so a line held low passes the kernel's check.
            throw new ImplausibleValueException(where, "scratchpad all zeros: data line shorted to GND or sensor lost mid-read");
        }
        int milli = Integer.parseInt(temp.group(1));
        if (milli == POWER_ON_MILLI_CELSIUS) {
            throw new ImplausibleValueException(where, "85.000 Cel is the power-on value: no conversion ran (power or parasite-power pull-up?)");
        }
        if (milli < MIN_MILLI_CELSIUS || milli > MAX_MILLI_CELSIUS) {
            throw new ImplausibleValueException(where, "temperature " + BigDecimal.valueOf(milli, 3) + " Cel is outside -55..125 Cel");
        }
        return milli;
    }
}
