package cn.bsnedge.agent.pipeline;

import cn.bsnedge.agent.time.TimeJump;
import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.SensorDriver;
import cn.bsnedge.drivers.SensorException;
import cn.bsnedge.ledger.entry.Reading;
import cn.bsnedge.ledger.entry.ReadingValue;
import cn.bsnedge.ledger.entry.SensorCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sampler behaviours on fake time: every expectation exact, no thread, no sleep. */
@ExtendWith(NoThreadsLeft.class)
class SamplerTest {

    private static final SensorCode A = SensorCode.of("88.1001.31/TMP-0001");
    private static final SensorCode B = SensorCode.of("88.1001.31/TMP-0002");
    private static final Duration SECOND = Duration.ofSeconds(1);

    private final FakeRun run = new FakeRun(Duration.ofSeconds(10));

    @AfterEach
    void close() throws InterruptedException {
        run.close();
    }

    /** A driver that counts its reads and returns the count as the value, or what the test scripts. */
    private static final class Counting implements SensorDriver {
        int reads;
        final List<Integer> failOn = new ArrayList<>();
        List<Measurement> next;

        @Override
        public String driverName() {
            return "counting";
        }

        @Override
        public List<Measurement> read() throws SensorException {
            int n = reads++;
            if (failOn.contains(n)) {
                throw new SensorException("bus timeout on read " + n);
            }
            return next != null ? next : List.of(new Measurement("temperature", "Cel", BigDecimal.valueOf(n)));
        }
    }

    private Counting add(SensorCode code, Duration interval, long lastCommitted) {
        Counting d = new Counting();
        run.sampler.add(new SensorSlot(code, d, interval), lastCommitted);
        return d;
    }

    private static Instant wall(Duration after) {
        return FakeTime.WALL_START.plus(after);
    }

    private List<Instant> times(SensorCode code) {
        return run.of(code).stream().map(r -> r.time().toInstant()).toList();
    }

    private List<Long> seqs(SensorCode code) {
        return run.of(code).stream().map(Reading::seq).toList();
    }

    @Test
    void slowSensor_skipsAndCountsTheDeadlinesItOverruns_whileItsNeighbourStaysOnTime() {
        add(A, SECOND, 0);
        add(B, SECOND, 0);
        run.readers.latency(A, Duration.ofMillis(2500)); // each read overruns two deadlines
        run.runUntil(Duration.ofMillis(29_999));

        SensorHealth slow = run.sampler.health().get(A);
        assertEquals(List.of(wall(Duration.ZERO), wall(Duration.ofSeconds(3)), wall(Duration.ofSeconds(6))),
                times(A).subList(0, 3), "reads at deadlines 0, 3, 6: the skipped ones are not made up for");
        assertEquals(10, slow.readsOk());
        assertEquals(20, slow.skippedDeadlines());
        assertEquals(0, slow.failures(), "slow but within the timeout is not a failure");
        assertEquals(30, run.of(B).size());
        assertEquals(wall(Duration.ofSeconds(29)), times(B).getLast());
        assertEquals(0, run.sampler.health().get(B).skippedDeadlines());
    }

    @Test
    void readThatReturned_noLongerSetsTheNextWake_onlyTheNextDeadlineDoes() {
        // Deadlines every 3 s, reads expire 10 s after they start: the timeout of the read at 0 s
        // (10 s) falls between the deadlines at 9 s and 12 s. Watching the timeouts of reads that
        // returned long ago woke the sampler once more per read, for nothing.
        Duration three = Duration.ofSeconds(3);
        add(A, three, 0);
        run.readers.latency(A, Duration.ofMillis(3));
        run.runUntil(Duration.ofMillis(1));
        assertEquals(0, run.of(A).size(), "the first read is still running");
        run.runUntil(Duration.ofSeconds(9));
        assertEquals(3, run.of(A).size(), "reads at 0, 3 and 6 s returned; the one at 9 s runs");
        assertEquals(run.time.at(Duration.ofSeconds(12)), run.sampler.nextWake().getAsLong(),
                "the next event is deadline 4, not the 10 s timeout of read 0, which returned");
        run.readers.hang(A);
        run.runUntil(Duration.ofSeconds(12));
        assertEquals(run.time.at(Duration.ofSeconds(15)), run.sampler.nextWake().getAsLong());
        run.runUntil(Duration.ofSeconds(21));
        assertEquals(run.time.at(Duration.ofSeconds(22)), run.sampler.nextWake().getAsLong(),
                "a read still running keeps its timeout (12 s + 10 s) watched");
        run.runUntil(Duration.ofSeconds(22));
        assertEquals(1, run.sampler.health().get(A).timeouts());
    }

