package cn.bsnedge.agent.transport.mqtt;

import cn.bsnedge.agent.transport.TransportException;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Publishes in flight (handed to Paho, not yet acknowledged), capped at a limit that each connection
 * sets from the broker's Receive Maximum. Paho refuses a publish beyond that cap with error 32202
 * instead of queueing it, and Mosquitto announces only 20; so publishers wait here instead, while
 * the window is full or the link is down. Messages still in flight when a connection drops keep
 * their slot: the session sends them again after the reconnect, and they count against the new cap.
 */
final class PublishWindow {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int limit;
    private int inFlight;
    private boolean open;
    private boolean closed;
    /** Counts {@link #open} calls: a publisher that found the link down waits for a newer connection. */
    private long generation;
    private Runnable onSlotFree = null;

    /**
     * Takes a slot, waiting while the window is full, the link is down, or it is open but still
     * at {@code staleGeneration} (whose connection a failed hand-over just proved dead).
     *
     * @return the generation of the connection the slot was taken in
     * @throws TransportException CLOSED once {@link #close} was called
     */
    long acquire(long staleGeneration) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (!closed && (!open || generation == staleGeneration || inFlight >= limit)) {
                changed.await();
            }
            checkNotClosed();
            inFlight++;
            return generation;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until a connection newer than {@code staleGeneration} is open; keeps the slot the caller holds. */
    long awaitNewer(long staleGeneration) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (!closed && (!open || generation == staleGeneration)) {
                changed.await();
            }
            checkNotClosed();
            return generation;
        } finally {
            lock.unlock();
        }
    }

    /** Waits at most {@code millis} for a slot to be released; for the rare hand-over Paho refused as full. */
    void awaitRelease(long millis) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            checkNotClosed();
            changed.await(millis, TimeUnit.MILLISECONDS);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes a slot while the window is not yet open (the birth message, sent before it opens), or
     * remembers {@code whenFree} to run once one is released.
     */
    boolean tryAcquireBeforeOpen(Runnable whenFree) {
        lock.lock();
        try {
            if (closed || inFlight >= limit) {
                onSlotFree = closed ? null : whenFree;
                return false;
            }
            inFlight++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    void release() {
        Runnable notify;
        lock.lock();
        try {
            if (inFlight <= 0) {
                throw new IllegalStateException("publish window released more often than taken");
            }
            inFlight--;
            notify = onSlotFree;
            onSlotFree = null;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (notify != null) {
            notify.run();
        }
    }

    /** Sets the cap for a new connection (before it opens, so the birth message is held to it too). */
    void resize(int newLimit) {
        lock.lock();
        try {
            limit = newLimit;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** A connection is up: publishers may go. */
    void open() {
        lock.lock();
        try {
            open = true;
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The connection is gone: new publishers wait; those in flight keep their slots. */
    void pause() {
        lock.lock();
        try {
            open = false;
            onSlotFree = null;
        } finally {
            lock.unlock();
        }
    }

    /** For good: every waiting and future publisher fails with CLOSED. */
    void close() {
        lock.lock();
        try {
            closed = true;
            open = false;
            onSlotFree = null;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    private void checkNotClosed() {
        if (closed) {
            throw new TransportException(TransportException.Reason.CLOSED, "the MQTT link is closed; nothing more is sent");
        }
    }
}
