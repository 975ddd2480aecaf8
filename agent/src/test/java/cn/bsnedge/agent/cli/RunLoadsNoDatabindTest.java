package cn.bsnedge.agent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bsn-edge run} with simulated sensors loads no class of jackson-databind or
 * jackson-annotations: some 400 classes of metadata, megabytes of RSS, for a few small files
 * (see cn.bsnedge.agent.json.StreamingJson). A child JVM logs every class it loads, once on a
 * fresh data directory (key, store and trust file created) and once on the same directory again
 * (key, store meta and registry.json read back).
 */
class RunLoadsNoDatabindTest {

    @TempDir
    Path dir;

    @Test
    void run_freshAndRestarted_loadsNoDatabindClass() throws Exception {
        Path cfg = dir.resolve("gateway.yaml");
        Files.writeString(cfg, """
                gateway:
                  id: 88.1001.31/GW-CLASSES
                  dataDir: %s
                sealing:
                  maxReadings: 20
                  maxAge: 1s
                sensors:
                  - code: 88.1001.31/TMP-0001
                    driver: simulated
                    interval: 100ms
                    options:
                      quantity: temperature
                      unit: Cel
                """.formatted(dir.resolve("data")));
        for (String phase : List.of("fresh", "restarted")) {
            Path log = dir.resolve("classes-" + phase + ".log");
            Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                    "-Xmx64m", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                    "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"),
                    "cn.bsnedge.agent.cli.Main", "run", "--config", cfg.toString(), "--duration", "2s")
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("first block committed"), phase + ": " + out);

            List<String> loaded = Files.readAllLines(log);
            assertTrue(loaded.stream().anyMatch(l -> l.contains(" cn.bsnedge.agent.json.StreamingJson ")),
                    phase + ": the class log shows the JSON files written through jackson-core");
            assertEquals(List.of(), loaded.stream()
                    .filter(l -> l.contains("com.fasterxml.jackson.databind.") || l.contains("com.fasterxml.jackson.annotation."))
                    .toList(), phase + ": run loaded databind; see who loads the first class with -XX:+UnlockDiagnosticVMOptions"
                    + " -XX:LogClassLoadingCauseFor=<class> -Xlog:class+load+cause");
        }
        assertTrue(Files.exists(dir.resolve("data/registry.json")) && Files.exists(dir.resolve("data/store/meta.json")));
    }
}
