package cn.bsnedge.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verify} on the committed anchored vectors (docs/vectors), as a city would run it: a
 * trust directory holding the gateway's key and the node's key side by side.
 */
class VerifyAnchoredTest {

    @TempDir
    Path dir;

    static Path vectors() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("docs").resolve("vectors"))) {
            p = p.getParent();
        }
        return p.resolve("docs").resolve("vectors");
    }

    private Path trust(String... files) throws IOException {
        Path trust = Files.createDirectories(dir.resolve("trust"));
        for (String f : files) {
            Files.copy(vectors().resolve(f), trust.resolve(f));
        }
        return trust;
    }

    @Test
    void verify_anchoredBundle_reportsTheNodesReceipt_andASealedOneAsNotYetAnchored() throws IOException {
        Path trust = trust("trust-sm2-sm3.json", "trust-node-sm2-sm3.json");
        Cli.Result r = Cli.run("verify", "--trust", trust.toString(), vectors().resolve("bundle-anchored-sm2-sm3.json").toString(),
                vectors().resolve("bundle-sm2-sm3.json").toString());
        assertEquals(0, r.code(), r.transcript());
        String[] lines = r.out().strip().split("\n");
        assertEquals(2, lines.length, r.transcript());
        assertTrue(lines[0].startsWith("OK") && lines[0].endsWith(
                "anchored: tree size 9 recorded by node 88.1001/BSN-NODE-01 as #57 at 2025-11-23T09:00:02Z"), r.transcript());
        assertTrue(lines[1].startsWith("OK") && lines[1].endsWith("; sealed, not yet anchored"), r.transcript());
    }

    @Test
    void verify_anchoredBundleWithoutTheNodesKey_failsAtNodeTrust() throws IOException {
        Path trust = trust("trust-ed25519-sha256.json");
        Cli.Result r = Cli.run("verify", "--trust", trust.toString(), vectors().resolve("bundle-anchored-ed25519-sha256.json").toString());
        assertEquals(1, r.code(), r.transcript());
        assertTrue(r.out().contains("FAIL") && r.out().contains(": node-trust: "), r.transcript());
    }

    @Test
    void verify_trustFileOfUnknownFormat_isAUsageError() throws IOException {
        Path trust = trust("trust-ed25519-sha256.json");
        Files.writeString(trust.resolve("x.json"), "{\"format\":\"bsn-edge-key/9\"}");
        Cli.Result r = Cli.run("verify", "--trust", trust.toString(), vectors().resolve("bundle-ed25519-sha256.json").toString());
        assertEquals(2, r.code(), r.transcript());
        assertTrue(r.err().contains("bsn-edge-node-key/1"), r.transcript());
    }
}
