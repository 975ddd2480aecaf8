package cn.bsnedge.drivers.bme280;

import cn.bsnedge.drivers.io.I2cDevice;
import cn.bsnedge.drivers.testing.HardwareBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** Runs the shared tests on a real BME280; aborts where there is none. -Dbsn.bme280.bus=1 -Dbsn.bme280.address=0x76 */
@Tag("hardware")
class HardwareBme280DriverTest extends AbstractBme280DriverTest {

    private final int bus = HardwareBus.intProperty("bsn.bme280.bus", 1);
    private HardwareBus hw;
    private I2cDevice dev;

    @BeforeEach
    void open() {
        hw = HardwareBus.open(Path.of("/dev/i2c-" + bus));
        dev = hw.i2c(bus, HardwareBus.intProperty("bsn.bme280.address", Bme280Driver.ADDRESS_PRIMARY));
        HardwareBus.assumeAnswers(dev, 0xD0);
    }

    @AfterEach
    void close() {
        if (hw != null) {
            hw.close();
        }
    }

    @Override
    I2cDevice device() {
        return dev;
    }

    @Override
    InstantSource clock() {
        return InstantSource.system();
    }

    @Override
    void waitUntil(Instant t) throws InterruptedException {
        // Tests may sleep; drivers may not.
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), t).toMillis() + 1));
    }
}
