package cn.bsnedge.agent.pipeline;

import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.entry.Reading;
import cn.bsnedge.ledger.entry.ReadingValue;
import cn.bsnedge.ledger.entry.TimeResolution;
import cn.bsnedge.ledger.entry.Timestamp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One sensor as the {@link Sampler} runs it: its timeline, its read in progress, its sequence
 * numbers and its health counters.
 *
 * <p>At most one read of a sensor is in progress at a time: a deadline that finds the previous
 * read still running is skipped and counted rather than starting a second one, so a hanging
 * sensor holds at most one reader thread. Every transition happens under this object's lock,
 * including assigning sequence numbers and handing readings to the sink, so a sensor's seqs
 * follow the order of its reads even when consecutive reads ran on different threads.
 */
final class SensorRun {

    /** One read, from the deadline that started it until the driver returns. */
    static final class Read {
        final long slot;
        final long expiresNanos;
        final Instant stampedAt;
        final ClockQuality quality;
        private Thread worker;
        private boolean timedOut;
        /** Set once the read can no longer time out, so the sampler stops watching it. */
        private volatile boolean ended;

        Read(long slot, long expiresNanos, Instant stampedAt, ClockQuality quality) {
            this.slot = slot;
            this.expiresNanos = expiresNanos;
            this.stampedAt = stampedAt;
            this.quality = quality;
        }

        /** True once the read returned, was discarded or abandoned: its timeout no longer matters. */
        boolean ended() {
            return ended;
        }
    }

    private final SensorSlot slot;
    private final Timeline timeline;
    private final Predicate<Reading> sink;
    private final Consumer<String> log;

    /** Scheduler state, touched only by the sampler while it holds its own lock. */
    private long nextSlot;
    /** The deadline of {@link #nextSlot}, kept so the deadline queue compares fields, not products. */
    private long due;

    private Read current;
    private boolean closed;
    private long nextSeq;
    private long readsOk;
    private long failures;
    private long timeouts;
    private long skipped;
    private long consecutiveFailures;
    private long refused;
    private long lateResults;
    private Instant lastSuccess;
    private SensorHealth.Failure lastFailure;

    SensorRun(SensorSlot slot, Timeline timeline, long firstSeq, Predicate<Reading> sink, Consumer<String> log) {
        this.slot = slot;
        this.timeline = timeline;
        this.nextSeq = firstSeq;
        this.due = timeline.deadline(0);
        this.sink = sink;
        this.log = log;
    }

    SensorSlot slot() {
        return slot;
    }

    Timeline timeline() {
        return timeline;
    }

    long nextSlot() {
        return nextSlot;
    }

    /** Ticker time of the next deadline. */
    long due() {
        return due;
    }

    /** Sets the next deadline; only the sampler calls this, under its lock. */
    void scheduleAt(long slotIndex) {
        nextSlot = slotIndex;
        due = timeline.deadline(slotIndex);
    }

    /**
     * Deadline {@code slot} has come. Starts a read unless the previous one is still running;
     * {@code missed} earlier deadlines passed without a chance to run (the sampler woke late)
     * and are counted as skipped either way.
     *
     * @return the read to hand to a reader thread, or null when this deadline is skipped
     */
    synchronized Read begin(long slotIndex, long missed, long expiresNanos, Instant stampedAt, ClockQuality quality) {
        countSkipped(missed, "the sampler woke too late for them");
        if (current != null || closed) {
            countSkipped(1, "the previous read was still running");
            return null;
        }
        current = new Read(slotIndex, expiresNanos, stampedAt, quality);
        return current;
    }

    /** The read could not be handed to a thread (none free): its deadline is skipped. */
    synchronized void abandon(Read r, String why) {
        if (current == r) {
            current = null;
        }
        r.ended = true;
        countSkipped(1, why);
    }

    /** A reader thread picks the read up; false when it timed out while waiting for the thread. */
    synchronized boolean attach(Read r) {
        if (current != r) {
            return false;
        }
        if (r.timedOut || closed) {
            current = null; // the driver was never called: the sensor is free again
            r.ended = true;
            discard(closed ? "got a reader thread only after the sampler closed" : "got a reader thread only after its timeout");
            return false;
        }
        r.worker = Thread.currentThread();
        return true;
    }

