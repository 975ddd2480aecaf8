package cn.bsnedge.drivers.ds18b20;

import cn.bsnedge.drivers.io.OneWireBus;
import cn.bsnedge.drivers.io.SysfsOneWireBus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

/** Shared tests on the real /sys/bus/w1/devices; aborts where no DS18B20 is listed. */
@Tag("hardware")
class HardwareDs18b20DriverTest extends AbstractDs18b20DriverTest {

    private final OneWireBus bus = new SysfsOneWireBus(SysfsOneWireBus.DEFAULT_BASE);

    @BeforeEach
    void assumeSensors() {
        try {
            Assumptions.assumeFalse(Ds18b20Driver.discover(bus).isEmpty(), "no DS18B20 on the w1 bus");
        } catch (Exception e) {
            Assumptions.abort("no w1 bus: " + e.getMessage());
        }
    }

    @Override
    OneWireBus bus() {
        return bus;
    }
}
