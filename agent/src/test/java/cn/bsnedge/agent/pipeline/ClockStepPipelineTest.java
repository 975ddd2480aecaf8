package cn.bsnedge.agent.pipeline;

import cn.bsnedge.agent.registry.RegistryGate;
import cn.bsnedge.agent.store.ChainAudit;
import cn.bsnedge.agent.store.Chains;
import cn.bsnedge.agent.store.LogBlockStore;
import cn.bsnedge.agent.time.TimeJumpDetector;
import cn.bsnedge.drivers.sim.SimulatedDriver;
import cn.bsnedge.drivers.sim.SimulatedDriver.Spec;
import cn.bsnedge.drivers.sim.SimulatedDriver.Waveform;
import cn.bsnedge.ledger.block.BlockSealer;
import cn.bsnedge.ledger.block.BlockVerifier;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PrivateKey;
import cn.bsnedge.ledger.entry.Calibration;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.entry.ClockStep;
import cn.bsnedge.ledger.entry.Entry;
import cn.bsnedge.ledger.entry.Reading;
import cn.bsnedge.ledger.entry.SensorCode;
import cn.bsnedge.ledger.entry.SensorRegistration;
import cn.bsnedge.ledger.entry.Timestamp;
import cn.bsnedge.ledger.registry.SensorRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The issue end to end on fake time: sampler → registry gate → batcher → signed blocks → store,
 * with the wall clock stepped back by an hour and later forward by two. The committed chain
 * must hold a clock-step entry at each step, between the last readings stamped before it and
 * the first stamped after it, and {@code check} (ChainAudit) must pass over it. Sampling runs
 * on the test's thread (FakeRun's loop), sealing on the batcher's real threads; the chain order
 * does not depend on their timing, because the batcher keeps the order entries were offered in.
 */
@ExtendWith(NoThreadsLeft.class)
class ClockStepPipelineTest {

    private static final PrivateKey KEY = Chains.newKey(CryptoSuite.ED25519_SHA256);
    private static final SensorCode GATEWAY = SensorCode.of(Chains.GATEWAY);
    private static final SensorCode FAST_A = SensorCode.of("88.1001.31/TMP-0001");
    private static final SensorCode FAST_B = SensorCode.of("88.1001.31/HUM-0001");
    /** Reads take 1.5 s: its read started before the first step is still running when it is detected. */
    private static final SensorCode SLOW = SensorCode.of("88.1001.31/WTR-0001234");
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private final List<String> log = new CopyOnWriteArrayList<>();

    /** The chain's entries in chain order, after a run with a step back at 10.2 s and a step forward at 20.5 s. */
    private List<Entry> runWithTwoSteps(Path store, long lastClockStep) throws Exception {
        FakeTime time = new FakeTime(-3_000_000_000L);
        ManualReaders readers = new ManualReaders(time);
        readers.latency(SLOW, Duration.ofMillis(1500));
        try (LogBlockStore s = LogBlockStore.openOrCreate(store, Chains.GATEWAY, KEY.publicKey())) {
            Batcher batcher = new Batcher(new BlockSealer(KEY.signer(), Chains.GATEWAY), s, 1000, Duration.ofHours(1), 10_000,
                    b -> { }, log::add);
            batcher.start();
            SensorRegistry registry = SensorRegistry.fold(List.of());
            RegistryGate gate = new RegistryGate(registry, batcher::offer, log::add);
            ClockSteps steps = new ClockSteps(GATEWAY, lastClockStep, ClockStatus.UNSYNCED, gate, log::add);
            TimeJumpDetector wall = new TimeJumpDetector(time, time, TimeJumpDetector.DEFAULT_TOLERANCE, log::add, steps);
            Sampler sampler = new Sampler(time, wall, ClockStatus.UNSYNCED, readers, Duration.ofSeconds(3), gate::test, log::add);
            for (SensorCode c : List.of(FAST_A, FAST_B, SLOW)) {
                assertTrue(gate.test(new SensorRegistration(c, 1, Timestamp.of(FakeTime.WALL_START, cn.bsnedge.ledger.entry.TimeResolution.MILLISECONDS),
                        ClockQuality.UNSYNCED, "simulated", "none", 1000, Optional.empty(), "", Calibration.IDENTITY, "li.wei")));
                sampler.add(new SensorSlot(c, new SimulatedDriver(new Spec("temperature", "Cel", Waveform.SINE, 20, 5, 60, 2, 1, 0)),
                        INTERVAL), 1);
            }
            FakeLoop loop = new FakeLoop(time, readers, sampler);
            loop.runUntil(Duration.ofMillis(10_200));
            time.stepWall(Duration.ofHours(-1));
            loop.runUntil(Duration.ofMillis(20_500));
            time.stepWall(Duration.ofHours(2));
            loop.runUntil(Duration.ofMillis(30_000));
            sampler.close();
            batcher.close();
            assertEquals(2, steps.queued());
            assertEquals(0, steps.refused());
            assertEquals(0, batcher.dropped());

            ChainAudit.Report report = ChainAudit.checkAll(s, KEY.publicKey(), (d, t, e) -> { });
            assertEquals(3, report.registeredSensors(), "the gateway's code is not counted as a sensor");
            assertEquals(1, report.clockSteps().backward());
            assertEquals(1, report.clockSteps().forward());
            List<Entry> chain = new ArrayList<>();
            for (long h = 0; h < s.size(); h++) {
                chain.addAll(BlockVerifier.verifyContents(s.block(h).orElseThrow()));
            }
            return chain;
        }
    }

