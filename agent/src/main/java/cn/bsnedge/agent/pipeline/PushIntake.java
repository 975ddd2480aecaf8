package cn.bsnedge.agent.pipeline;

import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.entry.Reading;
import cn.bsnedge.ledger.entry.SensorCode;
import cn.bsnedge.ledger.entry.TimeResolution;
import cn.bsnedge.ledger.entry.Timestamp;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The pipeline's side of {@link PushedReadings}: pushed values become readings with the sensor's
 * next seqs and go through the same sink as sampled ones (the registry gate, then the batcher).
 *
 * <p><b>Seqs.</b> A sensor's first push continues after the store's last committed seq; later
 * ones after the last seq this intake gave out. Each push also starts after the registry's last
 * accepted seq for the sensor, so a registry entry sealed meanwhile (a recalibration while
 * running) is never given the same seq. Should such an entry take the seq between the check and
 * the offer, the push is retried once with the next free seq. A refused push gives its seqs back.
 *
 * <p><b>Time.</b> A relative time (the sensor has no clock it trusts, or says "5 s ago") is
 * stamped from the gateway's clock when the push arrives, with the gateway's clock quality, as
 * a sampled reading is. An absolute time comes from the sensor's clock: it is kept as sent, and
 * marked {@link ClockQuality#UNSYNCED} because the gateway cannot say whether that clock was
 * synchronised (docs/COAP.md, docs/TIME.md). Stamps are in milliseconds, like sampled readings.
 */
public final class PushIntake implements PushedReadings {

    /** What the registry says about a code, as far as pushing is concerned. */
    public record Standing(Status status, boolean pushes, long lastSeq) {
        public enum Status { UNKNOWN, ACTIVE, RETIRED }

        public static final Standing UNKNOWN = new Standing(Status.UNKNOWN, false, 0);
    }

    private final Predicate<Reading> sink;
    private final Function<SensorCode, Standing> registry;
    private final ToLongFunction<SensorCode> committedLastSeq;
    private final IntSupplier room;
    private final InstantSource clock;
    private final ClockStatus clockStatus;
    private final Consumer<String> log;
    private final Map<SensorCode, PushedSensor> sensors = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param sink             the registry gate (or the batcher); false when it refused a reading
     * @param registry         the registry's view of a code, asked once per push
     * @param committedLastSeq the store's last committed seq of a code (0 when none), asked at its first push
     * @param room             free places in the sealing queue now
     * @param clock            the gateway's wall clock, to stamp relative times
     * @param clockStatus      whether that clock is synchronised
     */
    public PushIntake(Predicate<Reading> sink, Function<SensorCode, Standing> registry, ToLongFunction<SensorCode> committedLastSeq,
                      IntSupplier room, InstantSource clock, ClockStatus clockStatus, Consumer<String> log) {
        this.sink = sink;
        this.registry = registry;
        this.committedLastSeq = committedLastSeq;
        this.room = room;
        this.clock = clock;
        this.clockStatus = clockStatus;
        this.log = log;
    }

    @Override
    public Outcome push(SensorCode code, List<Value> values) {
        if (closed) {
            return new Outcome.Refused(Refusal.CLOSED, "the gateway is shutting down; retry later");
        }
        if (values.isEmpty()) {
            return new Outcome.Refused(Refusal.INVALID, "no values");
        }
        Standing standing = registry.apply(code);
        Outcome.Refused refused = refusal(code, standing);
        if (refused != null) {
            return refused;
        }
        Instant now = clock.instant();
        ClockQuality quality = clockStatus.quality();
        PushedSensor s = sensors.computeIfAbsent(code, c -> new PushedSensor(c, committedLastSeq.applyAsLong(c) + 1, log));
        synchronized (s) {
            for (int attempt = 1; ; attempt++) {
                long first = Math.max(s.nextSeq, standing.lastSeq() + 1);
                List<Reading> readings;
                try {
                    readings = readings(code, first, values, now, quality);
                } catch (IllegalArgumentException | ArithmeticException e) {
                    return s.refused(new Outcome.Refused(Refusal.INVALID, e.getMessage()), now);
                }
                if (room.getAsInt() < readings.size()) {
                    return s.refused(new Outcome.Refused(Refusal.BUSY, "the sealing queue has no room for "
                            + readings.size() + " readings; retry later"), now);
                }
                int taken = 0;
                try {
                    while (taken < readings.size() && sink.test(readings.get(taken))) {
                        taken++;
                    }
                } catch (RuntimeException e) { // the batcher closed under us
                    s.nextSeq = first + taken;
                    return taken == 0 ? s.refused(new Outcome.Refused(Refusal.CLOSED, "the gateway is shutting down; retry later"), now)
                            : s.partial(new Outcome.Partial(first, taken, readings.size() - taken, Refusal.CLOSED), now);
                }
                s.nextSeq = first + taken;
                if (taken == readings.size()) {
                    return s.accepted(new Outcome.Accepted(first, taken), now);
                }
                if (taken > 0) {
                    return s.partial(new Outcome.Partial(first, taken, readings.size() - taken, Refusal.BUSY), now);
                }
                // Nothing taken: the queue filled, or the registry moved (retired, or an entry took the seq).
                standing = registry.apply(code);
                refused = refusal(code, standing);
                if (refused != null) {
                    return s.refused(refused, now);
                }
                if (standing.lastSeq() < first || attempt == 2) {
                    return s.refused(new Outcome.Refused(Refusal.BUSY, "the sealing queue is full; retry later"), now);
                }
            }
        }
    }

    private static Outcome.Refused refusal(SensorCode code, Standing standing) {
        return switch (standing.status()) {
            case UNKNOWN -> new Outcome.Refused(Refusal.UNKNOWN_SENSOR, "sensor " + code + " is not registered on this gateway");
            case RETIRED -> new Outcome.Refused(Refusal.RETIRED_SENSOR, "sensor " + code + " is retired; codes are never reused");
            case ACTIVE -> standing.pushes() ? null : new Outcome.Refused(Refusal.NOT_PUSHED,
                    "sensor " + code + " is read by its driver on this gateway, not pushed");
        };
    }

    private static List<Reading> readings(SensorCode code, long first, List<Value> values, Instant now, ClockQuality quality) {
        List<Reading> out = new ArrayList<>(values.size());
        for (Value v : values) {
            Instant at;
            ClockQuality q;
            switch (v.when()) {
                case When.Relative r -> {
                    at = now.plus(r.offset());
                    q = quality;
                }
                case When.Absolute a -> {
                    at = a.at();
                    q = ClockQuality.UNSYNCED;
                }
            }
            try {
                out.add(new Reading(code, first + out.size(), Timestamp.of(at, TimeResolution.MILLISECONDS), q,
                        v.quantity(), v.unit(), v.value()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("value " + (out.size() + 1) + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Refuses every later push; pushes in progress finish. */
    public void close() {
        closed = true;
    }

    /** Every sensor that pushed since start, by code: its counters as {@link SensorHealth}. */
    public Map<SensorCode, SensorHealth> health() {
        Map<SensorCode, SensorHealth> out = new TreeMap<>();
        sensors.forEach((code, s) -> out.put(code, s.health()));
        return Collections.unmodifiableMap(out);
    }

    /** One pushing sensor's seq and counters; guarded by its own monitor. */
    private static final class PushedSensor {
        private final SensorCode code;
        private final Consumer<String> log;
        long nextSeq;
        private long pushesOk;
        private long refusedPushes;
        private long consecutiveRefusals;
        private long refusedReadings;
        private Instant lastSuccess;
        private SensorHealth.Failure lastFailure;

        PushedSensor(SensorCode code, long nextSeq, Consumer<String> log) {
            this.code = code;
            this.nextSeq = nextSeq;
            this.log = log;
        }

        Outcome accepted(Outcome.Accepted a, Instant now) {
            pushesOk++;
            consecutiveRefusals = 0;
            lastSuccess = now;
            return a;
        }

        Outcome partial(Outcome.Partial p, Instant now) {
            pushesOk++;
            refusedReadings += p.refused();
            lastSuccess = now;
            failure("took " + p.count() + " of " + (p.count() + p.refused()) + " values: " + p.why(), now);
            return p;
        }

        Outcome refused(Outcome.Refused r, Instant now) {
            refusedPushes++;
            consecutiveRefusals++;
            failure(r.why() + ": " + r.message(), now);
            return r;
        }

        private void failure(String message, Instant now) {
            lastFailure = new SensorHealth.Failure(message, now);
            if (Long.bitCount(refusedPushes + refusedReadings) == 1) { // 1, 2, 4, ...: a flood cannot flood the log
                log.accept("sensor " + code + ": push refused (" + refusedPushes + " so far): " + message);
            }
        }

        synchronized SensorHealth health() {
            return new SensorHealth(code, pushesOk, refusedPushes, 0, 0, consecutiveRefusals, refusedReadings,
                    Optional.ofNullable(lastSuccess), Optional.ofNullable(lastFailure), false, nextSeq);
        }
    }
}
