package cn.bsnedge.agent.anchor;

import cn.bsnedge.agent.cli.ChildDemo;
import cn.bsnedge.agent.cli.Cli;
import cn.bsnedge.agent.keys.GatewayKeyFile;
import cn.bsnedge.agent.keys.GatewayKeyFile.GatewayIdentity;
import cn.bsnedge.agent.pipeline.NoThreadsLeft;
import cn.bsnedge.agent.store.LogBlockStore;
import cn.bsnedge.agent.transport.broker.BrokerOptions;
import cn.bsnedge.agent.transport.broker.MosquittoBroker;
import cn.bsnedge.ledger.anchor.TreeHead;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.protocol.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code bsn-edge run} with anchoring, in a child JVM, SIGKILLed again and again at random moments:
 * while starting, between anchors, with an anchor published and its receipt on the way, while a
 * receipt is being stored. A city node made from ledger-lite ({@link FakeCityNode}) answers over
 * Debian's Mosquitto. Then one clean run catches up and stops on SIGTERM. The node must never have
 * seen two roots for one size, its records must grow, the gateway must hold a receipt for
 * everything sealed before the clean run and for all but the last anchor the node recorded, the
 * chain must pass {@code check}, and early readings must prove and verify as anchored.
 */
@ExtendWith(NoThreadsLeft.class)
class AnchoringCrashTest {

    private static final String GATEWAY = "88.1001.31/GW-KILL-01";
    private static final String CITY = "killcity";
    private static final int ANCHOR_BLOCKS = 2;
    private static final int ROUNDS = 7;
    private static final long SEED = 0xA11C_4011L;
    private static final long START_TIMEOUT_MS = 30_000;
    private static final String READY = "bsn-edge run: gateway ";

    @TempDir
    Path dir;

    private MosquittoBroker broker;
    private NodeLedger ledger;
    private FakeCityNode node;

