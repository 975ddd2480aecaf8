package cn.bsnedge.agent.cli;

import cn.bsnedge.agent.Gateway;
import cn.bsnedge.agent.config.ConfigException;
import cn.bsnedge.agent.config.ConfigLoader;
import cn.bsnedge.agent.config.ConfigSchema;
import cn.bsnedge.agent.config.GatewayConfig;
import cn.bsnedge.agent.config.SensorConfig;
import cn.bsnedge.agent.keys.GatewayKeyFile;
import cn.bsnedge.agent.keys.GatewayKeyFile.GatewayIdentity;
import cn.bsnedge.agent.pipeline.ClockStatus;
import cn.bsnedge.agent.pipeline.SensorSlot;
import cn.bsnedge.agent.registry.Registrar;
import cn.bsnedge.agent.registry.RegistryFile;
import cn.bsnedge.agent.registry.RegistrySession;
import cn.bsnedge.agent.registry.SensorDeclaration;
import cn.bsnedge.agent.time.Ticker;
import cn.bsnedge.ledger.registry.RegistryException;
import cn.bsnedge.agent.sensors.DriverFactory;
import cn.bsnedge.agent.status.StatusFile;
import cn.bsnedge.agent.store.BrokenChainException;
import cn.bsnedge.agent.store.LogBlockStore;
import cn.bsnedge.agent.store.StoreException;
import cn.bsnedge.agent.systemd.Heartbeat;
import cn.bsnedge.agent.systemd.ServiceManager;
import cn.bsnedge.agent.systemd.ServiceManagers;
import cn.bsnedge.agent.time.KernelClock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Run the gateway agent from its configuration file.",
            "",
            "Opens (or creates) the key and block store in gateway.dataDir, verifies",
            "the chain's tail, seals registry entries for new, recalibrated or",
            "retired sensors, starts every active sensor of the config, seals blocks",
            "per the sealing policy, and writes DATA/run/status.json for",
            "'bsn-edge status' every few seconds. Edits to the sensors in the config",
            "file are picked up while running. Stops cleanly on SIGTERM or Ctrl-C,",
            "sealing and committing every reading already taken.",
            "",
            "  bsn-edge config check --config /etc/bsn-edge/gateway.yaml",
            "  bsn-edge run --config /etc/bsn-edge/gateway.yaml",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly", "1:the stored chain is broken; refusing to extend it",
                "2:invalid configuration, unusable data directory or unavailable driver"})
final class RunCommand implements java.util.concurrent.Callable<Integer> {

