package cn.bsnedge.agent.bench;

import cn.bsnedge.ledger.crypto.CryptoSuite;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Measure throughput and disk bytes per reading.",
            "",
            "For each suite and block size: durable appends through the agent's",
            "pipeline and one commit per block, against SHA-256 of the same encoded",
            "readings in the same run; bytes written per reading and per commit",
            "(/proc/self/io); bundle verifications per second. Prints the Markdown",
            "tables of docs/BENCHMARKS.md. Count fsyncs with bench/store-syscalls.sh.",
            ""})
public final class BenchCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--suites", split = ",", paramLabel = "SUITE", defaultValue = "ed25519-sha256,sm2-sm3,p256-sha256",
            description = "Suites to measure (default: ${DEFAULT-VALUE}).")
    List<String> suites;

    @Option(names = "--block-sizes", split = ",", paramLabel = "N", defaultValue = "1,100,1000",
            description = "Readings per block (default: ${DEFAULT-VALUE}).")
    List<Integer> blockSizes;

    @Option(names = "--readings", paramLabel = "N", defaultValue = "100000",
            description = "Readings per run, capped at 2000 blocks per run (default: ${DEFAULT-VALUE}).")
    int readings;

    @Option(names = "--sensors", paramLabel = "N", defaultValue = "50", description = "Distinct sensors (default: ${DEFAULT-VALUE}).")
    int sensors;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where to put the scratch stores; use the gateway's real disk (default: a temp dir under java.io.tmpdir).")
    Path dir;

    @Option(names = "--commits-only", paramLabel = "BLOCKS",
            description = "Only append BLOCKS blocks of --block-sizes readings, one commit each, and exit: for counting syscalls under strace.")
    Integer commitsOnly;

    @Option(names = "--verify-bundles", paramLabel = "N", defaultValue = "3000",
            description = "Bundles to verify per suite; 0 skips (default: ${DEFAULT-VALUE}).")
    int verifyBundles;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path scratch = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("bsn-edge-bench");
        if (commitsOnly != null) {
            CryptoSuite suite = CryptoSuite.fromLabel(suites.getFirst().trim());
            int size = blockSizes.getFirst();
            StoreBench.appendOnly(scratch, suite, size, new StoreBench.Stream(sensors, 42), commitsOnly);
            out.printf("appended %d blocks of %d readings (%s), one commit each%n", commitsOnly, size, suite.label());
            return 0;
        }
        out.printf("# bsn-edge bench: %d sensors, scratch %s (%s), %d cores, max heap %d MiB, %s%n", sensors, scratch,
                Files.getFileStore(scratch).type(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.version"));
        out.println();
        out.println("| suite | readings/block | readings | durable readings/s, agent path | ratio to bound | blocks / commits | one commit per block: readings/s | written B/reading | written B/commit | block-device B/reading | seal only/s | SHA-256 bound/s | encoded B/reading |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String label : suites) {
            CryptoSuite suite = CryptoSuite.fromLabel(label.trim());
            for (int size : blockSizes) {
                long n = Math.min(readings, (long) size * 2000);
                StoreBench.Stream stream = new StoreBench.Stream(sensors, 42);
                // Warm-up: the JIT compiles the hot path before the measured run (JMH-style).
                StoreBench.run(scratch, suite, size, stream, Math.min(n, Math.max(size * 50L, 20_000L)));
                StoreBench.Result r = StoreBench.run(scratch, suite, size, stream, n);
                long serialCommits = (r.readings() + size - 1) / size;
                out.printf("| %s | %d | %d | %,.0f | %.1f%% | %d / %d | %,.0f | %.1f | %,.0f | %s | %,.0f | %,.0f | %.1f |%n",
                        suite.label(), size, r.readings(), r.readingsPerSecond(), 100 * r.readingsPerSecond() / r.boundPerSecond(),
                        r.blocks(), r.commits(), r.serialPerSecond(),
                        (double) r.serialIo().wchar() / r.readings(), (double) r.serialIo().wchar() / serialCommits,
                        r.serialIo().writeBytes() <= 0 ? "n/a" : String.format("%.1f", (double) r.serialIo().writeBytes() / r.readings()),
                        r.sealPerSecond(), r.boundPerSecond(), r.avgEncodedBytes());
                out.flush();
            }
        }
        if (verifyBundles > 0) {
            out.println();
            out.println("| suite | bundle verifications/s (parse + entry + inclusion + header + signature) |");
            out.println("|---|---:|");
            for (String label : suites) {
                CryptoSuite suite = CryptoSuite.fromLabel(label.trim());
                out.printf("| %s | %,.0f |%n", suite.label(), StoreBench.verifyRate(suite, verifyBundles));
                out.flush();
            }
        }
        if (dir == null) {
            Files.deleteIfExists(scratch);
        }
        return 0;
    }
}
