package cn.bsnedge.drivers.sim;

import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.SensorException;
import cn.bsnedge.drivers.sim.SimulatedDriver.Spec;
import cn.bsnedge.drivers.sim.SimulatedDriver.Waveform;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedDriverTest {

    private static final Spec TEMP = new Spec("temperature", "Cel", Waveform.SINE, 20, 5, 100, 2, 7, 0);
    private static final Spec METER = new Spec("water.volume", "m3", Waveform.COUNTER, 100, 0.01, 1, 3, 9, 0);

    private static List<BigDecimal> values(SimulatedDriver d, int n) throws SensorException {
        List<BigDecimal> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Measurement m = d.read().getFirst();
            out.add(m.value());
        }
        return out;
    }

    @Test
    void read_sameSeed_reproducesTheSameSeries() throws SensorException {
        assertEquals(values(new SimulatedDriver(TEMP), 50), values(new SimulatedDriver(TEMP), 50));
    }

    @Test
    void read_differentSeed_givesADifferentSeries() throws SensorException {
        Spec other = new Spec("temperature", "Cel", Waveform.SINE, 20, 5, 100, 2, 8, 0);
        assertTrue(!values(new SimulatedDriver(TEMP), 20).equals(values(new SimulatedDriver(other), 20)));
    }

    @Test
    void read_valuesCarryTheSpecifiedDecimals() throws SensorException {
        for (BigDecimal v : values(new SimulatedDriver(TEMP), 20)) {
            assertEquals(2, v.scale(), v.toPlainString());
        }
    }

    @Test
    void counter_strictlyIncreases_andResumesWhereARestartLeftOff() throws SensorException {
        List<BigDecimal> all = values(new SimulatedDriver(METER), 40);
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i).compareTo(all.get(i - 1)) > 0, "reading " + i + " went backwards: " + all);
        }
        List<BigDecimal> resumed = values(new SimulatedDriver(METER, 25), 15);
        assertEquals(all.subList(25, 40), resumed);
    }

    @Test
    void failEvery_failsThatReadAndProducesNoValue() throws SensorException {
        SimulatedDriver d = new SimulatedDriver(new Spec("temperature", "Cel", Waveform.SINE, 20, 5, 100, 2, 7, 3));
        d.read();
        d.read();
        SensorException e = assertThrows(SensorException.class, d::read);
        assertTrue(e.getMessage().contains("injected fault"), e.getMessage());
        d.read();
    }
}
