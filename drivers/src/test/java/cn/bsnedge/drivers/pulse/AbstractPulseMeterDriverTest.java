package cn.bsnedge.drivers.pulse;

import cn.bsnedge.drivers.io.EdgeInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What must hold for any pulse input, simulated or real. */
abstract class AbstractPulseMeterDriverTest {

    static final PulseMeterConfig WATER = new PulseMeterConfig(false, Duration.ofMillis(20), new BigDecimal("0.01"),
            new BigDecimal("1523.125"), "water.volume", "m3", 3, "water.flow", "m3/s", BigDecimal.ONE);

    @TempDir
    Path dir;

    abstract EdgeInput input();

    @Test
    void read_totalStartsAtMeterIndexAndNeverDecreases() throws Exception {
        PulseMeterDriver d = new PulseMeterDriver(input(), WATER, new FileCounterStore(dir.resolve("meter")), System::nanoTime);
        BigDecimal first = d.read().getFirst().value();
        assertTrue(first.compareTo(new BigDecimal("1523.125")) >= 0);
        assertTrue(d.read().getFirst().value().compareTo(first) >= 0);
        d.close();
    }

    @Test
    void read_firstReadHasNoRate_secondHasOne() throws Exception {
        PulseMeterDriver d = new PulseMeterDriver(input(), WATER, new FileCounterStore(dir.resolve("meter")), System::nanoTime);
        assertEquals(1, d.read().size());
        assertEquals("water.flow", d.read().get(1).quantity());
        d.close();
    }
}
