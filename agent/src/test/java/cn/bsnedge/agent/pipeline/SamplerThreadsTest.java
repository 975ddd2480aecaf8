package cn.bsnedge.agent.pipeline;

import cn.bsnedge.agent.time.Ticker;
import cn.bsnedge.agent.time.TimeJumpDetector;
import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.SensorDriver;
import cn.bsnedge.drivers.SensorException;
import cn.bsnedge.ledger.entry.SensorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sampler on real threads: the loop thread and the reader pool. Waits are on latches with
 * generous limits (liveness, never timing), and {@link NoThreadsLeft} checks that close leaves
 * no {@code bsn-sampler} or {@code bsn-read-*} thread behind.
 */
@ExtendWith(NoThreadsLeft.class)
class SamplerThreadsTest {

    private static final SensorCode A = SensorCode.of("88.1001.31/TMP-0001");
    private static final SensorCode HUNG = SensorCode.of("88.1001.31/TMP-0002");
    private final List<String> log = new CopyOnWriteArrayList<>();

    private static SensorDriver constant() {
        return new SensorDriver() {
            @Override
            public String driverName() {
                return "constant";
            }

            @Override
            public List<Measurement> read() {
                return List.of(new Measurement("temperature", "Cel", BigDecimal.ONE));
            }
        };
    }

    /** Blocks in read until interrupted, like a driver stuck on a bus that honours interrupts. */
    private static final class Blocking implements SensorDriver {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch left = new CountDownLatch(1);

        @Override
        public String driverName() {
            return "blocking";
        }

        @Override
        public List<Measurement> read() throws SensorException {
            entered.countDown();
            try {
                new CountDownLatch(1).await();
                throw new AssertionError("unreachable");
            } catch (InterruptedException e) {
                throw new SensorException("interrupted while waiting for the bus");
            } finally {
                left.countDown();
            }
        }
    }

    @Test
    void start_readsOnItsOwnThread_andClose_leavesNoThreadBehind() throws Exception {
        CountDownLatch tenReadings = new CountDownLatch(10);
        ExecutorService readers = ReadWorkers.bounded(2);
        Ticker ticker = Ticker.system();
        Sampler s = new Sampler(ticker, new TimeJumpDetector(InstantSource.system(), ticker, TimeJumpDetector.DEFAULT_TOLERANCE, log::add),
                ClockStatus.UNSYNCED, readers, Duration.ofSeconds(5), r -> {
                    tenReadings.countDown();
                    return true;
                }, log::add);
        s.add(new SensorSlot(A, constant(), Duration.ofMillis(5)), 0);
        s.start();
        assertTrue(tenReadings.await(30, TimeUnit.SECONDS), "ten readings from a 5 ms sensor; log: " + log);

        s.stop();
        ReadWorkers.shutdown(readers, Duration.ofSeconds(5), log::add);
        s.close();
        assertTrue(s.health().get(A).readsOk() >= 10);
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("bsn-sampler")));
    }

    @Test
    void hungRead_isInterruptedAtItsTimeout_andCountedAsOneFailure() throws Exception {
        FakeTime time = new FakeTime(0);
        ExecutorService readers = ReadWorkers.bounded(4);
        Blocking blocking = new Blocking();
        Sampler s = new Sampler(time, new TimeJumpDetector(time, time, TimeJumpDetector.DEFAULT_TOLERANCE, log::add),
                ClockStatus.UNSYNCED, readers, Duration.ofSeconds(2), r -> true, log::add);
        try {
            s.add(new SensorSlot(HUNG, blocking, Duration.ofSeconds(1)), 0);
            s.runDue();
            assertTrue(blocking.entered.await(30, TimeUnit.SECONDS), "the read started on a reader thread");
            time.advance(Duration.ofSeconds(2));
            s.runDue(); // deadline 2 is skipped (read running); the timeout interrupts the read
            assertTrue(blocking.left.await(30, TimeUnit.SECONDS), "the interrupt reached the driver");

            SensorHealth h = s.health().get(HUNG);
            assertEquals(1, h.timeouts());
            assertEquals(1, h.failures(), "the SensorException after the interrupt is not a second failure");
            assertTrue(h.lastFailure().orElseThrow().message().contains("did not return within PT2S"));
        } finally {
            s.stop();
            ReadWorkers.shutdown(readers, Duration.ofSeconds(5), log::add);
            s.close();
        }
    }

    @Test
    void threadsRule_findsAThreadThatOutlivesTheTest() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        CountDownLatch release = new CountDownLatch(1);
        Thread t = Thread.ofPlatform().name("leaky").start(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertEquals(List.of(t), NoThreadsLeft.leftover(before, Duration.ofMillis(50)));
        } finally {
            release.countDown();
            t.join();
        }
        assertEquals(List.of(), NoThreadsLeft.leftover(before, NoThreadsLeft.GRACE));
    }
}
