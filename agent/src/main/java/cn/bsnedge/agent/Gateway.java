package cn.bsnedge.agent;

import cn.bsnedge.agent.keys.GatewayKeyFile.GatewayIdentity;
import cn.bsnedge.agent.pipeline.Batcher;
import cn.bsnedge.agent.pipeline.ClockStatus;
import cn.bsnedge.agent.pipeline.Sampler;
import cn.bsnedge.agent.pipeline.SensorSlot;
import cn.bsnedge.agent.store.BlockStore;
import cn.bsnedge.agent.store.StoreException;
import cn.bsnedge.ledger.block.BlockSealer;
import cn.bsnedge.ledger.block.MicroBlock;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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

    private final ScheduledExecutorService scheduler;
    private final Sampler sampler;
    private final Batcher batcher;
    private boolean closed;

    public Gateway(GatewayIdentity identity, BlockStore store, List<SensorSlot> sensors, SealPolicy policy,
                   InstantSource clock, ClockStatus clockStatus, Consumer<MicroBlock> onSealed,
                   Consumer<String> log) throws StoreException {
        BlockSealer sealer = new BlockSealer(identity.key().signer(), identity.gatewayId());
        this.batcher = new Batcher(sealer, store, policy.maxEntries(), policy.maxAge(), policy.queueCapacity(), onSealed, log);
        // Two threads: a sensor that blocks in a read holds one; the other keeps the rest on time.
        this.scheduler = Executors.newScheduledThreadPool(2, Thread.ofPlatform().name("bsn-sampler-", 0).factory());
        this.sampler = new Sampler(scheduler, clock, clockStatus, batcher::offer, log);
        batcher.start();
        for (SensorSlot s : sensors) {
            sampler.start(s, store.lastSeq(s.code()).orElse(0));
        }
    }

    public Batcher batcher() {
        return batcher;
    }

    public Sampler sampler() {
        return sampler;
    }

    /** Stops sampling, then seals and commits every reading already taken. */
    @Override
    public void close() throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        sampler.close();
        scheduler.shutdown();
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
        batcher.close();
    }
}
