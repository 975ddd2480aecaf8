package cn.bsnedge.agent.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reader pool: quick reads share a thread, a hung read holds one thread and delays no other,
 * the bound holds, and shutdown leaves no thread. Limits are for liveness (seconds), never timing.
 */
@ExtendWith(NoThreadsLeft.class)
class ElasticReadersTest {

    private static final Duration LIVENESS = Duration.ofSeconds(10);

    @Test
    void quickReadsDueTogether_shareOneThread() throws Exception {
        ElasticReaders pool = new ElasticReaders(60, Duration.ofSeconds(5), Duration.ofSeconds(30), "test-read-");
        try {
            for (int tick = 0; tick < 5; tick++) {
                CountDownLatch done = new CountDownLatch(50);
                for (int i = 0; i < 50; i++) {
                    pool.execute(done::countDown);
                }
                assertTrue(done.await(LIVENESS.toMillis(), TimeUnit.MILLISECONDS));
            }
            // The stall is 5 s here, so no read waited long enough to need a second thread.
            assertEquals(1, pool.threadCount(), "50 quick reads a tick, 5 ticks: one thread serves them all");
        } finally {
            stop(pool);
        }
    }

    @Test
    void aHungRead_holdsOneThread_andTheReadsQueuedBehindItMoveToAnother() throws Exception {
        ElasticReaders pool = new ElasticReaders(10, Duration.ofMillis(10), Duration.ofSeconds(30), "test-read-");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch hung = new CountDownLatch(1);
        try {
            pool.execute(() -> {
                hung.countDown();
                awaitQuietly(release);
            });
            assertTrue(hung.await(LIVENESS.toMillis(), TimeUnit.MILLISECONDS));
            CountDownLatch others = new CountDownLatch(20);
            for (int i = 0; i < 20; i++) {
                pool.execute(others::countDown);
            }
            assertTrue(others.await(LIVENESS.toMillis(), TimeUnit.MILLISECONDS), "reads behind a hung one still run");
            for (int i = 0; i < 1000 && pool.activeCount() > 1; i++) {
                Thread.sleep(5); // the last quick read's thread is leaving the task
            }
            assertEquals(1, pool.activeCount(), "only the hung read is still running");
            assertTrue(pool.threadCount() >= 2, "the hung read kept its thread; the rest ran on another");
        } finally {
            release.countDown();
            stop(pool);
        }
    }

    @Test
    void everyThreadHung_atTheBound_laterReadsWait_andRunWhenOneIsFreed() throws Exception {
        ElasticReaders pool = new ElasticReaders(2, Duration.ofMillis(5), Duration.ofSeconds(30), "test-read-");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        AtomicInteger ran = new AtomicInteger();
        try {
            for (int i = 0; i < 2; i++) {
                pool.execute(() -> {
                    started.countDown();
                    awaitQuietly(release);
                });
            }
            assertTrue(started.await(LIVENESS.toMillis(), TimeUnit.MILLISECONDS), "the second hung read got the second thread");
            CountDownLatch third = new CountDownLatch(1);
            pool.execute(() -> {
                ran.incrementAndGet();
                third.countDown();
            });
            assertFalse(third.await(200, TimeUnit.MILLISECONDS), "no third thread beyond the bound");
            assertEquals(2, pool.threadCount());
            release.countDown();
            assertTrue(third.await(LIVENESS.toMillis(), TimeUnit.MILLISECONDS), "queued, not refused: it runs once a thread is free");
            assertEquals(1, ran.get());
        } finally {
            release.countDown();
            stop(pool);
        }
    }

    @Test
    void anInterruptAfterAReadReturned_doesNotEndTheWorker_orReachTheNextRead() throws Exception {
        ElasticReaders pool = new ElasticReaders(4, Duration.ofSeconds(5), Duration.ofSeconds(30), "test-read-");
        try {
            Thread[] worker = new Thread[1];
            CountDownLatch first = new CountDownLatch(1);
            pool.execute(() -> {
                worker[0] = Thread.currentThread();
                first.countDown();
            });
            assertTrue(first.await(LIVENESS.toMillis(), TimeUnit.MILLISECONDS));
            worker[0].interrupt(); // a read timed out just as it returned
            CountDownLatch second = new CountDownLatch(1);
            boolean[] interrupted = new boolean[1];
            pool.execute(() -> {
                interrupted[0] = Thread.currentThread().isInterrupted();
                second.countDown();
            });
            assertTrue(second.await(LIVENESS.toMillis(), TimeUnit.MILLISECONDS));
            assertFalse(interrupted[0], "the next read starts uninterrupted");
        } finally {
            stop(pool);
        }
    }

    private static void stop(ElasticReaders pool) throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(LIVENESS.toMillis(), TimeUnit.MILLISECONDS), "every reader thread ended");
        assertTrue(pool.isTerminated());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
