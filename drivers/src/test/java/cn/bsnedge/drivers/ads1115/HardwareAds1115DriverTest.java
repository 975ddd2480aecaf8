package cn.bsnedge.drivers.ads1115;

import cn.bsnedge.drivers.io.I2cDevice;
import cn.bsnedge.drivers.testing.HardwareBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** Shared tests on a real ADS1115 (AIN0 tied to something below 4 V); aborts where there is none. */
@Tag("hardware")
class HardwareAds1115DriverTest extends AbstractAds1115DriverTest {

    private final int bus = HardwareBus.intProperty("bsn.ads1115.bus", 1);
    private HardwareBus hw;
    private I2cDevice dev;

    @BeforeEach
    void open() {
        hw = HardwareBus.open(Path.of("/dev/i2c-" + bus));
        dev = hw.i2c(bus, HardwareBus.intProperty("bsn.ads1115.address", Ads1115Driver.ADDRESS_GND));
        HardwareBus.assumeAnswers(dev, 0x01);
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
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), t).toMillis() + 1));
    }
}
