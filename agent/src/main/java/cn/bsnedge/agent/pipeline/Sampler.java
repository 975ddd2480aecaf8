package cn.bsnedge.agent.pipeline;

import cn.bsnedge.agent.time.Ticker;
import cn.bsnedge.agent.time.TimeJumpDetector;
import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.entry.Reading;
import cn.bsnedge.ledger.entry.SensorCode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reads every sensor on its own fixed timeline and hands each measurement on as a reading with
 * the sensor's next sequence number.
 *
 * <p><b>Timeline.</b> Deadline k of a sensor is {@code start + k × interval} on the monotonic
 * {@link Ticker}, never "interval after the last read", so reads do not drift. The wall clock
 * (through the {@link TimeJumpDetector}) is used only to stamp readings: it jumps when NTP
 * first synchronises a gateway without an RTC, and a schedule on it would bunch or stall.
 *
 * <p><b>Isolation.</b> {@link #runDue()} only starts reads; the driver calls run on the
 * {@code readers} executor, so a slow sensor never delays the others. A sensor has at most one
 * read in progress: a deadline that finds its previous read still running is skipped and
 * counted, never queued, so a hanging sensor holds one thread, not one per interval. A read
 * still running at {@code readTimeout} is counted as failed at that moment and its thread
 * interrupted. When the sampler itself wakes late, the deadlines it missed are skipped and
 * counted, and the sensor is read once, not once per missed deadline.
 *
 * <p><b>Readings.</b> A failed read yields no reading, never a default or previous value; it
 * is counted in the sensor's {@link SensorHealth}. Seqs continue from the store's last committed
 * seq and follow the order of the reads, whatever the wall clock does.
 *
 * <p><b>Threads.</b> {@link #start()} runs {@link #runDue()} on one thread, {@code bsn-sampler},
 * that parks until the next deadline or timeout. Tests instead drive {@link #runDue()} themselves
 * with a fake ticker and an executor they control. The caller owns {@code readers}; the
 * shutdown order is {@link #stop()}, wait for the readers, then {@link #close()}.
 */
public final class Sampler implements AutoCloseable {

    /** Long enough for a slow bus transaction, short enough that a hung sensor shows within seconds. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);

    /** How long the loop parks when there is no sensor at all; {@link #add} wakes it earlier. */
    private static final long IDLE_PARK_NANOS = 1_000_000_000L;

    private final Ticker ticker;
    /** The origin of every sensor's timeline grid. */
    private final long epochNanos;
    private final TimeJumpDetector wallClock;
    private final ClockStatus clockStatus;
    private final Executor readers;
    private final Duration readTimeout;
    private final Predicate<Reading> sink;
    private final Consumer<String> log;

    private final Map<SensorCode, SensorRun> runs = new ConcurrentHashMap<>();
    /** Next seq of removed sensors, so removing and re-adding one never reuses a seq still in flight. */
    private final Map<SensorCode, Long> seqAfterRemoval = new HashMap<>();
    /** Ticker reading at construction: queues order times relative to it, as ticker times may be negative. */
    private final long origin;
    private final PriorityQueue<SensorRun> deadlines;
    /**
     * Reads in progress, oldest first. Every read expires {@code readTimeout} after the
     * (monotonic) ticker reading that started it, so expiries are added in order and a FIFO
     * suffices; reads that have ended are dropped from its head lazily, so that the sampler does
     * not wake for the timeout of a read that returned long ago.
     */
    private final ArrayDeque<Pending> timeouts = new ArrayDeque<>();
    private final AtomicReference<ClockQuality> lastQuality = new AtomicReference<>();
    private final Object lock = new Object();

    private Thread loop;
    private volatile boolean running = true;
    private boolean closed;

    private record Pending(SensorRun run, SensorRun.Read read) {
    }

    /** What the readers executor runs: one read of one sensor, named so a test executor can tell them apart. */
    record ReadTask(SensorCode sensor, Runnable body) implements Runnable {
        @Override
        public void run() {
            body.run();
        }
    }

    /**
     * @param ticker      monotonic time for the timeline and timeouts
     * @param wallClock   wall time for reading timestamps, watched for jumps
     * @param clockStatus whether the wall clock is synchronised; asked at every read
     * @param readers     runs driver reads; should allow a thread per sensor (see {@link ReadWorkers})
     * @param readTimeout a read running longer counts as failed
     * @param sink        receives readings; false when it refused one (e.g. queue full). A refused
     *                    reading gives its seq back so the chain's seqs stay gap-free
     */
    public Sampler(Ticker ticker, TimeJumpDetector wallClock, ClockStatus clockStatus, Executor readers,
                   Duration readTimeout, Predicate<Reading> sink, Consumer<String> log) {
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("read timeout " + readTimeout + " must be positive, e.g. 5s");
        }
        this.ticker = ticker;
        this.epochNanos = ticker.read();
        this.wallClock = wallClock;
        this.clockStatus = clockStatus;
        this.readers = readers;
        this.readTimeout = readTimeout;
        this.sink = sink;
        this.log = log;
        this.origin = ticker.read();
        this.deadlines = new PriorityQueue<>((a, b) -> Long.compare(a.due() - origin, b.due() - origin));
    }

    /**
     * Starts sampling {@code slot}: its first deadline is now, its first reading gets
     * {@code lastCommittedSeq + 1} (or later, if this sampler already used that seq for it).
     */
    public void add(SensorSlot slot, long lastCommittedSeq) {
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("sampler is closed");
            }
            if (runs.containsKey(slot.code())) {
                throw new IllegalArgumentException("sensor " + slot.code() + " is already being sampled");
            }
            long firstSeq = Math.max(lastCommittedSeq + 1, seqAfterRemoval.getOrDefault(slot.code(), 0L));
            // Every timeline sits on one grid (the sampler's epoch plus whole intervals), so sensors
            // with the same interval fall due together and one wake-up reads them all, instead of
            // one wake-up per sensor. Slot 0 is the grid point at or before now: the first read is
            // at once, the next on the grid.
            long now = ticker.read();
            long interval = slot.interval().toNanos();
            long start = epochNanos + Math.floorDiv(now - epochNanos, interval) * interval;
            SensorRun run = new SensorRun(slot, new Timeline(start, interval), firstSeq, sink, log);
            runs.put(slot.code(), run);
            deadlines.add(run);
        }
        wakeLoop();
    }

    /**
     * Stops sampling {@code code}, e.g. when it is retired; a read in progress is discarded, so
     * nothing of the sensor reaches the sink after this returns.
     */
    public boolean remove(SensorCode code) {
        synchronized (lock) {
            SensorRun run = runs.remove(code);
            if (run == null) {
                return false;
            }
            deadlines.remove(run);
            run.close();
            // Readings of this run may still wait in the batcher, uncommitted: a re-added sensor
            // must continue after them, not from the store's last committed seq.
            seqAfterRemoval.put(code, run.nextSeq());
            return true;
        }
    }

    /** Starts every read whose deadline has come and records every read past its timeout. */
    public void runDue() {
        synchronized (lock) {
            long now = ticker.read();
            dropEnded();
            while (!timeouts.isEmpty() && timeouts.peekFirst().read.expiresNanos - now <= 0) {
                Pending p = timeouts.pollFirst();
                p.run.timeOut(p.read, wallClock.instant(), readTimeout);
                dropEnded();
            }
            Instant stampedAt = null;
            ClockQuality quality = null;
            while (!closed && !deadlines.isEmpty() && deadlines.peek().due() - now <= 0) {
                SensorRun run = deadlines.poll();
                long slot = run.timeline().slotAt(now);
                if (stampedAt == null) {
                    // Stamp here, when the sensors are asked, not when a reader thread gets round
                    // to them: the deadline is the sampling time intended, and one thread stamping
                    // keeps the jump detector's view of the wall clock in order. Sensors due at
                    // this wake-up share one stamp and one clock-quality query (a syscall).
                    stampedAt = wallClock.instant();
                    quality = quality();
                }
                SensorRun.Read read = run.begin(slot, slot - run.nextSlot(), now + readTimeout.toNanos(), stampedAt, quality);
                run.scheduleAt(slot + 1);
                deadlines.add(run);
                if (read != null) {
                    submit(run, read);
                }
            }
        }
    }

    private void submit(SensorRun run, SensorRun.Read read) {
        try {
            readers.execute(new ReadTask(run.slot().code(), () -> read(run, read)));
            timeouts.addLast(new Pending(run, read));
        } catch (RejectedExecutionException e) {
            run.abandon(read, "no reader thread free");
        }
    }

    /** On a reader thread: read the driver, record. */
    private void read(SensorRun run, SensorRun.Read read) {
        if (!run.attach(read)) {
            return;
        }
        List<Measurement> ms = null;
        Throwable error = null;
        try {
            ms = run.slot().driver().read();
        } catch (Exception e) {
            error = e;
        } catch (Error e) {
            error = e;
            throw e;
        } finally {
            run.finish(read, ms, error);
            Thread.interrupted(); // an interrupt meant for this read must not hit the thread's next task
        }
    }

    /** Drops reads that ended from the head of {@link #timeouts}; called under the lock. */
    private void dropEnded() {
        while (!timeouts.isEmpty() && timeouts.peekFirst().read.ended()) {
            timeouts.pollFirst();
        }
    }

    private ClockQuality quality() {
        ClockQuality q = clockStatus.quality();
        ClockQuality before = lastQuality.getAndSet(q);
        if (before != q) {
            log.accept("clock is " + q.label() + (before == null ? " at start" : " now (was " + before.label() + ")"));
        }
        return q;
    }

    /** When {@link #runDue()} next has work: the earliest deadline or read timeout, in ticker time. */
    public OptionalLong nextWake() {
        synchronized (lock) {
            OptionalLong d = closed || deadlines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(deadlines.peek().due());
            dropEnded();
            if (timeouts.isEmpty()) {
                return d;
            }
            long t = timeouts.peekFirst().read.expiresNanos;
            return OptionalLong.of(d.isEmpty() || t - d.getAsLong() < 0 ? t : d.getAsLong());
        }
    }

    /** Runs the timeline on a thread of its own, {@code bsn-sampler}, until {@link #stop()}. */
    public void start() {
        synchronized (lock) {
            if (loop != null || closed) {
                throw new IllegalStateException("sampler already started or closed");
            }
            loop = Thread.ofPlatform().name("bsn-sampler").unstarted(this::loop);
            loop.start();
        }
    }

    private void loop() {
        while (running) {
            try {
                runDue();
                OptionalLong wake = nextWake();
                long wait = wake.isPresent() ? wake.getAsLong() - ticker.read() : IDLE_PARK_NANOS;
                if (wait > 0) {
                    LockSupport.parkNanos(this, wait);
                }
            } catch (RuntimeException e) {
                // A bug here must not end sampling silently: say so, back off a little, go on.
                log.accept("sampler: " + e);
                LockSupport.parkNanos(this, 100_000_000L);
            }
        }
    }

    private void wakeLoop() {
        Thread t = loop;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Starts no more reads; reads in progress still deliver their readings. Waits for the loop thread. */
    public void stop() throws InterruptedException {
        Thread t;
        synchronized (lock) {
            running = false;
            t = loop;
        }
        if (t != null) {
            LockSupport.unpark(t);
            t.join();
        }
    }

    /** Stops, and discards (counting and logging) the result of any read that returns after this. */
    @Override
    public void close() throws InterruptedException {
        stop();
        synchronized (lock) {
            closed = true;
            runs.values().forEach(SensorRun::close);
        }
    }

    /** Every sensor's health now, by code; an immutable snapshot. */
    public Map<SensorCode, SensorHealth> health() {
        Map<SensorCode, SensorHealth> out = new TreeMap<>();
        runs.forEach((code, run) -> out.put(code, run.health()));
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Failed reads of {@code code} so far; 0 for a sensor not sampled. */
    public long failures(SensorCode code) {
        SensorRun run = runs.get(code);
        return run == null ? 0 : run.failures();
    }

    /** Wall-clock jumps seen while stamping readings. */
    public TimeJumpDetector.Snapshot timeJumps() {
        return wallClock.snapshot();
    }
}