    private static Instant wall(long elapsedMillis, Duration stepped) {
        return FakeTime.WALL_START.plusMillis(elapsedMillis).plus(stepped);
    }

    private static Timestamp ms(Instant t) {
        return Timestamp.ofMillis(t.toEpochMilli());
    }

    private static int indexOf(List<Entry> chain, SensorCode sensor, Timestamp time) {
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i) instanceof Reading r && r.sensor().equals(sensor) && r.time().equals(time)) {
                return i;
            }
        }
        throw new AssertionError("no reading of " + sensor + " at " + time + " in the chain");
    }

    @Test
    void stepsBackAndForward_areSealedBetweenTheReadingsStampedBeforeAndAfter_andCheckPasses() throws Exception {
        List<Entry> chain = runWithTwoSteps(dir.resolve("store"), 0);

        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i) instanceof ClockStep) {
                at.add(i);
            }
        }
        assertEquals(2, at.size(), "one clock step per step of the wall clock");
        ClockStep back = (ClockStep) chain.get(at.get(0));
        ClockStep forward = (ClockStep) chain.get(at.get(1));
        // Detected at the first stamp after each step: the deadlines at 11 s and 21 s.
        assertEquals(new ClockStep(GATEWAY, 1, ms(wall(11_000, Duration.ofHours(-1))), ClockQuality.UNSYNCED, ms(wall(11_000, Duration.ZERO))), back);
        assertEquals(new ClockStep(GATEWAY, 2, ms(wall(21_000, Duration.ofHours(1))), ClockQuality.UNSYNCED,
                ms(wall(21_000, Duration.ofHours(-1)))), forward);

        for (SensorCode fast : List.of(FAST_A, FAST_B)) {
            // Between the last reading stamped before the step and the first stamped after it.
            assertTrue(indexOf(chain, fast, ms(wall(10_000, Duration.ZERO))) < at.get(0), fast + " reading at 10 s");
            assertTrue(indexOf(chain, fast, ms(wall(11_000, Duration.ofHours(-1)))) > at.get(0), fast + " reading at 11 s");
            assertTrue(indexOf(chain, fast, ms(wall(20_000, Duration.ofHours(-1)))) < at.get(1), fast + " reading at 20 s");
            assertTrue(indexOf(chain, fast, ms(wall(21_000, Duration.ofHours(1)))) > at.get(1), fast + " reading at 21 s");
        }
        // FORMAT.md §2.9: every reading before a step was stamped before it...
        for (int i = 0; i < at.get(0); i++) {
            if (chain.get(i) instanceof Reading r) {
                assertTrue(r.time().compareTo(ms(wall(10_200, Duration.ZERO))) < 0, "before the step back: " + r);
            }
        }
        // ...and the one exception after it: the slow sensor's read that began at 10 s and returned at 11.5 s.
        int late = indexOf(chain, SLOW, ms(wall(10_000, Duration.ZERO)));
        assertTrue(late > at.get(0), "a read in progress at the step arrives after its entry");

        // Per sensor, seq order is unbroken across both steps, whatever the wall times did.
        for (SensorCode c : List.of(FAST_A, FAST_B, SLOW)) {
            List<Long> seqs = chain.stream().filter(e -> e.sensor().equals(c)).map(Entry::seq).toList();
            for (int i = 0; i < seqs.size(); i++) {
                assertEquals(i + 1, seqs.get(i), c + " seqs");
            }
        }
        assertTrue(log.stream().anyMatch(l -> l.startsWith("clock step 1 queued for sealing: backwards by PT1H")), String.join("\n", log));
    }

    @Test
    void clockStepSeq_continuesFromTheLastCommittedStep() throws Exception {
        List<Entry> chain = runWithTwoSteps(dir.resolve("store"), 41);
        assertEquals(List.of(42L, 43L), chain.stream().filter(e -> e instanceof ClockStep).map(Entry::seq).toList());
    }

    /** FakeRun's event loop, over a sampler wired to the real pipeline. */
    private record FakeLoop(FakeTime time, ManualReaders readers, Sampler sampler) {
        void runUntil(Duration elapsed) {
            long end = elapsed.toNanos();
            while (true) {
                readers.runDue();
                sampler.runDue();
                readers.runDue();
                long next = end;
                OptionalLong wake = sampler.nextWake();
                if (wake.isPresent()) {
                    next = Math.min(next, wake.getAsLong() - time.at(Duration.ZERO));
                }
                OptionalLong due = readers.nextDue();
                if (due.isPresent()) {
                    next = Math.min(next, due.getAsLong());
                }
                if (next <= time.elapsed()) {
                    return;
                }
                time.setElapsed(next);
            }
        }
    }
}
