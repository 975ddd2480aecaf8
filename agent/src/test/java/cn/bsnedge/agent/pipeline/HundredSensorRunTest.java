package cn.bsnedge.agent.pipeline;

import cn.bsnedge.drivers.sim.SimulatedDriver;
import cn.bsnedge.drivers.sim.SimulatedDriver.Spec;
import cn.bsnedge.drivers.sim.SimulatedDriver.Waveform;
import cn.bsnedge.ledger.entry.Reading;
import cn.bsnedge.ledger.entry.SensorCode;
import cn.bsnedge.ledger.entry.Timestamp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 100-sensor simulated run: 10 minutes of fake time, five different intervals, a
 * quarter of the sensors failing (half throw on every read, half hang in the driver), half the
 * healthy ones taking 40 ms per read, and the
 * ticker starting just below {@code Long.MAX_VALUE} so it overflows mid-run, as
 * {@code System.nanoTime()} may. Every expectation is exact, because the clock is fake.
 */
@ExtendWith(NoThreadsLeft.class)
class HundredSensorRunTest {

    private static final Duration[] INTERVALS = {
        Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)};
    private static final Duration RUN = Duration.ofMinutes(10);
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final long LAST_COMMITTED = 1_000;
    private static final Duration READ_TIME = Duration.ofMillis(40);

    private record Sensor(SensorCode code, Duration interval, Kind kind) {
        long deadlines() {
            return RUN.toNanos() / interval.toNanos(); // deadlines at 0, i, 2i, ... before RUN
        }
    }

    private enum Kind { HEALTHY, THROWS, HANGS }

    private final List<Sensor> sensors = new ArrayList<>();
    private FakeRun run;
    private Map<SensorCode, SensorHealth> health;

    @BeforeEach
    void runTenMinutes() throws InterruptedException {
        run = new FakeRun(Long.MAX_VALUE - Duration.ofMinutes(5).toNanos(), TIMEOUT);
        for (int i = 0; i < 100; i++) {
            Kind kind = i % 4 != 3 ? Kind.HEALTHY : i % 8 == 3 ? Kind.THROWS : Kind.HANGS;
            Sensor s = new Sensor(SensorCode.of("88.1001.31/SIM-%04d".formatted(i)), INTERVALS[i % INTERVALS.length], kind);
            sensors.add(s);
            var spec = new Spec("temperature", "Cel", Waveform.SINE, 20, 5, 60, 2, i, kind == Kind.THROWS ? 1 : 0);
            if (kind == Kind.HANGS) {
                run.readers.hang(s.code());
            } else if (i % 2 == 1) {
                // Reads that take time: a scheduler that waits an interval after each read would drift.
                run.readers.latency(s.code(), READ_TIME);
            }
            run.sampler.add(new SensorSlot(s.code(), new SimulatedDriver(spec), s.interval()), LAST_COMMITTED);
        }
        run.runUntil(RUN.minusNanos(1));
        health = run.sampler.health();
        run.close();
    }

    private List<Sensor> of(Kind kind) {
        return sensors.stream().filter(s -> s.kind() == kind).toList();
    }

    @Test
    void healthySensors_areReadAtExactlyStartPlusKTimesInterval_withNoMissedInterval() {
        assertEquals(75, of(Kind.HEALTHY).size());
        for (Sensor s : of(Kind.HEALTHY)) {
            List<Reading> rs = run.of(s.code());
            assertEquals(s.deadlines(), rs.size(), s.code() + " readings in 10 minutes at " + s.interval());
            for (int k = 0; k < rs.size(); k++) {
                Timestamp want = Timestamp.of(FakeTime.WALL_START.plus(s.interval().multipliedBy(k)),
                        rs.get(k).time().resolution());
                assertEquals(want, rs.get(k).time(), s.code() + " reading " + k + " drifted");
            }
        }
    }

    @Test
    void healthySensors_seqsContinueFromLastCommitted_withoutGaps() {
        for (Sensor s : of(Kind.HEALTHY)) {
            List<Reading> rs = run.of(s.code());
            for (int k = 0; k < rs.size(); k++) {
                assertEquals(LAST_COMMITTED + 1 + k, rs.get(k).seq(), s.code() + " reading " + k);
            }
        }
    }

    @Test
    void healthySensors_healthShowsEveryReadOkAndNothingSkipped_despiteAQuarterFailing() {
        assertAll(of(Kind.HEALTHY).stream().map(s -> () -> {
            SensorHealth h = health.get(s.code());
            assertEquals(s.deadlines(), h.readsOk(), s.code() + " readsOk");
            assertEquals(0, h.failures(), s.code() + " failures");
            assertEquals(0, h.skippedDeadlines(), s.code() + " skipped");
            assertEquals(0, h.consecutiveFailures(), s.code() + " consecutive failures");
            assertEquals(FakeTime.WALL_START.plus(s.interval().multipliedBy(s.deadlines() - 1)), h.lastSuccess().orElseThrow());
            assertTrue(h.lastFailure().isEmpty(), s.code() + " has no failure");
        }));
    }

    @Test
    void throwingSensors_yieldNoReading_andEveryReadCountsAsAFailureWithItsMessage() {
        assertEquals(13, of(Kind.THROWS).size());
        assertAll(of(Kind.THROWS).stream().map(s -> () -> {
            SensorHealth h = health.get(s.code());
            assertEquals(List.of(), run.of(s.code()), s.code() + " must record no reading for a failed read");
            assertEquals(s.deadlines(), h.failures(), s.code() + " failures");
            assertEquals(s.deadlines(), h.consecutiveFailures(), s.code() + " consecutive failures");
            assertEquals(0, h.skippedDeadlines(), s.code() + " a read that throws at once skips nothing");
            assertTrue(h.lastSuccess().isEmpty());
            SensorHealth.Failure f = h.lastFailure().orElseThrow();
            assertTrue(f.message().contains("injected fault"), f.message());
            assertEquals(FakeTime.WALL_START.plus(s.interval().multipliedBy(s.deadlines() - 1)), f.at());
            assertEquals(LAST_COMMITTED + 1, h.nextSeq(), "failed reads take no seq");
        }));
    }

    @Test
    void hangingSensors_failOnceAtTheTimeout_thenSkipAndCountEveryDeadline_holdingOneReadEach() {
        assertEquals(12, of(Kind.HANGS).size());
        assertEquals(12, run.readers.hungReads(), "one hung read per hanging sensor, never one per interval");
        assertAll(of(Kind.HANGS).stream().map(s -> () -> {
            SensorHealth h = health.get(s.code());
            assertEquals(List.of(), run.of(s.code()));
            assertEquals(1, h.failures(), s.code() + " failures");
            assertEquals(1, h.timeouts(), s.code() + " timeouts");
            assertEquals(s.deadlines() - 1, h.skippedDeadlines(), s.code() + " every deadline after the first is skipped");
            assertTrue(h.readInProgress());
            SensorHealth.Failure f = h.lastFailure().orElseThrow();
            assertEquals(FakeTime.WALL_START.plus(TIMEOUT), f.at(), "the hang is reported at the timeout, not later");
            assertTrue(f.message().contains("did not return within PT3S"), f.message());
        }));
    }

    @Test
    void log_namesTheFailingSensors_withoutAFloodOfLines() {
        for (Sensor s : of(Kind.THROWS)) {
            assertTrue(run.log.stream().anyMatch(l -> l.contains(s.code().value()) && l.contains("read failed")), s.code().value());
        }
        // 13 sensors failing up to 2,400 times each: powers of two keep it to a dozen lines per sensor.
        assertTrue(run.log.size() < 100 * 15, "log lines: " + run.log.size());
    }
}
