package cn.bsnedge.e2e;

import cn.bsnedge.agent.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bsn-edge demo} with the city node: the demo starts {@code bsn-node} as a process of its
 * own (its embedded broker on loopback), anchors every block to it over MQTT 5, and its proof
 * bundles verify as anchored; the node's own audit of the block stream finds nothing.
 */
class DemoWithNodeTest {

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
        String transcript() {
            return "exit " + code + "\n--- out:\n" + out + "--- err:\n" + err;
        }
    }

    private static Result bsnEdge(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** A launcher for the node from this test's own class path, as ./bsn-node.sh would run it. */
    private Path nodeLauncher() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path script = dir.resolve("bsn-node");
        Files.writeString(script, "#!/bin/sh\nexec '" + java + "' --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
                + " -Xmx256m -cp '" + System.getProperty("java.class.path") + "' cn.bsnedge.node.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    @Test
    void demo_startsTheCityNode_anchorsEveryBlock_andTheProofsVerifyAsAnchored() throws Exception {
        Path data = dir.resolve("demo");
        Path node = nodeLauncher();
        Result first = bsnEdge("demo", "--data", data.toString(), "--duration", "2s", "--node-launcher", node.toString());
        assertEquals(0, first.code(), first.transcript());
        Matcher m = Pattern.compile("anchored: (\\d+) of (\\d+) blocks").matcher(first.out());
        assertTrue(m.find(), first.transcript());
        assertEquals(m.group(2), m.group(1), "every block of the run is covered by a receipt: " + first.transcript());

        // A second run continues the chain; the node continues its ledger for this gateway.
        Result second = bsnEdge("demo", "--data", data.toString(), "--duration", "1s", "--node-launcher", node.toString());
        assertEquals(0, second.code(), second.transcript());
        m = Pattern.compile("anchored: (\\d+) of (\\d+) blocks").matcher(second.out());
        assertTrue(m.find() && m.group(1).equals(m.group(2)), second.transcript());

        List<String> verify = new ArrayList<>(List.of("verify", "--trust", data.resolve("trust").toString()));
        try (var proofs = Files.list(data.resolve("proofs"))) {
            proofs.map(Path::toString).sorted().forEach(verify::add);
        }
        Result v = bsnEdge(verify.toArray(String[]::new));
        assertEquals(0, v.code(), v.transcript());
        long anchored = v.out().lines().filter(l -> l.startsWith("OK") && l.contains("anchored: tree size")).count();
        assertEquals(verify.size() - 3, anchored, "every bundle is anchored, checked against the node's key: " + v.transcript());

        Process audit = new ProcessBuilder(node.toString(), "audit", "--data", data.resolve("node").toString())
                .redirectErrorStream(true).start();
        String auditOut = new String(audit.getInputStream().readAllBytes());
        assertTrue(audit.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, audit.exitValue(), auditOut);
        assertTrue(auditOut.contains("0 findings"), auditOut);
    }
}
