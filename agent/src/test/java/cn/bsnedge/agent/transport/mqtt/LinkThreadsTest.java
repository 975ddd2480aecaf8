package cn.bsnedge.agent.transport.mqtt;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the link's Paho pool counts the tasks of a connection (see {@link LinkThreads#connectionTasks()}). */
class LinkThreadsTest {

    /** A task the pool counts, as it counts Paho's receiver, sender, callback and ping. */
    private record Counted(CountDownLatch started, CountDownLatch release) implements Runnable {
        Counted() {
            this(new CountDownLatch(1), new CountDownLatch(1));
        }

        @Override
        public void run() {
            started.countDown();
            while (true) {
                try {
                    release.await();
                    return;
                } catch (InterruptedException e) {
                    // like Paho's loops: an interrupt alone does not end it
                }
            }
        }
    }

    private final LinkThreads threads = new LinkThreads(r -> r instanceof Counted);

    @AfterEach
    void shutdown() throws InterruptedException {
        assertTrue(threads.shutdown(Duration.ofSeconds(10)));
    }

    @Test
    void aCountedTask_countsFromQueuedUntilItHasRun() throws Exception {
        Counted task = new Counted();
        threads.paho.execute(task);
        assertEquals(1, threads.connectionTasks());
        task.started().await();
        assertEquals(1, threads.connectionTasks());
        task.release().countDown();
        awaitCount(0);
    }

    @Test
    void cancelledBeforeItRan_countsNoMore() {
        ScheduledFuture<?> f = threads.paho.schedule(new Counted(), 1, TimeUnit.HOURS);
        assertEquals(1, threads.connectionTasks());
        assertTrue(f.cancel(false));
        assertEquals(0, threads.connectionTasks());
        assertFalse(f.cancel(false));
        assertEquals(0, threads.connectionTasks(), "a second cancel does not count twice");
    }

    @Test
    void cancelledWhileRunning_countsUntilItActuallyEnds() throws Exception {
        Counted task = new Counted();
        java.util.concurrent.Future<?> f = threads.paho.submit(task);
        task.started().await();
        assertTrue(f.cancel(true));
        assertEquals(1, threads.connectionTasks(), "Paho's loops run on after an interrupt: still counted");
        task.release().countDown();
        awaitCount(0);
    }

    @Test
    void otherTasks_areNotCounted_andThePahoPredicateIgnoresOrdinaryRunnables() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        threads.paho.schedule(ran::countDown, 1, TimeUnit.HOURS);
        threads.paho.execute(ran::countDown);
        assertEquals(0, threads.connectionTasks());
        assertTrue(ran.await(20, TimeUnit.SECONDS));
        assertFalse(LinkThreads.isPahoConnectionTask(() -> { }));
    }

    private void awaitCount(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (threads.connectionTasks() != n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("count " + threads.connectionTasks() + ", want " + n);
            }
            Thread.sleep(5);
        }
    }
}
