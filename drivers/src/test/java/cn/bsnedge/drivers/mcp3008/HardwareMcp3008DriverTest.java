package cn.bsnedge.drivers.mcp3008;

import cn.bsnedge.drivers.ChipNotFoundException;
import cn.bsnedge.drivers.io.SpiDevice;
import cn.bsnedge.drivers.testing.HardwareBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

import java.nio.file.Path;

/** Shared tests on a real MCP3008 on /dev/spidev0.0, CH0 below VREF; aborts where there is none. */
@Tag("hardware")
class HardwareMcp3008DriverTest extends AbstractMcp3008DriverTest {

    private HardwareBus hw;
    private SpiDevice dev;

    @BeforeEach
    void open() throws Exception {
        hw = HardwareBus.open(Path.of("/dev/spidev0.0"));
        dev = hw.spi(0, 0);
        try {
            new Mcp3008Driver(dev, 0, true, VREF);
        } catch (ChipNotFoundException e) {
            Assumptions.abort(e.getMessage());
        }
    }

    @AfterEach
    void close() {
        if (hw != null) {
            hw.close();
        }
    }

    @Override
    SpiDevice device() {
        return dev;
    }
}
