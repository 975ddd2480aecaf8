package cn.bsnedge.agent.cli;

import cn.bsnedge.agent.Gateway;
import cn.bsnedge.agent.config.GatewayConfig;
import cn.bsnedge.agent.keys.GatewayKeyFile.GatewayIdentity;
import cn.bsnedge.agent.status.GatewayStatus;
import cn.bsnedge.agent.status.StatusFile;
import cn.bsnedge.agent.store.LogBlockStore;
import cn.bsnedge.agent.pipeline.ClockStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** Composes the running agent's {@link GatewayStatus} and writes it for {@code bsn-edge status}. */
final class StatusReporter {

    private final GatewayIdentity id;
    private final LogBlockStore store;
    private final Gateway gateway;
    private final GatewayConfig config;
    private final RateWindow rates;
    private final StatusFile file;
    private final ClockStatus clock;
    private final cn.bsnedge.agent.anchor.Anchoring anchoring;
    private final java.util.function.Supplier<java.util.Map<cn.bsnedge.ledger.entry.SensorCode, cn.bsnedge.agent.pipeline.SensorHealth>> pushed;
    private static final long STORE_SIZE_EVERY_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
    private long storeBytes;
    private long storeBytesAt;

    StatusReporter(GatewayIdentity id, LogBlockStore store, Gateway gateway, GatewayConfig config, RateWindow rates,
                   StatusFile file, ClockStatus clock, cn.bsnedge.agent.anchor.Anchoring anchoring,
                   java.util.function.Supplier<java.util.Map<cn.bsnedge.ledger.entry.SensorCode, cn.bsnedge.agent.pipeline.SensorHealth>> pushed) {
        this.pushed = pushed;
        this.clock = clock;
        this.anchoring = anchoring;
        this.id = id;
        this.store = store;
        this.gateway = gateway;
        this.config = config;
        this.rates = rates;
        this.file = file;
    }

    GatewayStatus snapshot() {
        var head = store.head();
        long[] perMinute = rates.counts();
        // Sampled sensors (also those added while running), pushing CoAP sensors, and the active
        // sensors of the start-up config that have no health yet.
        var health = new java.util.TreeMap<cn.bsnedge.ledger.entry.SensorCode, cn.bsnedge.agent.pipeline.SensorHealth>(pushed.get());
        health.putAll(gateway.sampler().health());
        java.util.Map<cn.bsnedge.ledger.entry.SensorCode, String> drivers = new java.util.TreeMap<>();
        health.keySet().forEach(c -> drivers.put(c, "?"));
        config.sensors().forEach(c -> drivers.computeIfPresent(c.code(), (k, v) -> c.driver()));
        config.activeSensors().forEach(c -> drivers.put(c.code(), c.driver()));
        gateway.registry().ifPresent(g -> g.sensors().forEach(st -> drivers.computeIfPresent(st.registration().sensor(),
                (k, v) -> v.equals("?") ? st.registration().driver() : v)));
        List<GatewayStatus.Sensor> sensors = drivers.entrySet().stream().map(e -> {
            var code = e.getKey();
            var h = health.get(code);
            return new GatewayStatus.Sensor(code.value(), e.getValue(), store.lastSeq(code).orElse(0),
                    h == null ? 0 : h.readsOk(), h == null ? 0 : h.failures(), h == null ? 0 : h.skippedDeadlines(),
                    h == null ? "" : h.lastSuccess().map(Instant::toString).orElse(""),
                    h == null ? "" : h.lastFailure().map(f -> f.at() + " " + f.message()).orElse(""));
        }).toList();
        var jumps = gateway.sampler().timeJumps();
        Path data = config.gateway().dataDir();
        return new GatewayStatus(Instant.now().toString(), ProcessHandle.current().pid(), id.gatewayId(),
                id.key().suite().label(), head.nextHeight(), head.nextHeight() == 0 ? "" : HexFormat.of().formatHex(head.headHash()),
                perMinute[1], perMinute[0], gateway.batcher().dropped(), storeBytes(data.resolve("store")),
                freeBytes(data), clock.quality().label(), jumps.backwardJumps(),
                jumps.lastJump().map(Object::toString).orElse(""), sensors, anchoring.status().orElse(null));
    }

    /** The store's size, walked at most once a minute: it grows by a block at a time, and the walk is the costliest part of a status. */
    private long storeBytes(Path store) {
        long now = System.nanoTime();
        if (storeBytesAt == 0 || now - storeBytesAt > STORE_SIZE_EVERY_NANOS) {
            storeBytes = directorySize(store);
            storeBytesAt = now;
        }
        return storeBytes;
    }

    synchronized void writeQuietly() {
        try {
            file.write(snapshot());
        } catch (IOException | RuntimeException e) {
            // Status is a view; a full disk must not stop sampling. The next tick tries again.
        }
    }

    static long directorySize(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** One statvfs(2); Files.getFileStore would parse the whole mount table every time. */
    static long freeBytes(Path dir) {
        long free = dir.toFile().getUsableSpace();
        return free == 0 && !Files.isDirectory(dir) ? -1 : free;
    }
}
