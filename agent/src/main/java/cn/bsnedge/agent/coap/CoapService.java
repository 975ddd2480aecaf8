package cn.bsnedge.agent.coap;

import cn.bsnedge.agent.Gateway;
import cn.bsnedge.agent.coap.client.CoapObserver;
import cn.bsnedge.agent.coap.server.CoapGatewayServer;
import cn.bsnedge.agent.coap.server.CoapStatus;
import cn.bsnedge.agent.config.CoapSection;
import cn.bsnedge.agent.config.GatewayConfig;
import cn.bsnedge.agent.config.SensorConfig;
import cn.bsnedge.agent.pipeline.ClockStatus;
import cn.bsnedge.agent.pipeline.PushIntake;
import cn.bsnedge.agent.pipeline.PushIntake.Standing;
import cn.bsnedge.agent.pipeline.SensorHealth;
import cn.bsnedge.agent.registry.RegistryGate;
import cn.bsnedge.agent.store.BlockStore;
import cn.bsnedge.agent.time.Ticker;
import cn.bsnedge.ledger.entry.SensorCode;
import cn.bsnedge.ledger.registry.SensorState;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The CoAP side of a running agent, wired to its pipeline: the push intake, the server (when a
 * sensor pushes or plain CoAP is configured) and one observer per observe-mode sensor. Built by
 * {@code bsn-edge run}; {@link #reconfigure} follows config changes while running.
 */
public final class CoapService implements AutoCloseable {

    private final PushIntake intake;
    private final CoapGatewayServer server;
    private final Map<SensorCode, CoapObserver> observers = new HashMap<>();
    private final ScheduledExecutorService checks;
    /** The observers' periodic check, scheduled only while there are observers: no idle wake-ups. */
    private java.util.concurrent.ScheduledFuture<?> checking;
    private final GatewayConfig.Coap settings;
    private final Ticker ticker;
    private final Consumer<String> log;

    /** What /status says of anchoring: "none" until the first receipt, "off" without anchoring. */
    private volatile java.util.function.Supplier<String> lastAnchor = () -> "none";

    private CoapService(GatewayConfig cfg, Gateway gateway, BlockStore store, PskStore keys, InstantSource clock,
                        ClockStatus clockStatus, Ticker ticker, Consumer<String> log) {
        this.settings = cfg.coap();
        this.ticker = ticker;
        this.log = log;
        RegistryGate gate = gateway.registry().orElseThrow(() -> new IllegalStateException("CoAP needs the registry gate"));
        this.intake = new PushIntake(gate::test, code -> standing(gate, code), code -> lastSeq(store, code),
                () -> cfg.sealing().queueCapacity() - gateway.batcher().queued(), clock, clockStatus, log);
        Map<SensorCode, Duration> pushers = pushers(cfg);
        if (!pushers.isEmpty() || settings.plainEnabled()) {
            InetSocketAddress dtls = new InetSocketAddress(CoapSection.literal(settings.dtlsAddress()), settings.dtlsPort());
            InetSocketAddress plain = settings.plainEnabled()
                    ? new InetSocketAddress(CoapSection.literal(settings.plainAddress()), settings.plainPort()) : null;
            this.server = new CoapGatewayServer(new CoapGatewayServer.Listen(dtls, plain, settings.maxPayload(), settings.burst()),
                    intake, keys, pushers, () -> status(cfg, gateway, store, clockStatus), ticker, log);
        } else {
            this.server = null;
        }
        this.checks = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("bsn-coap-observe").daemon(true).factory());
    }

    /** Starts the CoAP side of {@code cfg}; the server's ports are bound when this returns. */
    public static CoapService start(GatewayConfig cfg, Gateway gateway, BlockStore store, PskStore keys, InstantSource clock,
                                    ClockStatus clockStatus, Consumer<String> log) {
        CoapService s = new CoapService(cfg, gateway, store, keys, clock, clockStatus, Ticker.system(), log);
        if (s.server != null) {
            s.server.start();
            log.accept("coap: DTLS on " + s.server.dtlsAddress() + s.server.plainAddress().map(a -> ", plain CoAP on " + a).orElse("")
                    + ", " + pushers(cfg).size() + " sensors may push");
        }
        s.reconfigure(cfg);
        return s;
    }

    /** Where /status reads the last anchor from (the running agent's anchoring). */
    public void lastAnchor(java.util.function.Supplier<String> source) {
        this.lastAnchor = source;
    }

    /** Follows a changed config: which sensors may push, which resources are observed. */
    public synchronized void reconfigure(GatewayConfig cfg) {
        if (server != null) {
            server.declare(pushers(cfg));
        }
        Map<SensorCode, SensorConfig> wanted = new TreeMap<>();
        cfg.activeSensors().stream().filter(s -> "coap".equals(s.driver()) && "observe".equals(s.options().text("mode")))
                .forEach(s -> wanted.put(s.code(), s));
        observers.keySet().removeIf(code -> {
            boolean gone = !wanted.containsKey(code);
            if (gone) {
                observers.get(code).close();
            }
            return gone;
        });
        wanted.forEach((code, s) -> observers.computeIfAbsent(code, c -> {
            CoapObserver o = new CoapObserver(c, URI.create(((cn.bsnedge.agent.config.Bus.Network) s.bus()).uri()),
                    s.options().text("quantity"), s.options().text("unit"), s.options().duration("reregister"), intake,
                    CoapGatewayServer.configuration(settings.maxPayload()), ticker, log);
            o.register();
            return o;
        }));
        if (!observers.isEmpty() && checking == null) {
            checking = checks.scheduleWithFixedDelay(this::checkObservers, 5, 5, TimeUnit.SECONDS);
        } else if (observers.isEmpty() && checking != null) {
            checking.cancel(false);
            checking = null;
        }
    }

    private synchronized void checkObservers() {
        observers.values().forEach(o -> {
            try {
                o.check();
            } catch (RuntimeException e) {
                log.accept("coap: observer check failed: " + e.getMessage());
            }
        });
    }

    static Map<SensorCode, Duration> pushers(GatewayConfig cfg) {
        Map<SensorCode, Duration> out = new HashMap<>();
        cfg.activeSensors().stream().filter(s -> "coap".equals(s.driver()) && "push".equals(s.options().text("mode")))
                .forEach(s -> out.put(s.code(), s.interval()));
        return out;
    }

    private static Standing standing(RegistryGate gate, SensorCode code) {
        for (SensorState s : gate.sensors()) {
            if (s.registration().sensor().equals(code)) {
                return new Standing(s.status() == SensorState.Status.RETIRED ? Standing.Status.RETIRED : Standing.Status.ACTIVE,
                        "coap".equals(s.registration().driver()), s.lastSeq());
            }
        }
        return Standing.UNKNOWN;
    }

    private static long lastSeq(BlockStore store, SensorCode code) {
        try {
            return store.lastSeq(code).orElse(0);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the last seq of " + code + ": " + e.getMessage(), e);
        }
    }

    private CoapStatus status(GatewayConfig cfg, Gateway gateway, BlockStore store, ClockStatus clockStatus) {
        Map<SensorCode, SensorHealth> health = new TreeMap<>(gateway.sampler().health());
        health.putAll(intake.health());
        List<CoapStatus.Sensor> sensors = new ArrayList<>();
        health.forEach((code, h) -> sensors.add(new CoapStatus.Sensor(code.value(), h.nextSeq(), h.readsOk(), h.failures(),
                h.lastSuccess().map(Instant::toString).orElse(""), h.lastFailure().map(f -> f.at() + " " + f.message()).orElse(""))));
        return new CoapStatus(cfg.gateway().id(), store.head().nextHeight(), lastAnchor.get(), clockStatus.quality().label(), sensors);
    }

    /** The server, when one runs (for its bound addresses and counters). */
    public java.util.Optional<CoapGatewayServer> server() {
        return java.util.Optional.ofNullable(server);
    }

    public PushIntake intake() {
        return intake;
    }

    @Override
    public synchronized void close() throws InterruptedException {
        intake.close();
        checks.shutdownNow();
        observers.values().forEach(CoapObserver::close);
        observers.clear();
        if (server != null) {
            server.close();
        }
        checks.awaitTermination(5, TimeUnit.SECONDS);
    }
}
