package cn.bsnedge.agent.cli;

import cn.bsnedge.agent.keys.GatewayKeyFile;
import cn.bsnedge.agent.keys.GatewayKeyFile.GatewayIdentity;
import cn.bsnedge.agent.store.ChainAudit;
import cn.bsnedge.agent.store.LogBlockStore;
import cn.bsnedge.ledger.block.MicroBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * SIGKILLs a running gateway again and again on one data directory, at random moments, and after
 * every kill requires that the store verifies and still holds every block any run reported as
 * committed, with the same hash: nothing committed is lost and no height ever gets a second block.
 */
class CrashTest {

    private static final int KILLS = 50;
    private static final long SEED = 0x5EA1_C0DEL;
    private static final long FIRST_BLOCK_TIMEOUT_MS = 20_000;

    @TempDir
    Path data;

    private int recoveries;

    @Test
    void demo_killedAtRandomMoments_keepsEveryCommittedBlockAndNeverForks() throws Exception {
        Random random = new Random(SEED);
        Path store = data.resolve("store");
        Map<Long, String> committed = new HashMap<>(); // height → hash, from what children printed or the store held
        long size = 0;
        int killedBeforeFirstBlock = 0;
        for (int run = 0; run < KILLS; run++) {
            // One run in eight is killed at 0..400 ms after launch: usually before any block, often
            // before the store is open. The rest die 50..450 ms after their first block (tens to a
            // few hundred blocks; the full audit after each kill is what bounds the test's time).
            boolean early = random.nextInt(8) == 0;
            long delayMs = early ? random.nextInt(400) : 50 + random.nextInt(400);
            String where = "run " + run + " (seed " + SEED + ", kill " + (early ? "at " : "after first block + ") + delayMs + " ms)";
            List<ChildDemo.Sealed> printed;
            try (ChildDemo child = ChildDemo.start(data.resolve("stderr-" + run + ".txt"), "demo", "--data", data.toString(),
                    "--duration", "1h", "--interval", "1ms", "--seal-every", "20", "--seal-after", "50ms",
                    "--proofs", "0", "--print-blocks")) {
                if (!early && !child.awaitFirstSealed(FIRST_BLOCK_TIMEOUT_MS)) {
                    fail(where + ": no sealed block within " + FIRST_BLOCK_TIMEOUT_MS + " ms; child "
                            + (child.process().isAlive() ? "still running" : "exited " + child.process().exitValue())
                            + ", stderr:\n" + child.stderr());
                }
                Thread.sleep(delayMs); // when to kill, not a wait for anything
                boolean aliveAtKill = child.process().isAlive();
                int exit = child.kill();
                assertTrue(aliveAtKill && exit == 137, where + ": child was not killed by SIGKILL (exit " + exit
                        + "), stderr:\n" + child.stderr());
                printed = child.sealed();
            }
            if (printed.isEmpty()) {
                killedBeforeFirstBlock++;
            }
            for (ChildDemo.Sealed s : printed) {
                String before = committed.putIfAbsent(s.height(), s.hash());
                assertTrue(before == null || before.equals(s.hash()),
                        where + ": printed height " + s.height() + " hash " + s.hash() + ", but " + before + " was committed there before");
            }
            if (!Files.exists(store)) {
                assertTrue(committed.isEmpty(), where + ": blocks were reported but there is no store");
                continue;
            }
            long now = auditAndCompare(store, committed, where);
            assertTrue(now >= size, where + ": store shrank from " + size + " to " + now + " blocks");
            size = now;
        }
        assertTrue(size > 0, "no run ever committed a block");
        // The kills must have exercised recovery (a torn log tail cut, an index rebuilt), or this
        // test only ever saw clean states.
        assertTrue(recoveries > 0, "no kill left anything for the next open to repair");
        assertTrue(killedBeforeFirstBlock > 0, "no kill landed before a run's first block");

        Cli.Result check = Cli.run("check", "--data", data.toString(), "--quiet");
        assertEquals(0, check.code(), check.transcript());
        // Same interval as the killed runs: the sensors were registered with it, and a registration never changes.
        Cli.Result demo = Cli.run("demo", "--data", data.toString(), "--duration", "1s", "--proofs", "3", "--interval", "1ms");
        assertEquals(0, demo.code(), demo.transcript());
        auditAndCompare(store, committed, "final demo run");
        try (var proofs = Files.list(data.resolve("proofs"))) {
            List<String> args = new java.util.ArrayList<>(List.of("verify", "--trust", data.resolve("trust").toString()));
            proofs.map(Path::toString).sorted().forEach(args::add);
            assertEquals(6, args.size(), "want 3 bundles: " + args);
            Cli.Result verify = Cli.run(args.toArray(String[]::new));
            assertEquals(0, verify.code(), verify.transcript());
        }
    }

    /**
     * Opens the store as the next start would (cutting a torn log tail, rebuilding the index), runs the full audit, and
     * checks it against {@code committed}, to which it adds every block it holds. Returns its size.
     */
    private long auditAndCompare(Path store, Map<Long, String> committed, String where) throws Exception {
        GatewayIdentity id = GatewayKeyFile.load(GatewayKeyFile.keyFile(data));
        try (LogBlockStore s = LogBlockStore.openExisting(store, id.gatewayId(), id.key().publicKey())) {
            if (!s.recoveryNotes().isEmpty()) {
                recoveries++;
            }
            try {
                ChainAudit.checkAll(s, id.key().publicKey(), (done, total, entries) -> { });
            } catch (java.security.GeneralSecurityException e) {
                fail(where + ": store does not verify after the kill: " + e.getMessage(), e);
            }
            long size = s.size();
            for (long h = 0; h < size; h++) {
                MicroBlock b = s.block(h).orElseThrow(() -> new AssertionError(where + ": heights not contiguous"));
                String hash = HexFormat.of().formatHex(b.hash());
                String before = committed.putIfAbsent(h, hash);
                assertTrue(before == null || before.equals(hash),
                        where + ": height " + h + " holds " + hash + " but " + before + " was committed there");
            }
            for (long h : committed.keySet()) {
                assertTrue(h < size, where + ": committed block " + h + " is gone; store has " + size + " blocks");
            }
            return size;
        }
    }
}
