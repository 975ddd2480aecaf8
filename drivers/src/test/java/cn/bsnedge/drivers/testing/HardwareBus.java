package cn.bsnedge.drivers.testing;

import cn.bsnedge.drivers.io.I2cDevice;
import cn.bsnedge.drivers.io.SpiDevice;
import cn.bsnedge.drivers.io.pi4j.Pi4jBuses;
import com.pi4j.context.Context;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real buses for the {@code hardware}-tagged tests. Every step that needs hardware aborts the
 * test (JUnit "aborted", not failed) when it is missing, so a laptop or CI run stays green.
 * Choose the device with system properties, e.g. {@code -Dbsn.bme280.address=0x77}.
 */
public final class HardwareBus implements AutoCloseable {

    private final Context pi4j;
    private final Pi4jBuses buses;

    private HardwareBus(Context pi4j) {
        this.pi4j = pi4j;
        this.buses = new Pi4jBuses(pi4j, System::nanoTime);
    }

    public static HardwareBus open(Path deviceNode) {
        Assumptions.assumeTrue(Files.exists(deviceNode), deviceNode + " not present: no hardware here");
        try {
            return new HardwareBus(Pi4jBuses.newAutoContext());
        } catch (RuntimeException | LinkageError e) {
            Assumptions.abort("no Pi4J context: " + e);
            throw new AssertionError("unreachable");
        }
    }

    public I2cDevice i2c(int bus, int address) {
        try {
            return buses.i2c(bus, address);
        } catch (RuntimeException e) {
            Assumptions.abort("cannot open I2C " + bus + "/" + Integer.toHexString(address) + ": " + e);
            throw new AssertionError("unreachable");
        }
    }

    /** Aborts unless something acknowledges a read of {@code register}: no chip, no test. */
    public static void assumeAnswers(I2cDevice dev, int register) {
        try {
            dev.readRegister(register, new byte[1]);
        } catch (java.io.IOException e) {
            Assumptions.abort(dev.address() + " does not answer: " + e.getMessage());
        }
    }

    public SpiDevice spi(int bus, int chipSelect) {
        try {
            return buses.spi(bus, chipSelect, 1_000_000, 0);
        } catch (RuntimeException e) {
            Assumptions.abort("cannot open SPI " + bus + "." + chipSelect + ": " + e);
            throw new AssertionError("unreachable");
        }
    }

    public static int intProperty(String name, int dflt) {
        String v = System.getProperty(name);
        return v == null ? dflt : Integer.decode(v);
    }

    @Override
    public void close() {
        pi4j.shutdown();
    }
}