    @Test
    void lateWakeUp_readsOnceAndCountsTheMissedDeadlines_thenKeepsTheOriginalTimeline() {
        add(A, SECOND, 0);
        run.runUntil(Duration.ZERO);
        run.time.setElapsed(Duration.ofMillis(4500).toNanos()); // the sampler was not scheduled for 4.5 s
        run.runUntil(Duration.ofSeconds(5));

        assertEquals(List.of(wall(Duration.ZERO), wall(Duration.ofMillis(4500)), wall(Duration.ofSeconds(5))), times(A),
                "one read for the late slot, not a burst of four; then back on start + k·interval");
        assertEquals(3, run.sampler.health().get(A).skippedDeadlines(), "deadlines 1, 2 and 3 were missed");
        assertTrue(run.log.stream().anyMatch(l -> l.contains("skipped 3 deadline(s), the sampler woke too late")), run.log.toString());
    }

    @Test
    void hungRead_releasedAfterItsTimeout_isDiscarded_andSamplingResumesAtTheNextDeadline() throws InterruptedException {
        try (FakeRun r = new FakeRun(Duration.ofSeconds(3))) {
            r.sampler.add(new SensorSlot(A, new Counting(), SECOND), 0);
            r.readers.hang(A);
            r.runUntil(Duration.ofMillis(5500));
            r.readers.release(A);
            r.runUntil(Duration.ofSeconds(7));

            SensorHealth h = r.sampler.health().get(A);
            assertEquals(List.of(wall(Duration.ofSeconds(6)), wall(Duration.ofSeconds(7))),
                    r.of(A).stream().map(x -> x.time().toInstant()).toList(), "the late result of read 0 is not recorded");
            assertEquals(1, h.timeouts());
            assertEquals(1, h.failures());
            assertEquals(5, h.skippedDeadlines(), "deadlines 1..5 found the hung read running");
            assertEquals(0, h.consecutiveFailures(), "reset by the successful read at 6 s");
            assertEquals(wall(Duration.ofSeconds(3)), h.lastFailure().orElseThrow().at());
            assertEquals(List.of(1L, 2L), r.of(A).stream().map(Reading::seq).toList(), "the discarded read took no seq");
            assertTrue(r.log.stream().anyMatch(l -> l.contains("discarded a read that") && l.contains("after its timeout")), r.log.toString());
        }
    }

    @Test
    void failedRead_yieldsNoReading_andHealthKeepsTheErrorAndTheLastSuccess() {
        Counting d = add(A, SECOND, 0);
        d.failOn.addAll(List.of(2, 3));
        run.runUntil(Duration.ofSeconds(4));

        assertEquals(List.of(BigDecimal.ZERO, BigDecimal.ONE, BigDecimal.valueOf(4)),
                run.of(A).stream().map(x -> ((ReadingValue.Decimal) x.value()).toBigDecimal()).toList(),
                "reads 2 and 3 left no reading: neither a default nor the previous value");
        assertEquals(List.of(wall(Duration.ZERO), wall(SECOND), wall(Duration.ofSeconds(4))), times(A));
        assertEquals(List.of(1L, 2L, 3L), seqs(A), "seqs stay gap-free across failed reads");
        SensorHealth h = run.sampler.health().get(A);
        assertEquals(3, h.readsOk());
        assertEquals(2, h.failures());
        assertEquals(0, h.consecutiveFailures());
        assertEquals(new SensorHealth.Failure("bus timeout on read 3", wall(Duration.ofSeconds(3))), h.lastFailure().orElseThrow());
        assertEquals(wall(Duration.ofSeconds(4)), h.lastSuccess().orElseThrow());
    }

    @Test
    void failingStreak_isReportedInHealthWhileItLasts() {
        Counting d = add(A, SECOND, 0);
        d.failOn.addAll(List.of(1, 2, 3));
        run.runUntil(Duration.ofSeconds(3));

        SensorHealth h = run.sampler.health().get(A);
        assertEquals(3, h.consecutiveFailures());
        assertEquals(wall(Duration.ZERO), h.lastSuccess().orElseThrow());
        assertTrue(run.log.stream().anyMatch(l -> l.contains("read failed (1 in a row")), run.log.toString());
        assertTrue(run.log.stream().anyMatch(l -> l.contains("read failed (2 in a row")), run.log.toString());
        assertFalse(run.log.stream().anyMatch(l -> l.contains("read failed (3 in a row")), "logged at 1, 2, 4, ... only");
    }

    @Test
    void invalidMeasurement_failsTheWholeRead_andTakesNoSeq() {
        Counting d = add(A, SECOND, 0);
        d.next = List.of(new Measurement("temperature", "Cel", BigDecimal.ONE),
                new Measurement("temperature", "degrees", BigDecimal.TEN)); // not a SenML unit
        run.runUntil(Duration.ZERO);
        d.next = null;
        run.runUntil(SECOND);

        assertEquals(List.of(1L), seqs(A), "nothing of the invalid read, not even its valid half");
        SensorHealth h = run.sampler.health().get(A);
        assertEquals(1, h.failures());
        assertTrue(h.lastFailure().orElseThrow().message().startsWith("driver produced an invalid measurement: unit 'degrees'"),
                h.lastFailure().orElseThrow().message());
    }

