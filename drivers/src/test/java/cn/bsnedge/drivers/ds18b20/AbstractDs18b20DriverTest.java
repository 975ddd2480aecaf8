package cn.bsnedge.drivers.ds18b20;

import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.io.OneWireBus;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What must hold for any w1 bus with DS18B20s, simulated or real. */
abstract class AbstractDs18b20DriverTest {

    abstract OneWireBus bus();

    @Test
    void everyDiscoveredSensor_readsOneTemperatureInRange() throws Exception {
        List<String> ids = Ds18b20Driver.discover(bus());
        assertFalse(ids.isEmpty());
        for (String id : ids) {
            Measurement m = new Ds18b20Driver(bus(), id).read().getFirst();
            assertEquals("temperature Cel", m.quantity() + " " + m.unit());
            assertTrue(m.value().compareTo(BigDecimal.valueOf(-55)) >= 0 && m.value().compareTo(BigDecimal.valueOf(125)) <= 0);
        }
    }
}
