package cn.bsnedge.agent.cli;

import cn.bsnedge.agent.Gateway;
import cn.bsnedge.agent.config.ConfigException;
import cn.bsnedge.agent.config.ConfigLoader;
import cn.bsnedge.agent.config.GatewayConfig;
import cn.bsnedge.agent.config.SensorConfig;
import cn.bsnedge.agent.pipeline.ClockStatus;
import cn.bsnedge.agent.pipeline.SensorSlot;
import cn.bsnedge.agent.registry.Registrar;
import cn.bsnedge.agent.registry.RegistryGate;
import cn.bsnedge.agent.registry.SensorDeclaration;
import cn.bsnedge.agent.sensors.DriverFactory;
import cn.bsnedge.agent.store.BlockStore;
import cn.bsnedge.ledger.entry.Entry;
import cn.bsnedge.ledger.entry.SensorCode;
import cn.bsnedge.ledger.entry.SensorRegistration;
import cn.bsnedge.ledger.entry.SensorRetirement;
import cn.bsnedge.ledger.entry.TimeResolution;
import cn.bsnedge.ledger.entry.Timestamp;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Lets a running agent pick up registry changes from gateway.yaml, and from the sensors.yaml the
 * {@code bsn-edge sensors} commands keep in the data directory, without a restart: a new
 * sensor is registered and started, a changed calibration is sealed and applies from the next
 * reading, a sensor set to {@code status: retired} is retired and stopped. A sensor being changed
 * is paused in the sampler first, so its registry entry takes the next seq and no reading can
 * take the same one. An invalid file is reported and ignored; the agent keeps running as it was.
 */
final class ConfigReloader {

    private final Path file;
    private final Path fieldFile;
    private final Gateway gateway;
    private final RegistryGate gate;
    private final DriverFactory drivers;
    private final BlockStore store;
    private final ClockStatus clock;
    private final Map<SensorCode, SensorSlot> running;
    private final Consumer<String> log;
    private final Consumer<GatewayConfig> applied;
    private List<Long> seen;

    ConfigReloader(Path file, Path dataDir, Gateway gateway, RegistryGate gate, DriverFactory drivers, BlockStore store, ClockStatus clock,
                   Map<SensorCode, SensorSlot> running, Consumer<String> log) throws java.io.IOException {
        this(file, dataDir, gateway, gate, drivers, store, clock, running, log, cfg -> { });
    }

    /** @param applied told of every valid config after its registry changes are sealed (CoAP follows its sensors) */
    ConfigReloader(Path file, Path dataDir, Gateway gateway, RegistryGate gate, DriverFactory drivers, BlockStore store, ClockStatus clock,
                   Map<SensorCode, SensorSlot> running, Consumer<String> log, Consumer<GatewayConfig> applied) throws java.io.IOException {
        this.applied = applied;
        this.file = file;
        this.fieldFile = ConfigLoader.fieldFile(dataDir);
        this.gateway = gateway;
        this.gate = gate;
        this.drivers = drivers;
        this.store = store;
        this.clock = clock;
        this.running = running;
        this.log = log;
        // Not the files' times now: an edit made after the agent read them at start but before this
        // moment would be missed. The first poll reads them again; reconciling is idempotent.
        this.seen = null;
    }

    /** Called every few seconds; does nothing unless the file changed. */
    synchronized void poll() {
        try {
            List<Long> now = modified();
            if (now.equals(seen)) {
                return;
            }
            seen = now;
            GatewayConfig cfg = ConfigLoader.load(file);
            apply(cfg);
            applied.accept(cfg);
        } catch (ConfigException e) {
            log.accept("config: " + file + " or " + fieldFile.getFileName() + " changed but is invalid; keeping the running configuration");
            e.problems().forEach(p -> log.accept("config " + p));
        } catch (Exception e) {
            log.accept("config: reloading " + file + " failed: " + e.getMessage());
        }
    }

    private void apply(GatewayConfig cfg) throws Exception {
        List<SensorDeclaration> declared = cfg.sensors().stream().map(SensorDeclaration::of).toList();
        // Pause every running sensor the reconciliation will touch, then seal, then resume.
        List<Entry> planned = gate.reconcile(declared, this::lastSeq, now(), clock.quality());
        if (planned.isEmpty()) {
            return;
        }
        planned.forEach(e -> gateway.sampler().remove(e.sensor()));
        List<Entry> entries;
        try {
            entries = gate.reconcile(declared, this::lastSeq, now(), clock.quality()); // seqs after the paused reads
        } catch (Registrar.DeclarationException e) {
            resume(planned);
            throw e;
        }
        for (Entry e : entries) {
            if (!gate.test(e)) {
                log.accept("config: could not queue the " + e.getClass().getSimpleName() + " of " + e.sensor()
                        + " (queue full); it is retried at the next change of " + file.getFileName());
                seen = null;
                resume(planned);
                return;
            }
            log.accept("config: sealed " + e.getClass().getSimpleName() + " of " + e.sensor() + " at seq " + e.seq());
        }
        java.util.Set<SensorCode> resumed = new java.util.HashSet<>();
        for (Entry e : entries) {
            SensorSlot slot = running.get(e.sensor());
            resumed.add(e.sensor());
            if (e instanceof SensorRetirement) {
                running.remove(e.sensor());
                if (slot != null) {
                    slot.driver().close();
                }
            } else if (e instanceof SensorRegistration) {
                SensorConfig sc = cfg.sensors().stream().filter(s -> s.code().equals(e.sensor())).findFirst().orElseThrow();
                if (!sc.sampled()) {
                    continue; // a pushing or observed coap sensor: its readings arrive by themselves
                }
                SensorSlot fresh = new SensorSlot(sc.code(), drivers.create(sc, e.seq()), sc.interval());
                running.put(sc.code(), fresh);
                gateway.addSensor(fresh, e.seq());
            } else if (slot != null) {
                gateway.sampler().add(slot, e.seq());
            }
        }
        // A sensor paused for the first plan but left out of the second (it changed back in
        // between) resumes where it was.
        resume(planned.stream().filter(e -> !resumed.contains(e.sensor())).toList());
    }

    /**
     * Both files' modification times (0 for a missing file). java.io's {@code lastModified} is one
     * stat(2) with little Java around it; this runs every few seconds, too seldom for the JIT to
     * compile NIO's longer attribute path for a long while.
     */
    private List<Long> modified() {
        return List.of(file.toFile().lastModified(), fieldFile.toFile().lastModified());
    }

    private void resume(List<Entry> paused) {
        for (Entry e : paused) {
            SensorSlot slot = running.get(e.sensor());
            if (slot != null) {
                gateway.sampler().add(slot, lastSeq(e.sensor()));
            }
        }
    }

    private long lastSeq(SensorCode code) {
        try {
            return store.lastSeq(code).orElse(0);
        } catch (Exception e) {
            return 0;
        }
    }

    private static Timestamp now() {
        return Timestamp.of(Instant.now(), TimeResolution.MILLISECONDS);
    }
}
