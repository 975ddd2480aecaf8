package cn.bsnedge.agent.cli;

import cn.bsnedge.agent.config.ConfigException;
import cn.bsnedge.agent.config.ConfigLoader;
import cn.bsnedge.agent.config.ConfigSchema;
import cn.bsnedge.agent.keys.GatewayKeyFile.GatewayIdentity;
import cn.bsnedge.agent.status.GatewayStatus;
import cn.bsnedge.agent.status.StatusFile;
import cn.bsnedge.agent.store.LogBlockStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Show the gateway's state: chain, rates, sensors, disk, clock.",
            "",
            "For a running agent, reads the status it writes every few seconds to",
            "DATA/run/status.json; for a stopped one, opens the store and shows the",
            "chain. --json prints the same as one JSON object for scripts.",
            "",
            "  bsn-edge status --config /etc/bsn-edge/gateway.yaml",
            "  bsn-edge status --data demo-data --json",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the agent is running and its status is fresh", "1:the agent is not running, or its status is stale",
                "2:no data directory or configuration"})
final class StatusCommand implements Callable<Integer> {

    /** Status older than this means the agent is wedged or gone: three writes missed. */
    static final Duration STALE = Duration.ofSeconds(3L * RunCommand.STATUS_EVERY_SECONDS);

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "Gateway data directory (instead of --config).")
    Path data;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = ConfigSchema.DEFAULT_FILE,
            description = "Configuration file naming the data directory (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--json", description = "One JSON object instead of the table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = data;
        if (dir == null) {
            try {
                dir = ConfigLoader.load(config).gateway().dataDir();
            } catch (ConfigException e) {
                e.problems().forEach(p -> err.println("config " + p));
                return 2;
            }
        }
        if (!Files.isDirectory(dir.resolve("store"))) {
            err.println("status: no store in " + dir + " (has the agent ever run there?)");
            return 2;
        }
        boolean running = cn.bsnedge.agent.store.StoreLock.held(dir.resolve("store"));
        Optional<GatewayStatus> st = running ? new StatusFile(dir).read() : Optional.empty();
        if (running && st.isPresent()) {
            GatewayStatus s = st.get();
            Duration age = Duration.between(Instant.parse(s.writtenAt()), Instant.now());
            boolean stale = age.compareTo(STALE) > 0;
            if (json) {
                out.println(StatusFile.toJson(s).replace("\n", System.lineSeparator()));
            } else {
                print(out, s, stale ? "RUNNING, but its status is " + age.toSeconds() + " s old: is it wedged?"
                        : "running (pid " + s.pid() + "; as of " + Math.max(0, age.toSeconds()) + " s ago)");
            }
            return stale ? 1 : 0;
        }
        // Stopped (or starting): the chain itself is the status.
        GatewayIdentity id;
        try {
            id = StoreAccess.identity(new DataDir(dir));
        } catch (StoreAccess.Unusable e) {
            err.println("status: " + e.getMessage());
            return 2;
        }
        if (running) {
            out.println("status: the agent holds the store but has not written its status yet (starting?)");
            return 1;
        }
        try (LogBlockStore store = StoreAccess.store(new DataDir(dir), id)) {
            var head = store.head();
            GatewayStatus s = new GatewayStatus(Instant.now().toString(), 0, id.gatewayId(), id.key().suite().label(),
                    head.nextHeight(), head.nextHeight() == 0 ? "" : HexFormat.of().formatHex(head.headHash()), 0, 0, 0,
                    StatusReporter.directorySize(dir.resolve("store")), StatusReporter.freeBytes(dir), "", 0, "", List.of(), null);
            if (json) {
                out.println(StatusFile.toJson(s));
            } else {
                print(out, s, "stopped");
            }
        }
        return 1;
    }

    private static void print(PrintWriter out, GatewayStatus s, String state) {
        out.printf("gateway   %s (%s), %s%n", s.gatewayId(), s.suite(), state);
        out.printf("chain     height %d, head %s%n", s.height(), s.headHash().isEmpty() ? "(empty)" : s.headHash());
        out.printf("rate      %.0f readings/min, %.1f blocks/min, %d readings dropped since start%n",
                s.readingsPerMinute(), s.blocksPerMinute(), s.droppedReadings());
        out.printf("disk      store %s, %s free%n", mib(s.storeBytes()), mib(s.freeDiskBytes()));
        if (!s.clock().isEmpty()) {
            out.printf("clock     %s; %d backward steps since start%s%n", s.clock(), s.backwardClockJumps(),
                    s.lastClockJump().isEmpty() ? "" : "; last step " + s.lastClockJump());
        }
        if (s.anchor() != null) {
            var a = s.anchor();
            out.printf("anchoring link %s; %d of %d blocks anchored%s%s%n", a.link(), a.anchoredSize(), a.chainBlocks(),
                    a.backlogBlocks() > 0 ? ", " + a.backlogBlocks() + " waiting" : "",
                    a.anchoredSize() > 0 ? "; last receipt #" + a.receiptLedgerSeq() + " from " + a.receiptNode() + " at "
                            + a.receiptRecordedAt() : "");
            if (!a.lastRejection().isEmpty()) {
                out.printf("          last rejection: %s%n", a.lastRejection());
            }
            if (a.halted() || !a.alarms().isEmpty()) {
                out.printf("          ALARM%s: %s%n", a.halted() ? " (anchoring stopped; see docs/ANCHOR.md)" : "",
                        String.join("; ", a.alarms()));
            }
        } else {
            out.printf("anchoring off (no mqtt: section in the configuration)%n");
        }
        if (!s.sensors().isEmpty()) {
            out.printf("%n%-31s %-10s %9s %9s %9s %8s  %s%n", "SENSOR", "DRIVER", "LAST SEQ", "READS OK", "FAILURES", "SKIPPED", "LAST ERROR");
            for (GatewayStatus.Sensor x : s.sensors()) {
                out.printf("%-31s %-10s %9d %9d %9d %8d  %s%n", x.code(), x.driver(), x.lastSeq(), x.readsOk(),
                        x.failures(), x.skippedDeadlines(), x.lastError());
            }
        }
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "?" : String.format("%.1f MiB", bytes / 1048576.0);
    }
}
