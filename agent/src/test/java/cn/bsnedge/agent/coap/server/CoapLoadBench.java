package cn.bsnedge.agent.coap.server;

import cn.bsnedge.agent.coap.PskStore;
import cn.bsnedge.agent.pipeline.PushIntake;
import cn.bsnedge.agent.pipeline.PushIntake.Standing;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.entry.SensorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: the measurement behind docs/BENCHMARKS.md "CoAP ingestion", run by
 * {@code bench/coap-load.sh} (COAP_BENCH=1). The gateway side (DTLS, CoAP, SenML decoding, the
 * push intake with its seqs and stamps) runs here; the client runs in a child JVM, so this
 * JVM's CPU time over the load window is the gateway's alone. Readings are counted, not sealed:
 * sealing and storing cost what docs/BENCHMARKS.md §5 measures, on top.
 */
@EnabledIfEnvironmentVariable(named = "COAP_BENCH", matches = "1")
class CoapLoadBench {

    @Test
    void dtlsSenmlIngestion(@TempDir Path data) throws Exception {
        int seconds = Integer.parseInt(System.getenv().getOrDefault("COAP_BENCH_SECONDS", "20"));
        int records = Integer.parseInt(System.getenv().getOrDefault("COAP_BENCH_RECORDS", "10"));
        int window = Integer.parseInt(System.getenv().getOrDefault("COAP_BENCH_WINDOW", "16"));
        SensorCode code = SensorCode.of("88.1001.31/TMP-0001");
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        AtomicLong readings = new AtomicLong();
        PushIntake intake = new PushIntake(r -> readings.incrementAndGet() > 0, c -> new Standing(Standing.Status.ACTIVE, true, 0),
                c -> 0, () -> Integer.MAX_VALUE, InstantSource.system(), () -> ClockQuality.SYNCED, m -> { });
        PskStore keys = new PskStore(data, new SecureRandom());
        keys.set(code, key);
        try (CoapGatewayServer server = new CoapGatewayServer(new CoapGatewayServer.Listen(new InetSocketAddress("127.0.0.1", 0), null,
                65_536, 1_000_000), intake, keys, Map.of(code, Duration.ofMillis(1)),
                () -> new CoapStatus("88.1001.31/GW-0001", 0, "none", "synced", List.of()), System::nanoTime, m -> { })) {
            server.start();
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                    "-cp", System.getProperty("java.class.path"), CoapLoadClient.class.getName(),
                    "coaps://127.0.0.1:" + server.dtlsAddress().getPort() + "/readings", code.value(), HexFormat.of().formatHex(key),
                    Integer.toString(seconds), Integer.toString(records), Integer.toString(window)).redirectErrorStream(true);
            Process client = pb.start();
            Thread.sleep(3000); // client JVM start and handshake, outside the window
            long cpu0 = os.getProcessCpuTime();
            long n0 = readings.get();
            long t0 = System.nanoTime();
            if (!client.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
                client.destroyForcibly().waitFor();
            }
            long t1 = System.nanoTime();
            long cpu1 = os.getProcessCpuTime();
            long n = readings.get() - n0;
            String out = new String(client.getInputStream().readAllBytes());
            System.out.printf("COAP-BENCH records/pack=%d window=%d: %d readings in %.1f s = %.0f readings/s, %.0f packs/s;"
                            + " gateway CPU %.2f s = %.1f us per reading; client: %s%n", records, window, n, (t1 - t0) / 1e9,
                    n / ((t1 - t0) / 1e9), n / (double) records / ((t1 - t0) / 1e9), (cpu1 - cpu0) / 1e9,
                    (cpu1 - cpu0) / 1e3 / Math.max(1, n), out.strip().lines().reduce((a, b) -> b).orElse(""));
        }
    }
}
