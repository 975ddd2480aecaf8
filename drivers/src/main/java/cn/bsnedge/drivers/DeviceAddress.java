package cn.bsnedge.drivers;

import java.util.Objects;

/**
 * Where a device sits, for error messages and logs: the bus (e.g. {@code i2c-1}, {@code spi0.0},
 * {@code gpio17}, {@code /dev/serial0}, {@code w1}) and the address on it (e.g. {@code 0x76},
 * a 1-Wire ROM id, or empty where the bus has one device).
 */
public record DeviceAddress(String bus, String address) {

    public DeviceAddress {
        Objects.requireNonNull(bus, "bus");
        Objects.requireNonNull(address, "address");
    }

    public static DeviceAddress i2c(int bus, int address) {
        return new DeviceAddress("i2c-" + bus, String.format("0x%02x", address));
    }

    /** SPI bus and chip select, named like the Linux device {@code /dev/spidevB.C}. */
    public static DeviceAddress spi(int bus, int chipSelect) {
        return new DeviceAddress("spi" + bus + "." + chipSelect, "");
    }

    public static DeviceAddress gpio(int bcm) {
        return new DeviceAddress("gpio" + bcm, "");
    }

    public static DeviceAddress serial(String device) {
        return new DeviceAddress(device, "");
    }

    public static DeviceAddress oneWire(String romId) {
        return new DeviceAddress("w1", romId);
    }

    @Override
    public String toString() {
        return address.isEmpty() ? bus : bus + " " + address;
    }
}
