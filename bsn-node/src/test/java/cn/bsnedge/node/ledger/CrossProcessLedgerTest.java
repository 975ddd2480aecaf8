package cn.bsnedge.node.ledger;

import cn.bsnedge.ledger.crypto.CryptoSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Two processes append to one ledger directory at once (docs/NODE.md "Several processes"): every
 * update sees the other's appends, positions form one sequence, nothing is lost or repeated.
 */
class CrossProcessLedgerTest {

    @TempDir
    Path dir;

    @Test
    void twoProcessesAppending_shareOneSequence() throws Exception {
        int n = 300;
        try (FileAnchorLedger ledger = FileAnchorLedger.open(dir, "88.1001/BSN-NODE-01", CryptoSuite.ED25519_SHA256)) {
            Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                    "-cp", System.getProperty("java.class.path"), LedgerAppender.class.getName(), dir.toString(), "1/OTHER", "" + n)
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(other.getInputStream()));
            assertEquals("open", out.readLine());
            for (int i = 0; i < n; i++) {
                int k = i;
                ledger.update(tx -> {
                    assertEquals(k, tx.records("1/HERE").alarms().size());
                    tx.append(new LedgerRecord.Alarm(tx.nextSeq(), "1/HERE", k, AlarmKind.FORK, -1, "record " + k, new byte[] {(byte) k}));
                    return null;
                });
                if (i == 9) {
                    awaitTheOthersFirstAppend(ledger);
                }
            }
            String last = out.readLine();
            assertTrue(other.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, other.exitValue(), last);
            assertEquals("done", last);

            List<LedgerRecord> all = new ArrayList<>();
            ledger.forEach(all::add);
            assertEquals(2 * n, all.size());
            for (int i = 0; i < all.size(); i++) {
                assertEquals(i, all.get(i).seq());
            }
            for (String g : List.of("1/HERE", "1/OTHER")) {
                List<String> details = all.stream().filter(r -> r.gatewayId().equals(g)).map(r -> ((LedgerRecord.Alarm) r).detail()).toList();
                assertEquals(n, details.size(), g);
                for (int i = 0; i < n; i++) {
                    assertEquals("record " + i, details.get(i));
                }
            }
            // Interleaved: both really wrote at the same time (not one after the other).
            long switches = 0;
            for (int i = 1; i < all.size(); i++) {
                if (!all.get(i).gatewayId().equals(all.get(i - 1).gatewayId())) {
                    switches++;
                }
            }
            assertTrue(switches > 1, "the two processes' appends interleave: " + switches + " switches");
        }
    }

    /**
     * This JVM is warm and the other cold: with cheap fsyncs (tmpfs) this side could write all its
     * records before the other's first, and the test would show no interleaving although nothing is
     * wrong. So after its first ten this side waits until the other has appended one.
     */
    private static void awaitTheOthersFirstAppend(FileAnchorLedger ledger) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ledger.update(tx -> tx.records("1/OTHER").alarms().size()) == 0) {
            assertTrue(System.nanoTime() < deadline, "the other process appended nothing within 30 s");
            Thread.sleep(5);
        }
    }
}