    @Test
    void multipleMeasurements_ofOneRead_getConsecutiveSeqsAndTheSameTimestamp() {
        Counting d = add(A, SECOND, 0);
        d.next = List.of(new Measurement("temperature", "Cel", BigDecimal.ONE), new Measurement("humidity", "%RH", BigDecimal.TEN));
        run.runUntil(SECOND);

        assertEquals(List.of(1L, 2L, 3L, 4L), seqs(A));
        assertEquals(List.of(wall(Duration.ZERO), wall(Duration.ZERO), wall(SECOND), wall(SECOND)), times(A));
    }

    @Test
    void firstReading_continuesFromTheStoresLastCommittedSeq() {
        add(A, SECOND, 41);
        add(B, SECOND, 0);
        run.runUntil(Duration.ofSeconds(2));

        assertEquals(List.of(42L, 43L, 44L), seqs(A));
        assertEquals(List.of(1L, 2L, 3L), seqs(B));
        assertEquals(45, run.sampler.health().get(A).nextSeq());
    }

    @Test
    void refusedReading_givesItsSeqToTheNextReading_andIsCounted() {
        add(A, SECOND, 0);
        run.runUntil(Duration.ZERO);
        run.accept = r -> false; // the batcher's queue is full
        run.runUntil(SECOND);
        run.accept = r -> true;
        run.runUntil(Duration.ofSeconds(2));

        assertEquals(List.of(1L, 2L), seqs(A));
        assertEquals(List.of(wall(Duration.ZERO), wall(Duration.ofSeconds(2))), times(A));
        SensorHealth h = run.sampler.health().get(A);
        assertEquals(1, h.refusedReadings());
        assertEquals(3, h.readsOk(), "the read itself worked");
    }

    @Test
    void removedSensor_readAgain_continuesAfterItsLastSeq_evenWhenTheStoreLagsBehind() {
        add(A, SECOND, 0);
        run.runUntil(Duration.ofSeconds(2));
        assertTrue(run.sampler.remove(A));
        assertFalse(run.sampler.health().containsKey(A));
        run.runUntil(Duration.ofSeconds(4));
        assertEquals(3, run.of(A).size(), "no read after removal");

        add(A, SECOND, 1); // the store has committed only seq 1 so far
        run.runUntil(Duration.ofSeconds(5));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(A));
    }

    @Test
    void add_sameSensorTwice_isRefused() {
        add(A, SECOND, 0);
        var e = assertThrows(IllegalArgumentException.class, () -> add(A, SECOND, 0));
        assertEquals("sensor 88.1001.31/TMP-0001 is already being sampled", e.getMessage());
    }

    @Test
    void wallClockStepBack_isRecordedOnce_whileSeqsKeepTheOrderOfTheReads() {
        add(A, SECOND, 0);
        add(B, Duration.ofMillis(500), 0);
        run.runUntil(Duration.ofMillis(5200));
        run.time.stepWall(Duration.ofSeconds(-30)); // NTP steps the clock back 30 s
        run.runUntil(Duration.ofSeconds(10));

        var jumps = run.sampler.timeJumps();
        assertEquals(1, jumps.backwardJumps());
        assertEquals(0, jumps.forwardJumps());
        TimeJump j = jumps.lastBackwardJump().orElseThrow();
        assertEquals(new TimeJump(wall(Duration.ofMillis(5500)), wall(Duration.ofMillis(5500)).minusSeconds(30), Duration.ofSeconds(-30)), j,
                "seen at the first stamp after the step: B's deadline at 5.5 s");
        assertTrue(run.log.stream().anyMatch(l -> l.startsWith("wall clock jumped backwards by PT30S")), run.log.toString());

        List<Reading> a = run.of(A);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L), seqs(A), "seq order is read order");
        assertEquals(wall(Duration.ofSeconds(5)), a.get(5).time().toInstant());
        assertEquals(wall(Duration.ofSeconds(6)).minusSeconds(30), a.get(6).time().toInstant(),
                "the timestamp goes back with the clock: recorded as read, not corrected");
        assertEquals(0, run.sampler.health().get(A).skippedDeadlines(), "the schedule runs on the monotonic clock: no stall");
        assertEquals(21, run.of(B).size());
    }

    @Test
    void wallClockStepForward_atFirstSync_isCountedAsForward_withoutBunchingReads() {
        add(A, SECOND, 0);
        run.runUntil(Duration.ofMillis(2500));
        run.time.stepWall(Duration.ofDays(400)); // booted with a stale clock; NTP answers
        run.runUntil(Duration.ofSeconds(5));

        assertEquals(1, run.sampler.timeJumps().forwardJumps());
        assertEquals(Duration.ofDays(400), run.sampler.timeJumps().lastJump().orElseThrow().size());
        assertEquals(6, run.of(A).size(), "one read per second on, none added for the 400 days");
    }
}
