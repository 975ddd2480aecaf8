package cn.bsnedge.agent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bsn-edge run} from a configuration file, then {@code status}, {@code check}, {@code proof}, {@code verify}. */
class RunCommandTest {

    @TempDir
    Path dir;

    private Path config(String sensorsYaml) throws Exception {
        Path data = dir.resolve("data");
        Path f = dir.resolve("gateway.yaml");
        Files.writeString(f, """
                gateway:
                  id: 88.1001.31/GW-RUN-01
                  suite: ed25519-sha256
                  dataDir: %s
                sealing:
                  maxReadings: 10
                  maxAge: 1s
                clock:
                  source: kernel
                sensors:
                %s""".formatted(data, sensorsYaml));
        return f;
    }

    private static final String SIMULATED = """
              - code: 88.1001.31/TMP-0001
                driver: simulated
                interval: 100ms
                options:
                  quantity: temperature
                  unit: Cel
                  base: 20
                  amplitude: 3
              - code: 88.1001.31/WTR-0001234
                driver: simulated
                interval: 100ms
                options:
                  quantity: water.volume
                  unit: m3
                  waveform: counter
                  base: 1000
                  amplitude: 0.01
                  decimals: 3
            """;

    @Test
    void run_fromConfig_sealsReadings_reportsStatusWhileRunning_andTheChainVerifies() throws Exception {
        Path cfg = config(SIMULATED);
        Path data = dir.resolve("data");
        CompletableFuture<Cli.Result> running = CompletableFuture.supplyAsync(
                () -> Cli.run("run", "--config", cfg.toString(), "--duration", "3s"));
        Cli.Result live = null;
        for (int i = 0; i < 200 && !running.isDone(); i++) { // wait for the first status file, not for time
            if (Files.exists(data.resolve("run").resolve("status.json"))) {
                live = Cli.run("status", "--data", data.toString());
                break;
            }
            Thread.sleep(10);
        }
        Cli.Result run = running.get();
        assertEquals(0, run.code(), run.transcript());
        assertTrue(run.out().contains("stopped;"), run.transcript());
        assertTrue(live != null && live.code() == 0 && live.out().contains("running (pid"), live == null ? "no status" : live.transcript());
        assertTrue(live.out().contains("88.1001.31/WTR-0001234"), live.transcript());

        Cli.Result stopped = Cli.run("status", "--data", data.toString(), "--json");
        assertEquals(1, stopped.code(), stopped.transcript());
        assertTrue(stopped.out().contains("\"gatewayId\" : \"88.1001.31/GW-RUN-01\""), stopped.transcript());
        assertTrue(!Files.exists(data.resolve("run").resolve("status.json")), "a stopped agent leaves no status file behind");

        Cli.Result check = Cli.run("check", "--data", data.toString(), "--quiet");
        assertEquals(0, check.code(), check.transcript());
        Cli.Result proof = Cli.run("proof", "--data", data.toString(), "--sensor", "88.1001.31/WTR-0001234", "--seq", "3");
        assertEquals(0, proof.code(), proof.transcript());
        Path bundle = dir.resolve("b.json");
        Files.writeString(bundle, proof.out());
        Cli.Result verify = Cli.run("verify", "--trust", data.resolve("trust").toString(), bundle.toString());
        assertEquals(0, verify.code(), verify.transcript());
        assertTrue(verify.out().contains("water.volume"), verify.transcript());
    }

    @Test
    void run_invalidConfig_exits2_withFileLineMessages() throws Exception {
        Path cfg = config("""
                  - code: 88.1001.31/TMP-0001
                    driver: simulated
                    intervall: 100ms
                """);
        Cli.Result r = Cli.run("run", "--config", cfg.toString(), "--duration", "1s");
        assertEquals(2, r.code(), r.transcript());
        assertTrue(r.err().contains("gateway.yaml:13 sensors[0].intervall: unknown key"), r.transcript());
    }

    @Test
    void run_hardwareDriverWithoutHardware_exits2_namingSensorAndDriver() throws Exception {
        Path cfg = config("""
                  - code: 88.1001.31/TMP-0002
                    driver: bme280
                    bus: 1
                    address: 0x76
                """);
        Cli.Result r = Cli.run("run", "--config", cfg.toString(), "--duration", "1s");
        assertEquals(2, r.code(), r.transcript());
        assertTrue(r.err().contains("88.1001.31/TMP-0002") && r.err().contains("bme280"), r.transcript());
    }

    @Test
    void status_withoutAStore_exits2() {
        Cli.Result r = Cli.run("status", "--data", dir.toString());
        assertEquals(2, r.code(), r.transcript());
        assertTrue(r.err().contains("no store in"), r.transcript());
    }
}
