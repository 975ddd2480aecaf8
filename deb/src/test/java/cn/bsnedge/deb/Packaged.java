package cn.bsnedge.deb;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The built package and the Debian tools the package tests drive. */
final class Packaged {

    private Packaged() {
    }

    /** The one {@code bsn-edge_*_all.deb} the package phase left in target/. */
    static Path deb() throws IOException {
        Path dir = Path.of(System.getProperty("bsn.deb.dir", "target"));
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> debs = s.filter(p -> p.getFileName().toString().matches("bsn-edge_.+_all\\.deb")).toList();
            if (debs.size() != 1) {
                fail("want exactly one bsn-edge_*_all.deb in " + dir + " (run the package phase first: ./mvnw -pl deb -am verify), found " + debs);
            }
            return debs.getFirst();
        }
    }

    static Path repo() {
        return Path.of(System.getProperty("bsn.repo", "..")).toAbsolutePath().normalize();
    }

    /**
     * Requires {@code tool} on the PATH. In CI (CI=true) its absence fails the test, since .ci/run
     * installs it; on a workstation the test is skipped with the package that provides it.
     */
    static void require(String tool, String debianPackage) {
        boolean found = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)));
        if (found) {
            return;
        }
        String why = tool + " is not on the PATH (apt-get install " + debianPackage + ")";
        if ("true".equals(System.getenv("CI"))) {
            fail(why + "; .ci/run installs it, so CI must have it");
        }
        Assumptions.abort(why + ": package test skipped");
    }

    /** Exit code, stdout and stderr of one command. */
    record Run(int code, String out, String err) {
        String transcript() {
            return "exit " + code + "\n--- out:\n" + out + "--- err:\n" + err;
        }

        Run ok() {
            assertTrue(code == 0, transcript());
            return this;
        }
    }

    static Run run(List<String> cmd) throws IOException, InterruptedException {
        return run(cmd, Map.of());
    }

    static Run run(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd));
        pb.environment().putAll(env);
        Path out = Files.createTempFile("bsn-deb-it", ".out");
        Path err = Files.createTempFile("bsn-deb-it", ".err");
        try {
            // Both streams to files, so the bound below holds even if the command never closes its stdout.
            pb.redirectOutput(out.toFile());
            pb.redirectError(err.toFile());
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail(String.join(" ", cmd) + " did not finish within 5 minutes; its output:\n"
                        + Files.readString(out, StandardCharsets.UTF_8) + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
