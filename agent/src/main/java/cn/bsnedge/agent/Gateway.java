package cn.bsnedge.agent;

import cn.bsnedge.agent.keys.GatewayKeyFile.GatewayIdentity;
import cn.bsnedge.agent.pipeline.Batcher;
import cn.bsnedge.agent.pipeline.ClockStatus;
import cn.bsnedge.agent.pipeline.ClockSteps;
import cn.bsnedge.agent.pipeline.ReadWorkers;
import cn.bsnedge.agent.pipeline.Sampler;
import cn.bsnedge.agent.pipeline.SensorSlot;
import cn.bsnedge.agent.store.BlockStore;
import cn.bsnedge.agent.store.StoreException;
import cn.bsnedge.agent.time.Ticker;
import cn.bsnedge.agent.time.TimeJumpDetector;
import cn.bsnedge.ledger.block.BlockSealer;
import cn.bsnedge.agent.registry.RegistryGate;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.entry.Entry;
import cn.bsnedge.ledger.entry.SensorCode;
import cn.bsnedge.ledger.registry.SensorRegistry;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * The running pipeline: sensors → sampler → batcher → signed blocks → store. Everything it
 * needs (identity, store, clock, sensors) is passed in, so tests can run it without hardware.
 * The caller keeps ownership of the store.
 */
public final class Gateway implements AutoCloseable {

    /** Sealing policy: a block every {@code maxEntries} readings or {@code maxAge}, whichever first. */
    public record SealPolicy(int maxEntries, Duration maxAge, int queueCapacity) {
        /**
         * The field default: at 50 sensors × 1 Hz a 1,000-reading block every 20 s, so the fixed
         * cost of a durable write (an fdatasync, the record framing and the seq summary) is spread
         * over 1,000 readings (docs/BENCHMARKS.md); readings wait at most a minute to be durable.
         */
        public static final SealPolicy DEFAULT = new SealPolicy(1000, Duration.ofMinutes(1), 10_000);
    }

    /** Spare reader threads beyond one per sensor, for sensors registered while running. */
    private static final int SPARE_READERS = 4;

    private final ExecutorService readers;
    private final Sampler sampler;
    private final Batcher batcher;
    private final RegistryGate gate;
    private final ClockSteps clockSteps;
    private final TimeJumpDetector wallClock;
    private final Consumer<String> log;
    private boolean closed;

    /** A gateway on the system's monotonic clock ({@link System#nanoTime()}) for scheduling. */
    public Gateway(GatewayIdentity identity, BlockStore store, List<SensorSlot> sensors, SealPolicy policy,
                   InstantSource clock, ClockStatus clockStatus, Consumer<MicroBlock> onSealed,
                   Consumer<String> log) throws StoreException {
        this(identity, store, sensors, policy, clock, Ticker.system(), clockStatus, onSealed, log);
    }

    /**
     * @param clock  wall time, only to stamp readings (watched for jumps)
     * @param ticker monotonic time, for the sampling timeline and read timeouts
     */
    public Gateway(GatewayIdentity identity, BlockStore store, List<SensorSlot> sensors, SealPolicy policy,
                   InstantSource clock, Ticker ticker, ClockStatus clockStatus, Consumer<MicroBlock> onSealed,
                   Consumer<String> log) throws StoreException {
        this(identity, store, sensors, policy, clock, ticker, clockStatus, onSealed, log, null, List.of());
    }

    /**
     * A gateway whose every entry passes {@code registry}'s rules ({@link RegistryGate}), and which
     * seals {@code preamble} (registrations, calibrations, retirements) before its first reading.
     */
    public Gateway(GatewayIdentity identity, BlockStore store, List<SensorSlot> sensors, SealPolicy policy,
                   InstantSource clock, Ticker ticker, ClockStatus clockStatus, Consumer<MicroBlock> onSealed,
                   Consumer<String> log, SensorRegistry registry, List<Entry> preamble) throws StoreException {
        BlockSealer sealer = new BlockSealer(identity.key().signer(), identity.gatewayId());
        this.log = log;
        this.batcher = new Batcher(sealer, store, policy.maxEntries(), policy.maxAge(), policy.queueCapacity(), onSealed, log);
        // One reader thread per sensor at most: the sampler keeps one read per sensor in
        // progress, so a hung sensor holds one thread and never takes another sensor's.
        this.readers = ReadWorkers.bounded(sensors.size() + SPARE_READERS);
        this.gate = registry == null ? null : new RegistryGate(registry, batcher::offer, log);
        java.util.function.Predicate<Entry> entries = gate == null ? batcher::offer : gate::test;
        // Each wall-clock step is sealed as a clock-step entry (FORMAT.md §2.9) under the gateway's
        // code, its seq continuing from the last one committed.
        SensorCode gatewayCode = SensorCode.of(identity.gatewayId());
        this.clockSteps = new ClockSteps(gatewayCode, store.lastSeq(gatewayCode).orElse(0), clockStatus, entries, log);
        this.wallClock = new TimeJumpDetector(clock, ticker, TimeJumpDetector.DEFAULT_TOLERANCE, log, clockSteps);
        TimeJumpDetector wall = wallClock;
        java.util.function.Predicate<cn.bsnedge.ledger.entry.Reading> sink = entries::test;
        this.sampler = new Sampler(ticker, wall, clockStatus, readers, Sampler.DEFAULT_READ_TIMEOUT, sink, log);
        batcher.start();
        java.util.Map<cn.bsnedge.ledger.entry.SensorCode, Long> preambleSeq = new java.util.HashMap<>();
        for (Entry e : preamble) {
            if (gate == null || !gate.test(e)) {
                throw new IllegalStateException("the registry refused its own " + e.getClass().getSimpleName()
                        + " of " + e.sensor() + " seq " + e.seq());
            }
            preambleSeq.merge(e.sensor(), e.seq(), Math::max);
        }
        for (SensorSlot s : sensors) {
            sampler.add(s, Math.max(store.lastSeq(s.code()).orElse(0), preambleSeq.getOrDefault(s.code(), 0L)));
        }
        sampler.start();
    }

    /**
     * Starts sampling a sensor registered while running, its readings after {@code lastSeq};
     * the reader pool grows with it, so its reads are never refused for want of a thread.
     */
    public void addSensor(SensorSlot slot, long lastSeq) {
        ReadWorkers.ensureCapacity(readers, sampler.health().size() + 1 + SPARE_READERS);
        sampler.add(slot, lastSeq);
    }

    public Batcher batcher() {
        return batcher;
    }

    public Sampler sampler() {
        return sampler;
    }

    /**
     * The wall clock as the pipeline reads it, watched for jumps: whatever stamps readings with the
     * gateway's clock (sampler, pushed readings) should read it here, so that every step is sealed
     * ahead of the readings stamped after it.
     */
    public java.time.InstantSource wallClock() {
        return wallClock;
    }

    /** The clock steps sealed (and refused) so far. */
    public ClockSteps clockSteps() {
        return clockSteps;
    }

    /** The registry gate, or empty for a gateway built without a registry (tests, bench). */
    public java.util.Optional<RegistryGate> registry() {
        return java.util.Optional.ofNullable(gate);
    }

    /**
     * Stops sampling, lets reads in progress finish (up to the read timeout), then seals and
     * commits every reading already taken. A read still hung after that is discarded, and logged.
     */
    @Override
    public void close() throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        sampler.stop();
        ReadWorkers.shutdown(readers, Sampler.DEFAULT_READ_TIMEOUT, log);
        sampler.close();
        batcher.close();
    }
}
