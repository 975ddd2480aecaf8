package cn.bsnedge.agent.config;

/**
 * Where a sensor is wired. Each kind carries exactly the parameters its bus needs, so a driver
 * never sees an SPI chip-select it cannot use.
 */
public sealed interface Bus {

    /** What two sensors must not share, e.g. "I2C bus 1 address 0x76"; null when nothing is exclusive. */
    String resource();

    /** No wiring: the simulated driver. */
    record None() implements Bus {
        @Override
        public String resource() {
            return null;
        }
    }

    /** An I2C device: Linux bus number ({@code /dev/i2c-N}) and 7-bit address. */
    record I2c(int bus, int address) implements Bus {
        @Override
        public String resource() {
            return String.format("I2C bus %d address 0x%02x", bus, address);
        }
    }

    /** An SPI device: Linux bus and chip select ({@code /dev/spidevB.C}). */
    record Spi(int bus, int chipSelect) implements Bus {
        @Override
        public String resource() {
            return "SPI bus " + bus + " chip select " + chipSelect;
        }
    }

    /** A GPIO input, BCM numbering. */
    record Gpio(int pin) implements Bus {
        @Override
        public String resource() {
            return "GPIO pin " + pin;
        }
    }

    /** A serial port, e.g. {@code /dev/serial0}. */
    record Serial(String device) implements Bus {
        @Override
        public String resource() {
            return "serial device " + device;
        }
    }

    /**
     * A networked sensor (driver {@code coap}): the CoAP resource the gateway reads, or empty for
     * a sensor that pushes its readings to the gateway (docs/COAP.md).
     */
    record Network(String uri) implements Bus {
        @Override
        public String resource() {
            return uri.isEmpty() ? null : "CoAP resource " + uri;
        }
    }

    /** A 1-Wire device by ROM id as the kernel names it, e.g. {@code 28-0316a2791aff}. */
    record OneWire(String rom) implements Bus {
        @Override
        public String resource() {
            return "1-Wire ROM " + rom;
        }
    }
}
