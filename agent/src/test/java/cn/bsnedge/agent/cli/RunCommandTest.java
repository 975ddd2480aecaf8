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
        Path stopFile = dir.resolve("stop");
        CompletableFuture<Cli.Result> running = RunningAgent.start("run", "--config", cfg.toString(), "--duration", "90s",
                "--stop-file", stopFile.toString());
        RunningAgent.awaitFile(data.resolve("run").resolve("status.json"), running); // not a guessed time: a loaded CI box starts slowly
        Cli.Result live = Cli.run("status", "--data", data.toString());
        Thread.sleep(1500); // some readings for the proof below (100 ms interval)
        Cli.Result run = RunningAgent.stop(running, stopFile);
        assertEquals(0, run.code(), run.transcript());
        assertTrue(run.out().contains("stopped;"), run.transcript());
        assertTrue(live != null && live.code() == 0 && live.out().contains("running (pid") && live.out().contains(" s ago)"), live == null ? "no status" : live.transcript());
        assertTrue(live.out().contains("88.1001.31/WTR-0001234"), live.transcript());
        assertTrue(live.out().contains("anchoring off (no mqtt: section"), live.transcript());

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

    /** Registration on first run; calibration and retirement when the config changes; the chain keeps the rules. */
    @Test
    void run_registersDeclaredSensors_thenSealsCalibrationAndRetirementFromConfigChanges() throws Exception {
        Path cfg = config(SIMULATED);
        Path data = dir.resolve("data");
        Cli.Result first = Cli.run("run", "--config", cfg.toString(), "--duration", "1500ms");
        assertEquals(0, first.code(), first.transcript());
        assertTrue(first.out().contains("sealing 2 registry entries"), first.transcript());

        String changed = SIMULATED
                .replace("      amplitude: 3\n", "      amplitude: 3\n    calibration:\n      offset: 0.5\n      scale: 1\n"
                        + "      by: zhang.min\n      at: 2026-11-01\n")
                .replace("      decimals: 3\n", "      decimals: 3\n    status: retired\n");
        Files.writeString(cfg, Files.readString(cfg).replace(SIMULATED, changed));
        Cli.Result second = Cli.run("run", "--config", cfg.toString(), "--duration", "1500ms");
        assertEquals(0, second.code(), second.transcript());
        assertTrue(second.out().contains("sealing 2 registry entries"), second.transcript());
        Cli.Result third = Cli.run("run", "--config", cfg.toString(), "--duration", "500ms");
        assertTrue(!third.out().contains("registry entries"), "nothing left to reconcile: " + third.transcript());

        Cli.Result list = Cli.run("sensors", "list", "--data", data.toString());
        assertEquals(0, list.code(), list.transcript());
        assertTrue(list.out().matches("(?s).*88\\.1001\\.31/TMP-0001\\s+active\\s+simulated.*x 1 \\+ 0\\.5 by zhang\\.min.*"), list.transcript());
        assertTrue(list.out().matches("(?s).*88\\.1001\\.31/WTR-0001234\\s+retired.*2 sensors.*"), list.transcript());
        Cli.Result show = Cli.run("sensors", "show", "88.1001.31/WTR-0001234", "--data", data.toString());
        assertEquals(0, show.code(), show.transcript());
        assertTrue(show.out().contains("\"retirementReason\" : \"retired in the gateway configuration\""), show.transcript());
        Cli.Result unknown = Cli.run("sensors", "show", "88.1001.31/NOPE-1", "--data", data.toString());
        assertEquals(1, unknown.code(), unknown.transcript());

        var id = cn.bsnedge.agent.keys.GatewayKeyFile.load(cn.bsnedge.agent.keys.GatewayKeyFile.keyFile(data));
        try (var store = cn.bsnedge.agent.store.LogBlockStore.openExisting(data.resolve("store"), id.gatewayId(), id.key().publicKey())) {
            // Fold every entry of the chain, readings included: the registry rules hold throughout.
            java.util.List<cn.bsnedge.ledger.entry.Entry> all = new java.util.ArrayList<>();
            store.forEachBlock(0, store.size(), b -> {
                for (byte[] e : b.entries()) {
                    try {
                        all.add(cn.bsnedge.ledger.entry.EntryCodec.decode(e));
                    } catch (cn.bsnedge.ledger.codec.FormatException ex) {
                        throw new AssertionError(ex);
                    }
                }
                return true;
            });
            var registry = cn.bsnedge.ledger.registry.SensorRegistry.fold(all);
            var tmp = registry.state(cn.bsnedge.ledger.entry.SensorCode.of("88.1001.31/TMP-0001")).orElseThrow();
            var wtr = registry.state(cn.bsnedge.ledger.entry.SensorCode.of("88.1001.31/WTR-0001234")).orElseThrow();
            assertEquals(cn.bsnedge.ledger.registry.SensorState.Status.ACTIVE, tmp.status());
            assertEquals(new java.math.BigDecimal("0.5"), tmp.calibration().offset().toBigDecimal());
            assertEquals(cn.bsnedge.ledger.registry.SensorState.Status.RETIRED, wtr.status());
            long wtrReadingsAfterRetirement = all.stream().filter(e -> e instanceof cn.bsnedge.ledger.entry.Reading
                    && e.sensor().equals(wtr.registration().sensor()) && e.seq() > wtr.retirement().orElseThrow().seq()).count();
            assertEquals(0, wtrReadingsAfterRetirement);
        }
    }

    /** A running agent picks up sensor changes in its config file: no restart. */
    @Test
    void run_whileRunning_picksUpANewSensorARecalibrationAndARetirement() throws Exception {
        Path cfg = config(SIMULATED);
        Path data = dir.resolve("data");
        Path registryFile = data.resolve("registry.json");
        Path stopFile = dir.resolve("stop");
        CompletableFuture<Cli.Result> running = RunningAgent.start("run", "--config", cfg.toString(), "--duration", "90s",
                "--stop-file", stopFile.toString(), "--reload-every", "100ms");
        RunningAgent.await("for the two registrations", () -> registryEntries(registryFile) >= 2, running);
        String changed = SIMULATED
                .replace("      amplitude: 3\n", "      amplitude: 3\n    calibration:\n      offset: 0.5\n      scale: 1\n"
                        + "      by: zhang.min\n      at: 2026-11-01\n")
                .replace("      decimals: 3\n", "      decimals: 3\n    status: retired\n")
                + "  - code: 88.1001.31/HUM-0009\n    driver: simulated\n    interval: 100ms\n    options:\n"
                + "      quantity: humidity\n      unit: \"%RH\"\n      base: 50\n";
        // Replaced whole, as an editor saving the file does: a reload never sees it half written.
        Path next = dir.resolve("gateway.yaml.new");
        Files.writeString(next, Files.readString(cfg).replace(SIMULATED, changed));
        Files.move(next, cfg, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        RunningAgent.await("for the new registration, the calibration and the retirement", () -> registryEntries(registryFile) >= 5,
                running);
        Cli.Result run = RunningAgent.stop(running, stopFile);
        assertEquals(0, run.code(), run.transcript());
        assertTrue(run.err().contains("sealed SensorRegistration of 88.1001.31/HUM-0009"), run.transcript());
        assertTrue(run.err().contains("sealed SensorCalibration of 88.1001.31/TMP-0001"), run.transcript());
        assertTrue(run.err().contains("sealed SensorRetirement of 88.1001.31/WTR-0001234"), run.transcript());

        Cli.Result list = Cli.run("sensors", "list", "--data", data.toString());
        assertTrue(list.out().matches("(?s).*HUM-0009\\s+active.*"), list.transcript());
        assertTrue(list.out().matches("(?s).*WTR-0001234\\s+retired.*"), list.transcript());
        Cli.Result check = Cli.run("check", "--data", data.toString(), "--quiet");
        assertEquals(0, check.code(), check.transcript());
        assertTrue(check.out().contains("registry: 3 sensors; every entry follows the registry rules"), check.transcript());
        Cli.Result proof = Cli.run("proof", "--data", data.toString(), "--sensor", "88.1001.31/HUM-0009", "--seq", "2");
        assertEquals(0, proof.code(), "the new sensor's first reading was sealed: " + proof.transcript());
    }

    /** A chain from before sensor registration cannot be extended: registrations after its readings would break the rules. */
    @Test
    void run_onAPreRegistryChain_refusesToExtendIt_andSaysWhy() throws Exception {
        Path data = dir.resolve("data");
        var id = cn.bsnedge.agent.keys.GatewayKeyFile.loadOrCreate(data, cn.bsnedge.agent.store.Chains.GATEWAY,
                cn.bsnedge.ledger.crypto.CryptoSuite.ED25519_SHA256, new java.security.SecureRandom());
        cn.bsnedge.agent.store.Chains.build(data.resolve("store"), id.key(), 3, 4);
        Path cfg = config(SIMULATED);
        Files.writeString(cfg, Files.readString(cfg).replace("88.1001.31/GW-RUN-01", cn.bsnedge.agent.store.Chains.GATEWAY));
        Cli.Result r = Cli.run("run", "--config", cfg.toString(), "--duration", "1s");
        assertEquals(2, r.code(), r.transcript());
        assertTrue(r.err().contains("has 3 blocks but no registry entries") && r.err().contains("new data directory"), r.transcript());
        assertEquals(0, Cli.run("check", "--data", data.toString(), "--quiet").code(), "the old chain is left as it was");
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

    /** How many registry entries DATA/registry.json holds (0 while it does not exist); the agent replaces it whole. */
    private static int registryEntries(Path file) {
        try {
            return Files.exists(file) ? new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile()).path("entries").size() : 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
