package cn.bsnedge.drivers.pulse;

import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.SensorException;
import cn.bsnedge.drivers.io.EdgeInput;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FakePulseMeterDriverTest extends AbstractPulseMeterDriverTest {

    private static final long MS = 1_000_000L;
    private final FakeEdgeInput line = new FakeEdgeInput();
    private long now = 0;

    @Override
    EdgeInput input() {
        return line;
    }

    private PulseMeterDriver meter(CounterStore store) throws SensorException {
        return new PulseMeterDriver(line, WATER, store, () -> now);
    }

    @Test
    void read_tenLitrePulses_totalAndRateByHand() throws Exception {
        PulseMeterDriver d = meter(new FileCounterStore(dir.resolve("meter")));
        d.read();
        for (int i = 0; i < 30; i++) {
            line.pulse(i * 1000 * MS);
        }
        now = 60_000 * MS;
        // 1523.125 m3 + 30 × 0.01 m3 = 1523.425 m3; 0.3 m3 over 60 s = 0.005 m3/s
        assertEquals(List.of(new Measurement("water.volume", "m3", new BigDecimal("1523.425")),
                new Measurement("water.flow", "m3/s", new BigDecimal("0.005"))), d.read());
    }

    @Test
    void edges_bouncingContact_countOncePerPulse() throws Exception {
        PulseMeterDriver d = meter(new InMemoryStore());
        // one press of a reed contact: falling, then bounces within 20 ms, then release
        line.edge(false, 0);
        line.edge(true, 2 * MS);
        line.edge(false, 3 * MS);
        line.edge(true, 5 * MS);
        line.edge(false, 19 * MS);
        line.edge(true, 60 * MS);
        line.edge(false, 1000 * MS);   // the next real pulse
        assertEquals(2, d.pulses());
        assertEquals(2, d.bounces());
    }

    @Test
    void energyMeter_1000ImpPerKwh_rateInWatts() throws Exception {
        PulseMeterConfig s0 = new PulseMeterConfig(false, Duration.ofMillis(10), new BigDecimal("0.001"), BigDecimal.ZERO,
                "energy", "kWh", 3, "power", "W", new BigDecimal("3600000"));
        PulseMeterDriver d = new PulseMeterDriver(line, s0, new InMemoryStore(), () -> now);
        d.read();
        for (int i = 0; i < 10; i++) {
            line.pulse(i * 3600 * MS);   // one pulse per 3.6 s = 1 Wh per 3.6 s = 1000 W
        }
        now = 36_000 * MS;
        List<Measurement> ms = d.read();
        assertEquals(new BigDecimal("0.010"), ms.get(0).value());
        assertEquals(new BigDecimal("1000.000"), ms.get(1).value());
    }

    @Test
    void restart_continuesFromPersistedTotal() throws Exception {
        FileCounterStore store = new FileCounterStore(dir.resolve("meter"));
        PulseMeterDriver before = meter(store);
        for (int i = 0; i < 7; i++) {
            line.pulse(i * 1000 * MS);
        }
        BigDecimal reported = before.read().getFirst().value();
        before.close();
        assertTrue(line.closed);

        PulseMeterDriver after = meter(store);   // power cut and restart
        assertEquals(reported, after.read().getFirst().value());
        assertEquals("pulses=7\n", Files.readString(dir.resolve("meter")));
    }

    @Test
    void read_storeCannotSave_failsWithoutAReading() throws Exception {
        InMemoryStore store = new InMemoryStore();
        PulseMeterDriver d = meter(store);
        line.pulse(0);
        store.failSaves = true;
        SensorException e = assertThrows(SensorException.class, d::read);
        assertTrue(e.getMessage().startsWith("gpio17: saving pulse count 1"), e.getMessage());
    }

    @Test
    void constructor_corruptCounterFile_refusesToStartFromZero() throws Exception {
        Files.writeString(dir.resolve("meter"), "pulses=12x\n");
        assertThrows(SensorException.class, () -> meter(new FileCounterStore(dir.resolve("meter"))));
    }

    @Test
    void fileStore_leavesNoTempFileAndRoundTrips() throws Exception {
        FileCounterStore store = new FileCounterStore(dir.resolve("meter"));
        assertEquals(0, store.load());
        store.save(123_456_789_012L);
        assertEquals(123_456_789_012L, store.load());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("meter"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    static final class InMemoryStore implements CounterStore {
        long saved;
        boolean failSaves;

        @Override
        public long load() {
            return saved;
        }

        @Override
        public void save(long pulses) throws IOException {
            if (failSaves) {
                throw new IOException("No space left on device");
            }
            saved = pulses;
        }
    }
}
