package cn.bsnedge.agent.sensors;

import cn.bsnedge.drivers.io.ByteStream;
import cn.bsnedge.drivers.io.EdgeInput;
import cn.bsnedge.drivers.io.I2cDevice;
import cn.bsnedge.drivers.io.OneWireBus;
import cn.bsnedge.drivers.io.SpiDevice;

import java.io.IOException;

/**
 * Where {@link DriverFactory} gets its wires: one method per bus kind, returning the drivers'
 * narrow IO interfaces. Production uses {@link Pi4jAgentBuses}; tests hand in register-level
 * fakes, so the factory's mapping from config to driver is tested without hardware.
 * <p>
 * Every method fails with an {@link IOException} that says what could not be opened and why
 * (e.g. "no /dev/i2c-1"); the factory adds which sensor wanted it.
 */
public interface Buses {

    /** The pin's bias resistor; Pi4J-free so that this interface and its fakes need no Pi4J. */
    enum Pull { UP, DOWN, OFF }

    /** A 7-bit {@code address} on Linux I2C bus {@code bus} ({@code /dev/i2c-N}). */
    I2cDevice i2c(int bus, int address) throws IOException;

    /** Chip select {@code chipSelect} on SPI bus {@code bus} ({@code /dev/spidevB.C}), at {@code baud} Hz in SPI {@code mode}. */
    SpiDevice spi(int bus, int chipSelect, int baud, int mode) throws IOException;

    /** A GPIO input (BCM numbering) reporting level changes. */
    EdgeInput edgeInput(int pin, Pull pull) throws IOException;

    /** The kernel's w1 bus; shared by all 1-Wire sensors, each reading its own ROM id. */
    OneWireBus oneWire();

    /** A UART receive line, already set to 9600 8N1 raw (the only serial sensor is the PMS5003). */
    ByteStream serial(String devicePath) throws IOException;
}
