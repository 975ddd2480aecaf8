package cn.bsnedge.agent.transport.mqtt;

import cn.bsnedge.agent.transport.TransportException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window on threads; waits are liveness bounds, the blocked state is checked, never a duration. */
class PublishWindowTest {

    private static CompletableFuture<Object> acquireAsync(PublishWindow w, long stale) {
        CompletableFuture<Object> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(w.acquire(stale));
            } catch (Throwable e) {
                f.complete(e);
            }
        });
        t.setDaemon(true);
        t.start();
        return f;
    }

    private static void assertStillBlocked(CompletableFuture<Object> f) throws InterruptedException {
        Thread.sleep(50); // gives a wrongly unblocked acquirer the chance to finish; no timing is asserted
        assertFalse(f.isDone(), "should still wait, but got " + f.getNow(null));
    }

    @Test
    void acquire_fullWindow_waitsForARelease() throws Exception {
        PublishWindow w = new PublishWindow();
        w.resize(2);
        w.open();
        long g = w.acquire(-1);
        w.acquire(-1);

        CompletableFuture<Object> third = acquireAsync(w, -1);
        assertStillBlocked(third);
        w.release();

        assertEquals(g, third.get(10, TimeUnit.SECONDS));
        assertEquals(2, w.inFlight());
    }

    @Test
    void acquire_linkDown_waitsForOpen_andInFlightKeepTheirSlots() throws Exception {
        PublishWindow w = new PublishWindow();
        w.resize(3);
        w.open();
        w.acquire(-1);
        w.pause();

        CompletableFuture<Object> waiting = acquireAsync(w, -1);
        assertStillBlocked(waiting);
        assertEquals(1, w.inFlight(), "a message in flight at the drop keeps its slot");
        w.open();

        assertEquals(2L, waiting.get(10, TimeUnit.SECONDS), "taken in the second connection");
    }

    @Test
    void awaitNewer_sameGenerationOpen_waitsForTheNextConnection() throws Exception {
        PublishWindow w = new PublishWindow();
        w.resize(1);
        w.open();
        long g = w.acquire(-1);
        CompletableFuture<Long> newer = CompletableFuture.supplyAsync(() -> {
            try {
                return w.awaitNewer(g);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        assertFalse(newer.isDone(), "the window is still open for the connection that just failed");
        w.pause();
        w.open();
        assertEquals(g + 1, newer.get(10, TimeUnit.SECONDS));
    }

    @Test
    void close_wakesWaitersWithClosed_andRefusesNewOnes() throws Exception {
        PublishWindow w = new PublishWindow();
        w.resize(1);
        CompletableFuture<Object> waiting = acquireAsync(w, -1);
        assertStillBlocked(waiting);

        w.close();

        TransportException e = assertInstanceOf(TransportException.class, waiting.get(10, TimeUnit.SECONDS));
        assertEquals(TransportException.Reason.CLOSED, e.reason());
        assertThrows(TransportException.class, () -> w.acquire(-1));
    }

    @Test
    void tryAcquireBeforeOpen_fullWindow_runsTheRetryOnTheNextRelease() throws Exception {
        PublishWindow w = new PublishWindow();
        w.resize(1);
        AtomicInteger retried = new AtomicInteger();
        assertTrue(w.tryAcquireBeforeOpen(retried::incrementAndGet), "the window need not be open for the birth message");
        assertFalse(w.tryAcquireBeforeOpen(retried::incrementAndGet));
        assertEquals(0, retried.get());

        w.release();

        assertEquals(1, retried.get());
        assertThrows(IllegalStateException.class, w::release, "more releases than acquisitions is a bug");
    }
}
