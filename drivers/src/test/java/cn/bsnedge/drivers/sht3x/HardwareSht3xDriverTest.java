package cn.bsnedge.drivers.sht3x;

import cn.bsnedge.drivers.io.I2cDevice;
import cn.bsnedge.drivers.testing.HardwareBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** Shared tests on a real SHT3x; aborts where there is none. -Dbsn.sht3x.bus=1 -Dbsn.sht3x.address=0x44 */
@Tag("hardware")
class HardwareSht3xDriverTest extends AbstractSht3xDriverTest {

    private final int bus = HardwareBus.intProperty("bsn.sht3x.bus", 1);
    private HardwareBus hw;
    private I2cDevice dev;

    @BeforeEach
    void open() {
        hw = HardwareBus.open(Path.of("/dev/i2c-" + bus));
        dev = hw.i2c(bus, HardwareBus.intProperty("bsn.sht3x.address", Sht3xDriver.ADDRESS_PRIMARY));
        try {
            dev.write((byte) 0xF3, (byte) 0x2D);   // read status: any chip at the address ACKs
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort(dev.address() + " does not answer: " + e.getMessage());
        }
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
