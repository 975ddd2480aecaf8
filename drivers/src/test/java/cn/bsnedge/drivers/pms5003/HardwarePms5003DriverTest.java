package cn.bsnedge.drivers.pms5003;

import cn.bsnedge.drivers.DeviceAddress;
import cn.bsnedge.drivers.io.ByteStream;
import cn.bsnedge.drivers.io.InputStreamByteStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Shared tests on a real PMS5003 at -Dbsn.pms5003.port=/dev/serial0 (set 9600 raw first:
 * {@code stty -F /dev/serial0 9600 raw -echo}); aborts without the port. Takes 30 s (warm-up).
 */
@Tag("hardware")
class HardwarePms5003DriverTest extends AbstractPms5003DriverTest {

    private ByteStream port;

    @BeforeEach
    void open() throws IOException {
        Path p = Path.of(System.getProperty("bsn.pms5003.port", "/dev/serial0"));
        Assumptions.assumeTrue(Files.isReadable(p), p + " not readable: no PMS5003 here");
        port = new InputStreamByteStream(DeviceAddress.serial(p.toString()), new FileInputStream(p.toFile()));
    }

    @AfterEach
    void close() throws IOException {
        if (port != null) {
            port.close();
        }
    }

    @Override
    ByteStream stream() {
        return port;
    }

    @Override
    InstantSource clock() {
        return InstantSource.system();
    }

    @Override
    void waitUntil(Instant t) throws InterruptedException {
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), t).toMillis()) + 2500);
    }
}
