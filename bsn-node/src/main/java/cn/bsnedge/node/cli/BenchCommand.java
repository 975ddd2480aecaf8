package cn.bsnedge.node.cli;

import cn.bsnedge.node.bench.NodeBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the node on this machine, one thread (figures in docs/BENCHMARKS.md).",
        subcommands = {BenchCommand.Verify.class, BenchCommand.Audit.class})
final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Anchors verified per second on one core: decode + signature + consistency proof against",
                "the recorded head (AnchorCheck), then the same with the file ledger (fsync per anchor) and receipts."})
    static final class Verify implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--anchors", defaultValue = "20000", description = "Anchors to verify (default: ${DEFAULT-VALUE}).")
        int anchors;

        @Option(names = "--gateways", defaultValue = "100", description = "Gateways they come from (default: ${DEFAULT-VALUE}).")
        int gateways;

        @Option(names = "--suite", defaultValue = "ed25519-sha256", description = "Gateway and node suite (default: ${DEFAULT-VALUE}).")
        String suite;

        @Option(names = "--blocks-per-anchor", defaultValue = "10", description = "Blocks between two anchors of a gateway (default: ${DEFAULT-VALUE}).")
        int blocksPerAnchor;

        @Option(names = "--ledger-anchors", defaultValue = "2000", description = "Of those, recorded through the file ledger (default: ${DEFAULT-VALUE}).")
        int ledgerAnchors;

        @Override
        public Integer call() throws Exception {
            NodeBench.verify(spec.commandLine().getOut(), anchors, gateways, suite, blocksPerAnchor, ledgerAnchors);
            return 0;
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = "Block-stream audit throughput in readings per second on one core (archive read, verification, chain, anchors).")
    static final class Audit implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--blocks", defaultValue = "2000", description = "Blocks in the archive (default: ${DEFAULT-VALUE}).")
        int blocks;

        @Option(names = "--readings", defaultValue = "100", description = "Readings per block (default: ${DEFAULT-VALUE}).")
        int readings;

        @Option(names = "--suite", defaultValue = "ed25519-sha256", description = "Gateway suite (default: ${DEFAULT-VALUE}).")
        String suite;

        @Override
        public Integer call() throws Exception {
            NodeBench.audit(spec.commandLine().getOut(), blocks, readings, suite);
            return 0;
        }
    }
}
