package cn.bsnedge.agent.cli;

import cn.bsnedge.agent.keys.GatewayKeyFile;
import cn.bsnedge.agent.store.LogBlockStore;
import cn.bsnedge.agent.systemd.ServiceManager;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code bsn-edge run} tells systemd, and when: READY=1 only once it is really running. */
class RunUnderSystemdTest {

    @TempDir
    Path dir;

    private final List<String> sent = Collections.synchronizedList(new ArrayList<>());

    private Path config(String sensors) throws Exception {
        Path f = dir.resolve("gateway.yaml");
        Files.writeString(f, """
                gateway:
                  id: 88.1001.31/GW-SYSTEMD
                  dataDir: %s
                sealing:
                  maxReadings: 10
                  maxAge: 1s
                sensors:
                %s""".formatted(dir.resolve("data"), sensors));
        return f;
    }

    private static final String SIMULATED = """
              - code: 88.1001.31/TMP-0001
                driver: simulated
                interval: 100ms
                options:
                  quantity: temperature
                  unit: Cel
            """;

    private Cli.Result run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new RunCommand(env, log -> new Recording()));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Cli.Result(code, out.toString(), err.toString());
    }

    @Test
    void run_sendsReadyOnce_thenStatusAndWatchdogAtHalfTheInterval_thenStopping() throws Exception {
        Cli.Result r = run(Map.of("WATCHDOG_USEC", "400000"), "--config", config(SIMULATED).toString(), "--duration", "2s");
        assertEquals(0, r.code(), r.transcript());
        List<String> got = List.copyOf(sent);
        assertEquals("READY=1", got.getFirst(), got.toString());
        assertEquals(1, got.stream().filter("READY=1"::equals).count(), got.toString());
        assertEquals("STOPPING=1", got.getLast(), got.toString());
        long pings = got.stream().filter("WATCHDOG=1"::equals).count();
        // 2 s at a 200 ms period: about 10; a loaded machine may run a few late, never none. No upper
        // bound: a fixed-rate timer catches up after a stall, and a late stop adds pings.
        assertTrue(pings >= 3, pings + " pings: " + got);
        assertTrue(got.stream().anyMatch(s -> s.matches("STATUS=height \\d+, sensors 1/1 ok, anchor backlog n/a")), got.toString());
        assertTrue(got.stream().noneMatch(s -> s.contains("WEDGED")), got.toString());
    }

    @Test
    void withoutWatchdog_statusOnly_noPings() throws Exception {
        Cli.Result r = run(Map.of(), "--config", config(SIMULATED).toString(), "--duration", "500ms");
        assertEquals(0, r.code(), r.transcript());
        assertEquals("READY=1", sent.getFirst(), sent.toString());
        assertTrue(sent.stream().noneMatch("WATCHDOG=1"::equals), sent.toString());
        assertTrue(sent.stream().anyMatch(s -> s.startsWith("STATUS=height ")), sent.toString());
    }

    @Test
    void sensorDriverUnavailable_exits2_withoutReady() throws Exception {
        Cli.Result r = run(Map.of("WATCHDOG_USEC", "400000"), "--config", config("""
                  - code: 88.1001.31/TMP-0002
                    driver: bme280
                    bus: 29
                    address: 0x76
                """).toString(), "--duration", "1s");
        assertEquals(2, r.code(), r.transcript());
        assertEquals(List.of(), sent);
    }

    @Test
    void storeHeldByAnotherWriter_exits2_withoutReady() throws Exception {
        Path cfg = config(SIMULATED);
        Path data = dir.resolve("data");
        var id = GatewayKeyFile.loadOrCreate(data, "88.1001.31/GW-SYSTEMD", CryptoSuite.ED25519_SHA256, new SecureRandom());
        try (LogBlockStore held = LogBlockStore.openOrCreate(data.resolve("store"), id.gatewayId(), id.key().publicKey())) {
            Cli.Result r = run(Map.of("WATCHDOG_USEC", "400000"), "--config", cfg.toString(), "--duration", "1s");
            assertEquals(2, r.code(), r.transcript());
        }
        assertEquals(List.of(), sent);
    }

    private final class Recording implements ServiceManager {
        @Override
        public void ready() {
            sent.add("READY=1");
        }

        @Override
        public void status(String text) {
            sent.add("STATUS=" + text);
        }

        @Override
        public void watchdog() {
            sent.add("WATCHDOG=1");
        }

        @Override
        public void stopping() {
            sent.add("STOPPING=1");
        }

        @Override
        public boolean listening() {
            return true;
        }
    }
}
