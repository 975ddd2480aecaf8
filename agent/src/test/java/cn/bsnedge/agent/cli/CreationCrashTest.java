package cn.bsnedge.agent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGKILLs a first {@code demo} on a fresh data directory while it is still setting up (key,
 * trust file, store creation as {@code store.creating/} then a rename to {@code store/}, the first
 * open that creates the MapDB index), and requires the next run on that directory to work and its
 * store to verify.
 */
class CreationCrashTest {

    private static final int RUNS = 24;
    private static final long SEED = 0xC4EA7EL;
    private static final long SETUP_TIMEOUT_MS = 20_000;

    @TempDir
    Path root;

    @Test
    void demo_killedDuringSetup_nextRunSucceedsAndChecks() throws Exception {
        Random random = new Random(SEED);
        int killedWhileCreating = 0;
        int killedBeforeStore = 0;
        for (int run = 0; run < RUNS; run++) {
            Path data = root.resolve("run-" + run);
            Path storeDir = data.resolve("store");
            Path creatingDir = data.resolve("store.creating");
            // Three ways to aim the kill, in turn: blind (0..400 ms after launch), after the key file
            // appears (0..200 ms; the store is created next), and after store.creating/ appears
            // (0..40 ms: inside creation, the rename, or the first open creating the index).
            int aim = run % 3;
            long delayMs = switch (aim) {
                case 0 -> random.nextInt(400);
                case 1 -> random.nextInt(200);
                default -> random.nextInt(40);
            };
            String where = "run " + run + " (seed " + SEED + ", aim " + aim + ", delay " + delayMs + " ms)";
            try (ChildDemo child = ChildDemo.start(root.resolve("stderr-" + run + ".txt"), "demo", "--data", data.toString(),
                    "--duration", "1h", "--interval", "5ms", "--proofs", "0")) {
                if (aim == 1) {
                    awaitFile(child, data.resolve("keys").resolve("gateway.key"), storeDir, where);
                } else if (aim == 2) {
                    awaitFile(child, creatingDir, storeDir, where);
                }
                Thread.sleep(delayMs); // when to kill, not a wait for anything
                int exit = child.kill();
                assertEquals(137, exit, where + ": child was not killed by SIGKILL; stderr:\n" + child.stderr());
            }
            // The child is dead, so the directory is exactly as the kill left it.
            if (Files.exists(creatingDir) || (Files.isDirectory(storeDir) && logIsEmpty(storeDir))) {
                killedWhileCreating++;
            } else if (!Files.exists(storeDir)) {
                killedBeforeStore++;
            }
            Cli.Result demo = Cli.run("demo", "--data", data.toString(), "--duration", "500ms", "--interval", "20ms",
                    "--seal-after", "100ms", "--proofs", "1");
            assertEquals(0, demo.code(), where + ": rerun after the kill:\n" + demo.transcript());
            assertTrue(!Files.exists(creatingDir), where + ": leftover store.creating/ after rerun");
            Cli.Result check = Cli.run("check", "--data", data.toString(), "--quiet");
            assertEquals(0, check.code(), where + ": check after rerun:\n" + check.transcript());
        }
        // Proof that kills really landed inside store creation, not only before or after it.
        assertTrue(killedWhileCreating > 0, "no kill landed while the store was being created or first opened");
        assertTrue(killedBeforeStore > 0, "no kill landed before the store existed");
    }

    /** True when no block was ever written: the kill landed in creation or the first open. */
    private static boolean logIsEmpty(Path storeDir) throws IOException {
        Path log = storeDir.resolve("log");
        if (!Files.isDirectory(log)) {
            return true;
        }
        try (var files = Files.list(log)) {
            return files.allMatch(p -> p.toFile().length() == 0);
        }
    }

    /** Polls (every 0.5 ms) until {@code file} exists, the store exists, or the child dies. */
    private static void awaitFile(ChildDemo child, Path file, Path storeDir, String where) {
        long deadline = System.nanoTime() + SETUP_TIMEOUT_MS * 1_000_000;
        while (!Files.exists(file) && !Files.exists(storeDir)) {
            assertTrue(child.process().isAlive(), where + ": child exited early; stderr:\n" + child.stderr());
            assertTrue(System.nanoTime() < deadline, where + ": " + file + " did not appear in " + SETUP_TIMEOUT_MS + " ms");
            LockSupport.parkNanos(500_000);
        }
    }
}
