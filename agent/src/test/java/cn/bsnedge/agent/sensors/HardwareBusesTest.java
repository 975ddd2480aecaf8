package cn.bsnedge.agent.sensors;

import cn.bsnedge.agent.sensors.DriverFactory.UnavailableDriverException;
import com.pi4j.context.Context;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** The Pi4J-backed buses on a machine without the hardware: clear, quick failures, Pi4J started only when needed. */
class HardwareBusesTest {

    @TempDir
    Path dir;

    private final AtomicInteger contexts = new AtomicInteger();

    /** Counts Pi4J context creations; fails them as a machine without providers would. */
    private final Supplier<Context> noPi4j = () -> {
        contexts.incrementAndGet();
        throw new IllegalStateException("no I2C provider found");
    };

    @Test
    void defaultFactory_noI2cOnThisMachine_bme280UnavailableQuicklyNamingSensorDriverAndBus() throws Exception {
        assumeFalse(Files.exists(Path.of("/dev/i2c-1")), "this machine has /dev/i2c-1");
        DriverFactory f = new DriverFactory(dir);
        UnavailableDriverException e = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(
                UnavailableDriverException.class, () -> f.create(DriverFactoryTest.sensor(
                        "  - {code: 88.1001.31/TMP-0002, driver: bme280, bus: 1, address: 0x76}\n"), 0)));
        assertEquals("sensor 88.1001.31/TMP-0002: driver bme280 on I2C bus 1 address 0x76 cannot be opened: "
                + "/dev/i2c-1: no I2C bus 1 (enable it with dtparam=i2c_arm=on in /boot/firmware/config.txt)", e.getMessage());
        f.close();
    }

    @Test
    void missingDeviceNodes_failBeforePi4jIsStarted() {
        HardwareBuses b = new HardwareBuses(dir, dir, noPi4j, System::nanoTime);
        NoSuchFileException i2c = assertThrows(NoSuchFileException.class, () -> b.i2c(1, 0x76));
        assertEquals(dir.resolve("i2c-1").toString(), i2c.getFile());
        NoSuchFileException spi = assertThrows(NoSuchFileException.class, () -> b.spi(0, 1, 1_000_000, 0));
        assertTrue(spi.getMessage().contains("spidev0.1") && spi.getMessage().contains("dtparam=spi=on"), spi.getMessage());
        NoSuchFileException gpio = assertThrows(NoSuchFileException.class, () -> b.edgeInput(17, Buses.Pull.UP));
        assertTrue(gpio.getMessage().contains("no GPIO character device"), gpio.getMessage());
        b.close();
        assertEquals(0, contexts.get(), "no Pi4J context for buses that are not there");
    }

    @Test
    void pi4jThatCannotStart_isAnIoExceptionSayingSo() throws Exception {
        Files.createFile(dir.resolve("i2c-1"));
        HardwareBuses b = new HardwareBuses(dir, dir, noPi4j, System::nanoTime);
        IOException e = assertThrows(IOException.class, () -> b.i2c(1, 0x76));
        assertEquals("Pi4J could not start: no I2C provider found", e.getMessage());
        assertEquals(1, contexts.get());
    }

    @Test
    void serialPortMissing_namesThePortAndTheSetting() {
        HardwareBuses b = new HardwareBuses(dir, dir, noPi4j, System::nanoTime);
        String port = dir.resolve("ttyAMA9").toString();
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> b.serial(port));
        assertTrue(e.getMessage().startsWith(port + ": no serial port") && e.getMessage().contains("enable_uart=1"), e.getMessage());
        assertEquals(0, contexts.get(), "the UART is a file: no Pi4J");
    }

    @Test
    void oneWire_readsTheConfiguredSysfsDirectory_withoutPi4j() throws Exception {
        Files.createDirectories(dir.resolve("28-0316a2791aff"));
        HardwareBuses b = new HardwareBuses(dir, dir, noPi4j, System::nanoTime);
        assertEquals(java.util.List.of("28-0316a2791aff"), b.oneWire().slaves());
        assertEquals(0, contexts.get());
    }
}
