package cn.bsnedge.agent.systemd;

import cn.bsnedge.agent.Gateway;
import cn.bsnedge.agent.store.BlockStore;
import cn.bsnedge.agent.time.Ticker;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One tick of the agent's conversation with systemd: reads the pipeline, sends {@code STATUS=},
 * and sends {@code WATCHDOG=1} only when the {@link ProgressMonitor} sees progress. When it
 * does not, the pings stop, systemd's {@code WatchdogSec=} runs out, and systemd restarts the
 * agent; the status line and the log say why first. Run {@link #run()} every
 * {@link Watchdog#pingPeriod} on a thread of its own, so nothing else the agent does can delay it.
 */
public final class Heartbeat implements Runnable {

    /** How often STATUS= is refreshed when systemd listens but armed no watchdog. */
    static final Duration STATUS_PERIOD = Duration.ofSeconds(15);
    /** Least slack the progress monitor gives a slow commit or a late sampler before withholding pings. */
    static final Duration MIN_GRACE = Duration.ofSeconds(30);

    private final ServiceManager manager;
    private final PipelineProbe probe;
    private final ProgressMonitor monitor;
    private final boolean watchdog;
    private final Consumer<String> log;
    private boolean wedged;

    /** @param watchdog whether systemd armed a watchdog; without one only STATUS= is sent */
    public Heartbeat(ServiceManager manager, PipelineProbe probe, ProgressMonitor monitor, boolean watchdog,
                     Consumer<String> log) {
        this.manager = manager;
        this.probe = probe;
        this.monitor = monitor;
        this.watchdog = watchdog;
        this.log = log;
    }

    @Override
    public void run() {
        PipelineSnapshot s;
        try {
            s = probe.snapshot();
        } catch (RuntimeException e) {
            withhold("the pipeline did not answer: " + e, "");
            return;
        }
        ProgressMonitor.Verdict v = monitor.check(s);
        if (!v.progressing()) {
            withhold(v.reason(), "; " + StatusLine.of(s));
            return;
        }
        if (wedged) {
            log.accept("watchdog: the pipeline is progressing again; pings resumed");
            wedged = false;
        }
        if (watchdog) {
            manager.watchdog();
        }
        manager.status(StatusLine.of(s));
    }

    private void withhold(String reason, String rest) {
        if (!wedged) { // once per episode, not once per tick; the status line keeps the figures current
            log.accept("watchdog: " + reason + (watchdog ? "; no more pings, so systemd will restart the agent" : ""));
            wedged = true;
        }
        manager.status("WEDGED: " + reason + rest);
    }

    /**
     * Starts the heartbeat of a running gateway on a thread of its own ({@code bsn-watchdog}), so
     * a stuck config reload or status write cannot starve it: STATUS= every {@link #STATUS_PERIOD},
     * or, when {@code env} arms a watchdog (WATCHDOG_USEC), STATUS= and WATCHDOG=1 at half its
     * interval. Closing stops it and waits for a tick in progress. Does nothing when no service manager listens.
     *
     * @param maxAge the batcher's sealing.maxAge, which bounds how long readings may wait for a block
     */
    public static AutoCloseable start(ServiceManager systemd, Map<String, String> env, Gateway gateway, BlockStore store,
                                      Duration maxAge, Consumer<String> log) {
        return start(systemd, env, gateway, store, maxAge, OptionalLong::empty, log);
    }

    /** As above, with the anchoring backlog for the status line ({@code OptionalLong::empty} when the gateway does not anchor). */
    public static AutoCloseable start(ServiceManager systemd, Map<String, String> env, Gateway gateway, BlockStore store,
                                      Duration maxAge, java.util.function.Supplier<OptionalLong> anchorBacklog, Consumer<String> log) {
        if (!systemd.listening()) {
            return () -> { };
        }
        java.util.Optional<Duration> watchdog = Watchdog.interval(env, ProcessHandle.current().pid(), log);
        Duration period = watchdog.map(Watchdog::pingPeriod).orElse(STATUS_PERIOD);
        Duration grace = watchdog.filter(w -> w.compareTo(MIN_GRACE) > 0).orElse(MIN_GRACE);
        // The gateway's sampler runs on the system ticker (RunCommand), so its deadlines compare with it.
        // Without anchoring the status line's anchor backlog reads "n/a".
        Heartbeat beat = new Heartbeat(systemd, new GatewayProbe(gateway, store, Ticker.system(), anchorBacklog),
                new ProgressMonitor(Ticker.system(), maxAge, grace), watchdog.isPresent(), log);
        ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("bsn-watchdog").daemon(true).factory());
        thread.scheduleAtFixedRate(beat, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return () -> { // waits out a tick in progress, so nothing is sent after the caller's STOPPING=1
            thread.shutdownNow();
            thread.awaitTermination(5, TimeUnit.SECONDS);
        };
    }
}