    /**
     * The read's timeout has come. If it is still running it counts as a failed read now (the
     * operator learns of the hang at once, not when or if the driver returns), its thread is
     * interrupted, and whatever it returns later is discarded: it would carry a stale timestamp.
     * The sensor stays busy until the driver does return.
     */
    synchronized void timeOut(Read r, Instant now, Duration timeout) {
        if (current != r || r.timedOut) {
            return;
        }
        r.timedOut = true;
        timeouts++;
        fail("read did not return within " + timeout + "; its thread was interrupted and a late result will be discarded", now);
        if (r.worker != null) {
            r.worker.interrupt();
        }
    }

    /**
     * The driver returned ({@code error == null}) or threw. Readings get the sensor's next seqs
     * and go to the sink in order; the first refused one and the rest of that read are counted
     * as refused, and their seqs go to the next readings, so the chain's seqs have no gaps.
     */
    synchronized void finish(Read r, List<Measurement> ms, Throwable error) {
        r.ended = true;
        Instant stampedAt = r.stampedAt;
        if (current != r) {
            return;
        }
        current = null;
        r.worker = null; // from here on timeOut can no longer interrupt this thread
        if (r.timedOut || closed) {
            discard(closed ? "returned after the sampler closed" : "returned after its timeout");
            return;
        }
        if (error != null) {
            String what = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
            fail(error instanceof cn.bsnedge.drivers.SensorException ? what : error.getClass().getSimpleName() + ": " + what, stampedAt);
            return;
        }
        List<Reading> readings = new ArrayList<>(ms.size());
        try {
            Timestamp t = Timestamp.of(stampedAt, TimeResolution.MILLISECONDS);
            for (Measurement m : ms) {
                readings.add(new Reading(slot.code(), nextSeq + readings.size(), t, r.quality, m.quantity(), m.unit(),
                        ReadingValue.Decimal.of(m.value())));
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            // All or nothing: half a read recorded would look like a sensor that measures less.
            fail("driver produced an invalid measurement: " + e.getMessage(), stampedAt);
            return;
        }
        if (readings.isEmpty()) {
            fail("driver returned no measurement", stampedAt);
            return;
        }
        readsOk++;
        if (consecutiveFailures > 0) {
            log.accept("sensor " + slot.code() + ": read ok again after " + consecutiveFailures + " failed reads");
        }
        consecutiveFailures = 0;
        lastSuccess = stampedAt;
        for (int i = 0; i < readings.size(); i++) {
            if (!offer(readings.get(i))) {
                refused += readings.size() - i;
                return;
            }
            nextSeq++;
        }
    }

    private boolean offer(Reading r) {
        try {
            return sink.test(r);
        } catch (RuntimeException e) { // e.g. the batcher closed under a late read: refused, not lost silently
            log.accept("sensor " + slot.code() + ": reading #" + r.seq() + " refused: " + e.getMessage());
            return false;
        }
    }

    /** From now on results are discarded and no read starts. */
    synchronized void close() {
        closed = true;
    }

    synchronized long failures() {
        return failures;
    }

    synchronized long nextSeq() {
        return nextSeq;
    }

    synchronized SensorHealth health() {
        return new SensorHealth(slot.code(), readsOk, failures, timeouts, skipped, consecutiveFailures, refused,
                Optional.ofNullable(lastSuccess), Optional.ofNullable(lastFailure), current != null, nextSeq);
    }

    private void discard(String why) {
        lateResults++;
        if (Long.bitCount(lateResults) == 1) {
            log.accept("sensor " + slot.code() + ": discarded a read that " + why + " (" + lateResults + " so far)");
        }
    }

    private void fail(String message, Instant at) {
        failures++;
        consecutiveFailures++;
        lastFailure = new SensorHealth.Failure(message, at);
        // Log failures 1, 2, 4, 8, ... in a row: a dead sensor cannot flood the log.
        if (Long.bitCount(consecutiveFailures) == 1) {
            log.accept("sensor " + slot.code() + ": read failed (" + consecutiveFailures + " in a row, "
                    + failures + " in all): " + message);
        }
    }

    private void countSkipped(long n, String why) {
        if (n > 0) {
            long before = skipped;
            skipped += n;
            // Log when the total crosses a power of two, so skips are never silent nor flooding.
            if (Long.highestOneBit(skipped) != Long.highestOneBit(before)) {
                log.accept("sensor " + slot.code() + ": skipped " + n + " deadline(s), " + why + " ("
                        + skipped + " skipped so far)");
            }
        }
    }
}
