package cn.bsnedge.agent.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sensors add | calibrate | retire}: against a stopped data directory, a running agent, and bad input. */
class SensorsChangeCommandsTest {

    @TempDir
    Path dir;

    private Path data() {
        return dir.resolve("data");
    }

    private Path fieldFile() {
        return data().resolve("sensors.yaml");
    }

    /** gateway.yaml with one simulated sensor, and a bme280 (never run) when {@code withBme} holds. */
    private Path config(boolean withBme) throws Exception {
        Path f = dir.resolve("gateway.yaml");
        Files.writeString(f, """
                gateway:
                  id: 88.1001.31/GW-CLI-01
                  dataDir: %s
                sealing:
                  maxReadings: 20
                  maxAge: 1s
                clock:
                  source: none
                sensors:
                  - code: 88.1001.31/TMP-0001
                    driver: simulated
                    interval: 100ms
                    options:
                      quantity: temperature
                      unit: Cel
                %s""".formatted(data(), withBme ? """
                  - code: 88.1001.31/AIR-0001
                    driver: bme280
                    address: 0x76
                """ : ""));
        return f;
    }

    private static String[] add(Path cfg, String code, String... more) {
        String[] base = {"sensors", "add", code, "--driver", "simulated", "--interval", "100ms", "--option", "quantity=humidity",
                "--option", "unit=%RH", "--option", "base=50", "--engineer", "li.wei", "--config", cfg.toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void addCalibrateRetire_onAStoppedAgent_sealEachChangeDirectly_andTheNextRunSamplesTheNewSensor() throws Exception {
        Path cfg = config(false);
        assertEquals(0, Cli.run("run", "--config", cfg.toString(), "--duration", "300ms").code()); // the chain exists

        Cli.Result add = Cli.run(add(cfg, "88.1001.31/HUM-0007", "--lat", "31.2304", "--lon", "121.4737", "--where", "pump house 3"));
        assertEquals(0, add.code(), add.transcript());
        assertTrue(add.out().contains("sealed SensorRegistration of 88.1001.31/HUM-0007 at seq 1 in block"), add.transcript());
        assertTrue(Files.readString(fieldFile()).contains("code: \"88.1001.31/HUM-0007\""), Files.readString(fieldFile()));

        Cli.Result run = Cli.run("run", "--config", cfg.toString(), "--duration", "700ms");
        assertEquals(0, run.code(), run.transcript());
        assertFalse(run.out().contains("registry entries"), "already sealed, nothing to reconcile: " + run.transcript());
        Cli.Result proof = Cli.run("proof", "--data", data().toString(), "--sensor", "88.1001.31/HUM-0007", "--seq", "2");
        assertEquals(0, proof.code(), "the next run read the sensor the command added: " + proof.transcript());

        Cli.Result cal = Cli.run("sensors", "calibrate", "88.1001.31/HUM-0007", "--offset", "-1.5", "--calibrated-by", "zhang.min",
                "--calibrated-at", "2026-11-20", "--reason", "annual check, ticket 4411", "--config", cfg.toString());
        assertEquals(0, cal.code(), cal.transcript());
        assertTrue(cal.out().contains("sealed SensorCalibration of 88.1001.31/HUM-0007 at seq"), cal.transcript());
        Cli.Result show = Cli.run("sensors", "show", "88.1001.31/HUM-0007", "--data", data().toString());
        assertTrue(show.out().contains("\"offset\" : \"-1.5\"") && show.out().contains("\"by\" : \"zhang.min\""), show.transcript());
        assertTrue(show.out().contains("\"locationDescription\" : \"pump house 3\""), show.transcript());

        Cli.Result retire = Cli.run("sensors", "retire", "88.1001.31/HUM-0007", "--reason", "replaced by HUM-0008",
                "--config", cfg.toString());
        assertEquals(0, retire.code(), retire.transcript());
        assertTrue(retire.out().contains("sealed SensorRetirement of 88.1001.31/HUM-0007"), retire.transcript());
        show = Cli.run("sensors", "show", "88.1001.31/HUM-0007", "--data", data().toString());
        assertTrue(show.out().contains("\"retirementReason\" : \"replaced by HUM-0008\""), show.transcript());

        Cli.Result again = Cli.run("sensors", "retire", "88.1001.31/HUM-0007", "--reason", "x", "--config", cfg.toString());
        assertEquals(2, again.code(), again.transcript());
        assertTrue(again.err().contains("is retired"), again.transcript());
        Cli.Result reuse = Cli.run(add(cfg, "88.1001.31/HUM-0007"));
        assertEquals(2, reuse.code(), reuse.transcript());
        assertTrue(reuse.err().contains("88.1001.31/HUM-0007 is already"), reuse.transcript());

        Cli.Result check = Cli.run("check", "--data", data().toString(), "--quiet");
        assertEquals(0, check.code(), check.transcript());
        assertTrue(check.out().contains("registry: 2 sensors; every entry follows the registry rules"), check.transcript());
    }

    @Test
    void add_withNoChainYet_writesTheDeclaration_andTheFirstRunRegistersIt() throws Exception {
        Path cfg = config(false);
        Cli.Result add = Cli.run(add(cfg, "88.1001.31/HUM-0001"));
        assertEquals(0, add.code(), add.transcript());
        assertTrue(add.out().contains("no chain in"), add.transcript());
        Cli.Result run = Cli.run("run", "--config", cfg.toString(), "--duration", "500ms");
        assertEquals(0, run.code(), run.transcript());
        assertTrue(run.out().contains("sealing 2 registry entries"), run.transcript());
        assertEquals(0, Cli.run("proof", "--data", data().toString(), "--sensor", "88.1001.31/HUM-0001", "--seq", "2").code());
    }

    /** The agent holds the store: the command writes sensors.yaml and the agent's reload seals it and starts the sensor. */
    @Test
    void addAndCalibrate_whileTheAgentRuns_areSealedByTheAgent_withoutARestart() throws Exception {
        Path cfg = config(false);
        Path registry = data().resolve("registry.json");
        Path stopFile = dir.resolve("stop");
        CompletableFuture<Cli.Result> running = RunningAgent.start("run", "--config", cfg.toString(), "--duration", "90s",
                "--stop-file", stopFile.toString(), "--reload-every", "100ms");
        RunningAgent.awaitFile(registry, running); // the agent has sealed its own registration
        Cli.Result add = Cli.run(add(cfg, "88.1001.31/HUM-0009", "--wait", "30s"));
        assertEquals(0, add.code(), add.transcript());
        assertTrue(add.out().contains("sealed by the running agent: SensorRegistration of 88.1001.31/HUM-0009 at seq 1"), add.transcript());
        Cli.Result cal = Cli.run("sensors", "calibrate", "88.1001.31/HUM-0009", "--scale", "1.02", "--calibrated-by", "zhang.min",
                "--config", cfg.toString(), "--wait", "30s");
        assertEquals(0, cal.code(), cal.transcript());
        assertTrue(cal.out().contains("sealed by the running agent: SensorCalibration of 88.1001.31/HUM-0009"), cal.transcript());

        Thread.sleep(1000); // let the added sensor take a few readings (100 ms interval) before the stop
        Cli.Result run = RunningAgent.stop(running, stopFile);
        assertEquals(0, run.code(), run.transcript());
        assertEquals(0, Cli.run("proof", "--data", data().toString(), "--sensor", "88.1001.31/HUM-0009", "--seq", "2").code(),
                "the agent read the added sensor without a restart");
        Cli.Result check = Cli.run("check", "--data", data().toString(), "--quiet");
        assertEquals(0, check.code(), check.transcript());
    }

    @Test
    void add_badInput_isRefusedWithTheOptionNamed_andNothingIsWritten() throws Exception {
        Path cfg = config(true);
        expectRefused(new String[] {"sensors", "add", "88.1001.31/AIR-0002", "--driver", "bme28", "--engineer", "x", "--config", cfg.toString()},
                "sensors add --driver: 'bme28' is not one of", "did you mean `bme280`?");
        expectRefused(new String[] {"sensors", "add", "88.1001.31/AIR-0002", "--driver", "bme280", "--address", "0x76",
                "--engineer", "x", "--config", cfg.toString()},
                "sensors add --address: 88.1001.31/AIR-0002 and sensors[1] 88.1001.31/AIR-0001 (in " + cfg + ":18) both use I2C bus 1 address 0x76");
        expectRefused(new String[] {"sensors", "add", "88.1001.31/AIR-0002", "--driver", "bme280", "--address", "0x99",
                "--engineer", "x", "--config", cfg.toString()}, "sensors add --address: 0x99 is");
        expectRefused(new String[] {"sensors", "add", "88.1001.31/AIR-0001", "--driver", "bme280", "--address", "0x77",
                "--engineer", "x", "--config", cfg.toString()}, "88.1001.31/AIR-0001 is already declared in " + cfg + ":16");
        expectRefused(new String[] {"sensors", "add", "WTR-12", "--driver", "simulated", "--engineer", "x", "--config", cfg.toString()},
                "CODE 'WTR-12'");
        expectRefused(new String[] {"sensors", "add", "88.1001.31/P-1", "--driver", "simulated", "--option", "wavefrom=sine",
                "--engineer", "x", "--config", cfg.toString()}, "sensors add --option wavefrom:");
        expectRefused(new String[] {"sensors", "calibrate", "88.1001.31/TMP-0001", "--offset", "1", "--calibrated-by", "x",
                "--config", cfg.toString()}, "88.1001.31/TMP-0001 is declared in " + cfg + ":10; change its calibration: block there");
        expectRefused(new String[] {"sensors", "retire", "88.1001.31/NOPE-1", "--reason", "gone", "--config", cfg.toString()},
                "88.1001.31/NOPE-1 is not declared on this gateway");
    }

    /** A CoAP push sensor gets its DTLS key with the registration; the key goes to the PSK store, never into the chain or sensors.yaml. */
    @Test
    void add_coapPushSensor_withAGeneratedPsk_keepsTheKeyInThePskStoreOnly() throws Exception {
        Path cfg = config(false);
        String[] base = {"sensors", "add", "88.1001.31/TMP-0101", "--driver", "coap", "--option", "quantity=temperature",
                "--option", "unit=Cel", "--engineer", "li.wei", "--config", cfg.toString()};
        String[] tooShort = java.util.Arrays.copyOf(base, base.length + 2);
        tooShort[base.length] = "--psk";
        tooShort[base.length + 1] = "hex:0011";
        expectRefused(tooShort, "sensors add --psk: is 2 bytes; want 16 to 64");

        String[] generate = java.util.Arrays.copyOf(base, base.length + 2);
        generate[base.length] = "--psk";
        generate[base.length + 1] = "generate";
        Cli.Result r = Cli.run(generate);
        assertEquals(0, r.code(), r.transcript());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("shown once\\): ([A-Za-z0-9]{22})").matcher(r.out());
        assertTrue(m.find(), r.transcript());
        var psk = new cn.bsnedge.agent.coap.PskStore(data(), new java.security.SecureRandom())
                .get(cn.bsnedge.ledger.entry.SensorCode.of("88.1001.31/TMP-0101")).orElseThrow();
        assertEquals(m.group(1), new String(psk, java.nio.charset.StandardCharsets.US_ASCII));
        assertFalse(Files.readString(fieldFile()).contains(m.group(1)), "the key is not in sensors.yaml");
    }

    /** A sensors.yaml item that clashes with gateway.yaml is reported at both ends, each with its file and line. */
    @Test
    void configCheck_readsSensorsYamlBesideTheConfig_andNamesBothFilesInAClash() throws Exception {
        Path cfg = config(true);
        Files.createDirectories(data());
        Files.writeString(fieldFile(), """
                sensors:
                  - code: 88.1001.31/AIR-0009
                    driver: bme280
                    engineer: li.wei
                """);
        Cli.Result check = Cli.run("config", "check", "--config", cfg.toString());
        assertEquals(2, check.code(), check.transcript());
        assertTrue(check.out().contains(fieldFile() + ":2 sensors[0].address: 88.1001.31/AIR-0009 and sensors[1] 88.1001.31/AIR-0001 (in "
                + cfg + ":18) both use I2C bus 1 address 0x76 (address left out, so the default)"), check.transcript());
    }

    private void expectRefused(String[] args, String... messages) throws Exception {
        String before = Files.exists(fieldFile()) ? Files.readString(fieldFile()) : null;
        Cli.Result r = Cli.run(args);
        assertEquals(2, r.code(), r.transcript());
        for (String m : messages) {
            assertTrue(r.err().contains(m), "want '" + m + "' in\n" + r.transcript());
        }
        assertEquals(before, Files.exists(fieldFile()) ? Files.readString(fieldFile()) : null, "nothing written");
    }
}
