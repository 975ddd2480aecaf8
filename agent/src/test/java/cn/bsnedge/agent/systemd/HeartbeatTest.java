package cn.bsnedge.agent.systemd;

import cn.bsnedge.agent.time.Ticker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The heartbeat on a fake clock: pings while the pipeline progresses, stops when it wedges
 * (sampler loop dead, readings never sealed, store not answering), and says why.
 */
class HeartbeatTest {

    /** gateway.yaml's default sealing.maxAge, and the grace RunCommand gives a 30 s watchdog. */
    private static final Duration MAX_AGE = Duration.ofSeconds(60);
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final long TICK = Duration.ofSeconds(15).toNanos();

    private long now = Long.MAX_VALUE - Duration.ofMinutes(3).toNanos(); // near overflow: ticker math subtracts
    private final Ticker ticker = () -> now;
    private final Recorder systemd = new Recorder();
    private final List<String> log = new ArrayList<>();

    // The pipeline's counters, which the fake probe reports and the test moves.
    private long lag;
    private long taken;
    private long blocks;
    private long height = 7;
    private int sensors = 3;
    private List<String> failing = List.of();
    private RuntimeException storeError;

    private final PipelineProbe probe = () -> {
        if (storeError != null) {
            throw storeError;
        }
        return new PipelineSnapshot(lag, taken, blocks, height, sensors, failing, 0, OptionalLong.empty());
    };
    private final Heartbeat heartbeat = new Heartbeat(systemd, probe, new ProgressMonitor(ticker, MAX_AGE, GRACE), true, log::add);

    private void tick() {
        now += TICK;
        heartbeat.run();
    }

    /** Readings every tick, a block every 4 ticks (60 s): a healthy gateway at maxAge sealing. */
    private void healthyFor(int ticks) {
        for (int i = 0; i < ticks; i++) {
            taken += 15;
            if (i % 4 == 3) {
                blocks++;
                height++;
            }
            tick();
        }
    }

    @Test
    void healthyPipeline_pingsEveryTick_withAStatusLine() {
        healthyFor(12);
        assertEquals(12, systemd.count("WATCHDOG=1"));
        assertEquals("STATUS=height 10, sensors 3/3 ok, anchor backlog n/a", systemd.last("STATUS="));
        assertEquals(List.of(), log);
    }

    @Test
    void sealingWedged_readingsKeepComing_pingsStopAfterMaxAgePlusGrace() {
        healthyFor(8);
        int before = systemd.count("WATCHDOG=1");
        for (int i = 0; i < 12; i++) { // readings go on, blocks stop: a stuck sealer or store
            taken += 15;
            tick();
        }
        int pings = systemd.count("WATCHDOG=1") - before;
        // Pending is first seen at tick 1; at tick 8 it has been 105 s > 60 s + 30 s: no ping from then on.
        assertEquals(7, pings, systemd.sent.toString());
        assertTrue(systemd.last("STATUS=").startsWith("STATUS=WEDGED: 180 readings taken, but no block committed for 165 s"
                + " (sealing or the store is stuck; at most 90 s expected); height 9"), systemd.last("STATUS="));
        assertEquals(1, log.size(), log.toString()); // said once, not every tick
        assertTrue(log.getFirst().contains("systemd will restart the agent"), log.getFirst());
    }

    @Test
    void wedgeThatClears_pingsResume_andTheLogSaysSo() {
        healthyFor(4);
        for (int i = 0; i < 8; i++) {
            taken += 15;
            tick();
        }
        int stoppedAt = systemd.count("WATCHDOG=1");
        blocks++; // the slow commit lands before systemd lost patience
        tick();
        assertEquals(stoppedAt + 1, systemd.count("WATCHDOG=1"));
        assertEquals("watchdog: the pipeline is progressing again; pings resumed", log.getLast());
    }

    @Test
    void samplerLoopDead_pingsStop_evenWhileOldBlocksCommit() {
        healthyFor(4);
        lag = Duration.ofSeconds(31).toNanos();
        blocks++;
        tick();
        assertEquals(4, systemd.count("WATCHDOG=1"));
        assertTrue(systemd.last("STATUS=").startsWith("STATUS=WEDGED: the sampler is 31 s past a due read"), systemd.last("STATUS="));
    }

    @Test
    void samplerLateButWithinGrace_stillPings() {
        lag = Duration.ofSeconds(29).toNanos();
        healthyFor(4);
        assertEquals(4, systemd.count("WATCHDOG=1"));
    }

    @Test
    void everySensorFailing_nothingPending_stillPings_andStatusNamesThem() {
        healthyFor(4);
        sensors = 5;
        failing = List.of("88.1001.31/TMP-0001", "88.1001.31/LVL-0003", "88.1001.31/PRS-0102", "88.1001.31/HUM-0001");
        for (int i = 0; i < 20; i++) { // no readings, no blocks: idle, not wedged (a restart mends no sensor)
            tick();
        }
        assertEquals(24, systemd.count("WATCHDOG=1"));
        assertEquals("STATUS=height 8, sensors 1/5 ok (failing: 88.1001.31/TMP-0001 88.1001.31/LVL-0003 88.1001.31/PRS-0102 +1 more), anchor backlog n/a",
                systemd.last("STATUS="));
    }

    @Test
    void storeNotAnswering_noPing() {
        healthyFor(2);
        storeError = new IllegalStateException("store closed");
        tick();
        tick();
        assertEquals(2, systemd.count("WATCHDOG=1"));
        assertEquals("STATUS=WEDGED: the pipeline did not answer: java.lang.IllegalStateException: store closed", systemd.last("STATUS="));
    }

    @Test
    void noWatchdogArmed_statusOnly() {
        Heartbeat statusOnly = new Heartbeat(systemd, probe, new ProgressMonitor(ticker, MAX_AGE, GRACE), false, log::add);
        statusOnly.run();
        assertEquals(0, systemd.count("WATCHDOG=1"));
        assertEquals(1, systemd.count("STATUS="));
    }

    /** A ServiceManager that records what it was told, as the datagrams systemd would get. */
    static final class Recorder implements ServiceManager {
        final List<String> sent = new ArrayList<>();

        @Override
        public void ready() {
            sent.add("READY=1");
        }

        @Override
        public void status(String text) {
            sent.add("STATUS=" + text);
        }

        @Override
        public void watchdog() {
            sent.add("WATCHDOG=1");
        }

        @Override
        public void stopping() {
            sent.add("STOPPING=1");
        }

        @Override
        public boolean listening() {
            return true;
        }

        int count(String prefix) {
            return (int) sent.stream().filter(s -> s.startsWith(prefix)).count();
        }

        String last(String prefix) {
            return sent.reversed().stream().filter(s -> s.startsWith(prefix)).findFirst().orElse("<none>");
        }
    }
}
