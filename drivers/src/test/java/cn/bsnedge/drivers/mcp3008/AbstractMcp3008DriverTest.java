package cn.bsnedge.drivers.mcp3008;

import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.io.SpiDevice;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What must hold for any MCP3008, simulated or real. */
abstract class AbstractMcp3008DriverTest {

    static final BigDecimal VREF = new BigDecimal("3.3");

    abstract SpiDevice device();

    @Test
    void read_givesOneVoltageBelowVref() throws Exception {
        Mcp3008Driver d = new Mcp3008Driver(device(), 0, true, VREF);
        Measurement m = d.read().getFirst();
        assertEquals("voltage V", m.quantity() + " " + m.unit());
        assertTrue(m.value().signum() >= 0 && m.value().compareTo(VREF) < 0, m.value().toString());
    }
}
