package cn.bsnedge.agent.pipeline;

import cn.bsnedge.drivers.Measurement;
import cn.bsnedge.drivers.SensorException;
import cn.bsnedge.ledger.entry.Reading;
import cn.bsnedge.ledger.entry.ReadingValue;
import cn.bsnedge.ledger.entry.SensorCode;
import cn.bsnedge.ledger.entry.TimeResolution;
import cn.bsnedge.ledger.entry.Timestamp;

import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reads every sensor at its interval on a fixed timeline (scheduleAtFixedRate, not "sleep
 * after read", so reads do not drift by the read time) and hands each measurement on as a
 * reading with the sensor's next sequence number. A failed read produces no reading and is
 * counted; it never becomes a default value.
 */
public final class Sampler implements AutoCloseable {

    private final ScheduledExecutorService scheduler;
    private final InstantSource clock;
    private final ClockStatus clockStatus;
    private final Predicate<Reading> sink;
    private final Consumer<String> log;
    private final Map<SensorCode, AtomicLong> nextSeq = new ConcurrentHashMap<>();
    private final Map<SensorCode, AtomicLong> failures = new ConcurrentHashMap<>();
    private final List<ScheduledFuture<?>> tasks = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * @param sink receives readings; returns false when it refused one (e.g. queue full). A refused
     *             reading gives its seq back so sequence numbers stay gap-free in the chain.
     */
    public Sampler(ScheduledExecutorService scheduler, InstantSource clock, ClockStatus clockStatus,
                   Predicate<Reading> sink, Consumer<String> log) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.clockStatus = clockStatus;
        this.sink = sink;
        this.log = log;
    }

    /** Starts sampling {@code slot}; its first reading gets {@code lastCommittedSeq + 1}. */
    public void start(SensorSlot slot, long lastCommittedSeq) {
        nextSeq.put(slot.code(), new AtomicLong(lastCommittedSeq + 1));
        failures.put(slot.code(), new AtomicLong());
        long period = slot.interval().toNanos();
        tasks.add(scheduler.scheduleAtFixedRate(() -> sample(slot), 0, period, TimeUnit.NANOSECONDS));
    }

    private void sample(SensorSlot slot) {
        Timestamp t = Timestamp.of(clock.instant(), TimeResolution.MILLISECONDS);
        List<Measurement> ms;
        try {
            ms = slot.driver().read();
        } catch (SensorException | RuntimeException e) {
            long n = failures.get(slot.code()).incrementAndGet();
            if (Long.bitCount(n) == 1) {
                log.accept("sensor " + slot.code() + ": read failed (" + n + " failures): " + e.getMessage());
            }
            return;
        }
        var quality = clockStatus.quality();
        AtomicLong seq = nextSeq.get(slot.code());
        // One sensor's task never runs concurrently with itself, so get-then-increment is safe.
        for (Measurement m : ms) {
            Reading r;
            try {
                r = new Reading(slot.code(), seq.get(), t, quality, m.quantity(), m.unit(), ReadingValue.Decimal.of(m.value()));
            } catch (IllegalArgumentException e) {
                failures.get(slot.code()).incrementAndGet();
                log.accept("sensor " + slot.code() + ": driver produced an invalid measurement: " + e.getMessage());
                continue;
            }
            if (sink.test(r)) {
                seq.incrementAndGet();
            }
        }
    }

    public long failures(SensorCode code) {
        AtomicLong n = failures.get(code);
        return n == null ? 0 : n.get();
    }

    /** Stops scheduling reads; a read already running completes. */
    @Override
    public void close() {
        tasks.forEach(t -> t.cancel(false));
    }
}