    @BeforeEach
    void setUp() throws Exception {
        broker = MosquittoBroker.create(BrokerOptions.PLAIN);
        ledger = new NodeLedger();
        node = new FakeCityNode(broker.uri(), new Topics(CITY), ledger);
        node.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (node != null) {
            node.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** Two simulated sensors at 10 Hz each, a block every 5 readings (about 4 a second), an anchor every 2 blocks. */
    private Path config(Path data) throws Exception {
        Path f = dir.resolve("gateway.yaml");
        Files.writeString(f, """
                gateway:
                  id: %s
                  suite: ed25519-sha256
                  dataDir: %s
                sealing:
                  maxReadings: 5
                  maxAge: 1s
                clock:
                  source: none
                mqtt:
                  servers: [%s]
                  reconnect: {initial: 50ms, max: 400ms}
                  connectTimeout: 5s
                anchor:
                  city: %s
                  every: 1s
                  blocks: %d
                  receiptTimeout: 1s
                sensors:
                  - code: 88.1001.31/TMP-0001
                    driver: simulated
                    interval: 100ms
                    options: {quantity: temperature, unit: Cel, base: 20, amplitude: 3}
                  - code: 88.1001.31/WTR-0001234
                    driver: simulated
                    interval: 100ms
                    options: {quantity: water.volume, unit: m3, waveform: counter, base: 1000, amplitude: 0.01, decimals: 3}
                """.formatted(GATEWAY, data, broker.uri(), CITY, ANCHOR_BLOCKS));
        return f;
    }

    @Test
    void agentKilledMidAnchor_neverSignsTwoRoots_keepsItsReceipts_andCatchesUp() throws Exception {
        Path data = dir.resolve("data");
        // The key exists before the first run (run loads it), so the node knows the gateway from the start.
        GatewayIdentity id = GatewayKeyFile.loadOrCreate(data, GATEWAY, CryptoSuite.ED25519_SHA256, new SecureRandom());
        ledger.register(id.gatewayId(), id.key().publicKey());
        Files.createDirectories(data.resolve("trust"));
        Files.writeString(data.resolve("trust").resolve("node.json"), ledger.trustFile().toJson());
        Path cfg = config(data);
        String g = id.gatewayId();

        Random random = new Random(SEED);
        for (int round = 0; round < ROUNDS; round++) {
            // Round 1 dies while starting (store opening, outbox and receipt log being read, first
            // connect). Rounds 3 and 5 die 0..2.5 s after the agent said it is running, most often
            // before their first anchor. The even rounds first wait until the node recorded an anchor
            // of theirs, then die 0..2.5 s later: between anchors, with one outstanding, or while a
            // receipt is stored. Waiting, not a fixed delay, keeps those kills after an anchor on a
            // loaded machine too, where the first connect of a cold JVM can take seconds.
            boolean early = round == 1;
            boolean afterAnAnchor = round % 2 == 0;
            long delayMs = early ? 300 + random.nextInt(1200) : random.nextInt(2500);
            String where = "round " + round + " (seed " + SEED + ", kill " + (early ? "at " : afterAnAnchor
                    ? "an anchor recorded + " : "after start + ") + delayMs + " ms)";
            int acceptedBefore = ledger.accepted().size();
            try (ChildDemo child = ChildDemo.start(dir.resolve("stderr-" + round + ".txt"), "run", "--config", cfg.toString())) {
                if (!early && !child.awaitLine(READY, START_TIMEOUT_MS)) {
                    fail(where + ": agent did not start within " + START_TIMEOUT_MS + " ms; " + describe(child));
                }
                if (afterAnAnchor) {
                    await(where + ": the node records an anchor of this run", () -> ledger.accepted().size() > acceptedBefore, child);
                }
                Thread.sleep(delayMs); // when to kill, not a wait for anything
                boolean aliveAtKill = child.process().isAlive();
                int exit = child.kill();
                assertTrue(aliveAtKill && exit == 137, where + ": not killed by SIGKILL (exit " + exit + "); " + describe(child));
            }
            nodeRecordsConsistent(where);
        }

        long sealedBeforeCatchUp = chainSize(data, id);
        assertTrue(sealedBeforeCatchUp > 0, "the killed runs sealed nothing");
        try (ChildDemo child = ChildDemo.start(dir.resolve("stderr-final.txt"), "run", "--config", cfg.toString())) {
            if (!child.awaitLine(READY, START_TIMEOUT_MS)) {
                fail("catch-up run did not start within " + START_TIMEOUT_MS + " ms; " + describe(child));
            }
            // At start the whole backlog is one anchor: wait for the node to record it, then keep anchoring live a while.
            await("node records the " + sealedBeforeCatchUp + " blocks sealed before the catch-up run",
                    () -> ledger.latestSize(g) >= sealedBeforeCatchUp, child);
            long liveTarget = sealedBeforeCatchUp + 2L * ANCHOR_BLOCKS;
            await("node records live anchors up to size " + liveTarget, () -> ledger.latestSize(g) >= liveTarget, child);
            Thread.sleep(1500); // stop at some moment of live anchoring
            int exit = child.terminate(30_000);
            assertEquals(143, exit, "catch-up run on SIGTERM; " + describe(child)); // 128 + SIGTERM, after the shutdown hook
            assertTrue(child.lines().stream().anyMatch(l -> l.startsWith("bsn-edge run: stopped;")), describe(child));
            // A clean stop syncs and closes DATA/anchor without a failure (an interrupt during file I/O once closed its channels).
            List<String> failed = child.stderr().lines().filter(l -> l.startsWith("anchor: ")
                    && (l.endsWith("; retrying") || l.contains("syncing at shutdown") || l.startsWith("anchor: closing"))).toList();
            assertEquals(List.of(), failed, "anchoring failures in the catch-up run; " + describe(child));
        }
        nodeRecordsConsistent("after the catch-up run");
        try (var store = cn.bsnedge.agent.store.LogBlockStore.openExisting(data.resolve("store"), id.gatewayId(), id.key().publicKey())) {
            // The shutdown hook waits until the store is closed, its index committed.
            assertEquals(List.of(), store.recoveryNotes(), "a SIGTERM stop closes the store cleanly: nothing to recover");
        }

        long size = chainSize(data, id);
        long nodeLatest = ledger.latestSize(g);
        List<TreeHead> accepted = ledger.accepted();
        assertTrue(nodeLatest <= size, "node recorded size " + nodeLatest + " beyond the chain's " + size);
        // How far the node lags at the stop is not checked: blocks seal at about 4 a second, so the
        // tail is whatever sealed during the last round trip, which a loaded machine stretches.
        // That anchoring kept up live is the await above.
        try (ReceiptLog receipts = ReceiptLog.open(data.resolve("anchor"), System.currentTimeMillis())) {
            assertEquals(List.of(), receipts.notes(), "receipt log after a clean stop");
            ReceiptLog.Stored latest = receipts.latest().orElseThrow(() -> new AssertionError("the gateway holds no receipt"));
            long held = latest.size();
            assertTrue(held >= sealedBeforeCatchUp, "gateway's latest receipt covers " + held + " blocks, but " + sealedBeforeCatchUp
                    + " were sealed before the catch-up run and the node recorded up to " + nodeLatest + ": a receipt was lost");
            TreeHead recorded = accepted.stream().filter(h -> h.treeSize() == held).findFirst()
                    .orElseThrow(() -> new AssertionError("gateway holds a receipt for size " + held + " the node never recorded: " + accepted));
            assertArrayEquals(recorded.rootHash(), latest.head().statement().rootHash(), "root at size " + held);
            // One anchor is outstanding at a time: at a clean stop at most its receipt is still on the way.
            List<Long> unreceipted = accepted.stream().map(TreeHead::treeSize).filter(s -> s > held).toList();
            assertTrue(unreceipted.size() <= 1, "node recorded sizes " + unreceipted + " after the gateway's latest receipt (" + held
                    + "): their receipts were lost");
        }

        Cli.Result check = Cli.run("check", "--data", data.toString(), "--quiet");
        assertEquals(0, check.code(), check.transcript());
        List<String> args = new ArrayList<>(List.of("verify", "--trust", data.resolve("trust").toString()));
        for (String sensor : new String[] {"88.1001.31/TMP-0001", "88.1001.31/WTR-0001234"}) { // seq 1 is the registration, 2 the first reading
            Cli.Result p = Cli.run("proof", "--data", data.toString(), "--sensor", sensor, "--seq", "2");
            assertEquals(0, p.code(), p.transcript());
            assertTrue(p.out().contains("\"receipt\""), "bundle for " + sensor + " #2 carries a receipt: " + p.out());
            Path f = dir.resolve("proof-" + args.size() + ".json");
            Files.writeString(f, p.out());
            args.add(f.toString());
        }
        Cli.Result v = Cli.run(args.toArray(String[]::new));
        assertEquals(0, v.code(), v.transcript());
        assertEquals(2, v.out().lines().filter(l -> l.startsWith("OK") && l.contains("; anchored: tree size")).count(), v.transcript());
    }

    /** No size ever carried two roots, and the node's records grow. */
    private void nodeRecordsConsistent(String where) {
        Map<Long, java.util.Set<String>> forks = ledger.forks();
        assertEquals(Map.of(), forks, where + ": two roots signed for one size");
        List<TreeHead> acc = ledger.accepted();
        for (int i = 1; i < acc.size(); i++) {
            assertTrue(acc.get(i).treeSize() > acc.get(i - 1).treeSize(), where + ": records not growing: "
                    + acc.stream().map(TreeHead::treeSize).toList());
        }
    }

    /** The chain's size, opening the store as the next start would (a torn tail cut). */
    private static long chainSize(Path data, GatewayIdentity id) throws Exception {
        try (LogBlockStore s = LogBlockStore.openExisting(data.resolve("store"), id.gatewayId(), id.key().publicKey())) {
            return s.size();
        }
    }

    private void await(String what, Supplier<Boolean> done, ChildDemo child) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT_MS * 1_000_000;
        while (!done.get()) {
            if (System.nanoTime() > deadline || !child.process().isAlive()) {
                fail("timed out waiting for " + what + "; node at " + ledger.latestSize(GATEWAY) + ", rejections "
                        + ledger.rejections() + ", node log " + node.log + "; " + describe(child));
            }
            Thread.sleep(20);
        }
    }

    private static String describe(ChildDemo child) {
        return "child " + (child.process().isAlive() ? "running" : "exited " + child.process().exitValue()) + ", stdout:\n"
                + String.join("\n", child.lines()) + "\nstderr:\n" + child.stderr();
    }
}
