package cn.bsnedge.agent.systemd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bsn-edge run} in a child JVM started as systemd would start it (NOTIFY_SOCKET,
 * WATCHDOG_USEC, WATCHDOG_PID unset): the datagrams on the socket, end to end through libsystemd.
 */
class RunNotifiesSystemdTest {

    @TempDir
    Path dir;

    @Test
    void run_underNotifySocket_readyStatusWatchdogStopping() throws Exception {
        Path cfg = dir.resolve("gateway.yaml");
        Files.writeString(cfg, """
                gateway:
                  id: 88.1001.31/GW-NOTIFY
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
        try (UnixDatagramSocket socket = new UnixDatagramSocket(dir.resolve("notify"), Duration.ofSeconds(30))) {
            ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                    "-Xmx64m", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), "cn.bsnedge.agent.cli.Main",
                    "run", "--config", cfg.toString(), "--duration", "3s").redirectErrorStream(true);
            pb.environment().put("NOTIFY_SOCKET", socket.path().toString());
            pb.environment().put("WATCHDOG_USEC", "1000000");
            pb.environment().remove("WATCHDOG_PID");
            Process p = pb.start();
            p.getOutputStream().close();
            List<String> got = new ArrayList<>();
            for (Optional<String> d; (d = socket.receive()).isPresent(); ) {
                got.add(d.get());
                if (d.get().equals("STOPPING=1")) {
                    break;
                }
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
            assertEquals(0, p.exitValue(), out);
            assertEquals("READY=1", got.getFirst(), got + "\n" + out);
            assertEquals("STOPPING=1", got.getLast(), got + "\n" + out);
            assertTrue(got.contains("WATCHDOG=1"), got + "\n" + out);
            assertTrue(got.stream().anyMatch(s -> s.matches("STATUS=height \\d+, sensors 1/1 ok, anchor backlog n/a")), got.toString());
        }
    }
}