    /**
     * How often DATA/run/status.json is rewritten for 'bsn-edge status'. Every 30 s, not 10: the
     * write (a snapshot of every sensor, 21 KB of JSON at 50 sensors, a create and a rename) was
     * the largest CPU item of a 50-sensor gateway at 10 s, and an operator's view with per-minute
     * rates loses little (docs/BENCHMARKS.md section 5); 'status' prints the view's age.
     */
    static final int STATUS_EVERY_SECONDS = 30;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = ConfigSchema.DEFAULT_FILE,
            description = "Configuration file (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--duration", paramLabel = "TIME", converter = DurationConverter.class, hidden = true,
            description = "Stop after this long (tests).")
    Duration duration;

    @Option(names = "--stop-file", paramLabel = "FILE", hidden = true,
            description = "With --duration: stop as soon as this file exists (tests: stop when done, not after a guess).")
    Path stopFile;

    @Option(names = "--reload-every", paramLabel = "TIME", converter = DurationConverter.class, defaultValue = "5s",
            description = "How often to look for changes to the configuration file (default: ${DEFAULT-VALUE}).")
    Duration reloadEvery;

    private final java.util.Map<String, String> env;
    private final java.util.function.Function<java.util.function.Consumer<String>, ServiceManager> serviceManager;

    RunCommand() {
        this(System.getenv(), log -> ServiceManagers.fromEnvironment(System.getenv(), log));
    }

    /** For tests: the environment to read WATCHDOG_USEC from, and the service manager to notify. */
    RunCommand(java.util.Map<String, String> env,
               java.util.function.Function<java.util.function.Consumer<String>, ServiceManager> serviceManager) {
        this.env = env;
        this.serviceManager = serviceManager;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServiceManager systemd = serviceManager.apply(err::println);
        GatewayConfig cfg;
        try {
            cfg = ConfigLoader.load(config);
        } catch (ConfigException e) {
            e.problems().forEach(p -> err.println("config " + p));
            return 2;
        }
        Path dataDir = cfg.gateway().dataDir();
        GatewayIdentity id;
        try {
            id = GatewayKeyFile.loadOrCreate(dataDir, cfg.gateway().id(), cfg.gateway().suite(), new SecureRandom());
            GatewayKeyFile.writeTrustFile(dataDir.resolve("trust"), id);
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            err.println("run: " + e.getMessage());
            return 2;
        }
        LogBlockStore store;
        try {
            store = LogBlockStore.openOrCreate(dataDir.resolve("store"), id.gatewayId(), id.key().publicKey());
        } catch (BrokenChainException e) {
            err.println("run: " + e.getMessage());
            return 1;
        } catch (StoreException e) {
            err.println("run: " + e.getMessage());
            return 2;
        }
        store.recoveryNotes().forEach(n -> err.println("run: recovered after an unclean stop: " + n));
        // Counted down only once the store is closed (its index committed): a SIGTERM's shutdown
        // hook waits for it, and the JVM exits when the hook returns.
        CountDownLatch stopped = new CountDownLatch(1);
        try (LogBlockStore s = store; DriverFactory drivers = new DriverFactory(dataDir)) {
            List<SensorSlot> slots = new ArrayList<>();
            List<String> unavailable = new ArrayList<>();
            for (SensorConfig sc : cfg.activeSensors().stream().filter(SensorConfig::sampled).toList()) {
                try {
                    slots.add(new SensorSlot(sc.code(), drivers.create(sc, s.lastSeq(sc.code()).orElse(0)), sc.interval()));
                } catch (DriverFactory.UnavailableDriverException e) {
                    unavailable.add(e.getMessage());
                }
            }
            if (!unavailable.isEmpty()) {
                unavailable.forEach(m -> err.println("run: " + m));
                return 2;
            }
            RateWindow rates = new RateWindow(Duration.ofMinutes(1));
            ClockStatus clock = clockStatus(cfg);
            RegistrySession registry;
            try {
                registry = RegistrySession.open(new RegistryFile(dataDir), s,
                        cfg.sensors().stream().map(SensorDeclaration::of).toList(), java.time.Instant.now(), clock.quality(), err::println);
            } catch (Registrar.DeclarationException e) {
                err.println("run: " + e.getMessage().replace("\n", "\nrun: "));
                return 2;
            } catch (RegistryException e) {
                err.println("run: the chain's registry entries break the registry rules: " + e.getMessage());
                return 1;
            }
            cn.bsnedge.agent.anchor.Anchoring anchoring;
            try {
                anchoring = cn.bsnedge.agent.anchor.AnchoringConfig.start(cfg, id, s, InstantSource.system(), clock::quality,
                        cn.bsnedge.agent.anchor.AnchoringConfig.agent(Main.class.getPackage().getImplementationVersion()), err::println);
            } catch (java.io.IOException | StoreException e) {
                err.println("run: anchoring cannot start: " + e.getMessage());
                return 2;
            }
            long startNanos = System.nanoTime();
            java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
            Gateway gw = new Gateway(id, s, slots, cfg.sealing().policy(), InstantSource.system(), Ticker.system(), clock, block -> {
                rates.record(block);
                registry.committed(block);
                anchoring.committed(block);
                if (first.getAndSet(false)) {
                    // Operators (and bench/agent-load.sh) read this to see the pipeline is live.
                    out.printf("bsn-edge run: first block committed %d ms after start (height %d, %d readings)%n",
                            (System.nanoTime() - startNanos) / 1_000_000, block.height(), block.entryCount());
                    out.flush();
                }
            }, err::println, registry.registry(), registry.preamble());
            if (!registry.preamble().isEmpty()) {
                out.printf("bsn-edge run: sealing %d registry entries (registrations, calibrations, retirements) first%n",
                        registry.preamble().size());
            }
            cn.bsnedge.agent.coap.CoapService coap;
            try {
                // Pushed readings are stamped through the gateway's jump-watching clock, so a step is
                // sealed ahead of them as it is ahead of sampled readings.
                coap = cn.bsnedge.agent.coap.CoapService.start(cfg, gw, s, new cn.bsnedge.agent.coap.PskStore(dataDir, new SecureRandom()),
                        gw.wallClock(), clock, err::println);
            } catch (RuntimeException e) { // e.g. the CoAP port is taken
                err.println("run: CoAP cannot start: " + e.getMessage());
                gw.close();
                anchoring.close();
                return 2;
            }
            coap.lastAnchor(() -> anchoring.status().map(a -> a.anchoredSize() == 0 ? "none" : "tree size " + a.anchoredSize()
                    + ", receipt #" + a.receiptLedgerSeq() + " from " + a.receiptNode() + " at " + a.receiptRecordedAt()).orElse("off"));
            StatusFile statusFile = new StatusFile(dataDir);
            StatusReporter reporter = new StatusReporter(id, s, gw, cfg, rates, statusFile, clock, anchoring, coap.intake()::health);
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("bsn-status").daemon(true).factory());
            ticker.scheduleAtFixedRate(reporter::writeQuietly, 0, STATUS_EVERY_SECONDS, TimeUnit.SECONDS);
            java.util.Map<cn.bsnedge.ledger.entry.SensorCode, SensorSlot> running = new java.util.concurrent.ConcurrentHashMap<>();
            slots.forEach(slot -> running.put(slot.code(), slot));
            ConfigReloader reloader = new ConfigReloader(config, dataDir, gw, gw.registry().orElseThrow(), drivers, s, clock, running,
                    err::println, coap::reconfigure);
            ticker.scheduleWithFixedDelay(reloader::poll, reloadEvery.toMillis(), reloadEvery.toMillis(), TimeUnit.MILLISECONDS);
            // The store is open, its tail verified, and the sampler started: only now is the agent ready.
            systemd.ready();
            AutoCloseable heartbeat = Heartbeat.start(systemd, env, gw, s, cfg.sealing().policy().maxAge(), anchoring::backlog, err::println);
            out.printf("bsn-edge run: gateway %s (%s), %d sensors, chain height %d; status in %s%n", id.gatewayId(),
                    cfg.gateway().suite().label(), slots.size(), s.size(), statusFile.path());
            out.flush();
            CountDownLatch stop = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                stop.countDown();
                try {
                    stopped.await(60, TimeUnit.SECONDS); // the JVM exits when hooks return: let the last commit land
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bsn-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                if (duration == null) {
                    stop.await();
                } else {
                    awaitTestStop(stop);
                }
            } finally {
                heartbeat.close();
                systemd.stopping();
                ticker.shutdownNow();
                coap.close();
                gw.close();
                anchoring.close(); // after the last commit: its hash is in the log for the next start
                registry.close(s.size());
                running.values().forEach(slot -> slot.driver().close()); // after the last read: releases buses, saves pulse totals
                reporter.writeQuietly();
                statusFile.delete();
                out.printf("bsn-edge run: stopped; %d readings sealed in %d blocks this run, chain height %d%n",
                        gw.batcher().sealedEntries(), gw.batcher().sealedBlocks(), s.size());
                out.flush();
                if (duration != null) {
                    Runtime.getRuntime().removeShutdownHook(hook);
                }
            }
            return 0;
        } finally {
            stopped.countDown();
        }
    }

    /**
     * Until SIGTERM, the end of --duration, or the --stop-file appearing (looked for every 50 ms).
     * Without a stop file, one wait: bench/agent-load.sh runs with --duration, and 20 wake-ups a
     * second of this thread cost more CPU than the agent's own work.
     */
    private void awaitTestStop(CountDownLatch stop) throws InterruptedException {
        if (stopFile == null) {
            stop.await(duration.toNanos(), TimeUnit.NANOSECONDS);
            return;
        }
        long end = System.nanoTime() + duration.toNanos();
        for (long left; (left = end - System.nanoTime()) > 0; ) {
            if (stop.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS)
                    || stopFile != null && java.nio.file.Files.exists(stopFile)) {
                return;
            }
        }
    }

    static ClockStatus clockStatus(GatewayConfig cfg) {
        return switch (cfg.clock().source()) {
            case KERNEL -> KernelClock.bestAvailable();
            case SYSTEMD -> ClockStatus.systemdTimesync();
            case NONE -> ClockStatus.UNSYNCED;
        };
    }
}
