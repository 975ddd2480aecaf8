package cn.bsnedge.agent.systemd;

import cn.bsnedge.agent.Gateway;
import cn.bsnedge.agent.pipeline.SensorHealth;
import cn.bsnedge.agent.store.BlockStore;
import cn.bsnedge.agent.time.Ticker;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;

/** Reads a running {@link Gateway} and its store for the {@link Heartbeat}. */
public final class GatewayProbe implements PipelineProbe {

    private final Gateway gateway;
    private final BlockStore store;
    private final Ticker ticker;
    private final Supplier<OptionalLong> anchorBacklog;

    /**
     * @param ticker        the ticker the gateway's sampler runs on (its deadlines are in that time)
     * @param anchorBacklog blocks awaiting anchoring; {@code OptionalLong::empty} until anchoring exists
     */
    public GatewayProbe(Gateway gateway, BlockStore store, Ticker ticker, Supplier<OptionalLong> anchorBacklog) {
        this.gateway = gateway;
        this.store = store;
        this.ticker = ticker;
        this.anchorBacklog = anchorBacklog;
    }

    @Override
    public PipelineSnapshot snapshot() {
        OptionalLong wake = gateway.sampler().nextWake();
        long lag = wake.isPresent() ? Math.max(0, ticker.read() - wake.getAsLong()) : 0;
        Map<?, SensorHealth> health = gateway.sampler().health();
        long taken = health.values().stream().mapToLong(h -> h.readsOk() - h.refusedReadings()).sum();
        List<String> failing = health.values().stream().filter(h -> h.consecutiveFailures() > 0)
                .map(h -> h.sensor().value()).toList();
        return new PipelineSnapshot(lag, taken, gateway.batcher().sealedBlocks(), store.size(), health.size(), failing,
                gateway.batcher().dropped(), anchorBacklog.get());
    }
}
