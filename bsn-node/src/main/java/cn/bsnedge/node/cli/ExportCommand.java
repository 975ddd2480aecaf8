package cn.bsnedge.node.cli;

import cn.bsnedge.ledger.bundle.BundleFormatException;
import cn.bsnedge.node.audit.CityAudit;
import cn.bsnedge.node.config.NodeConfig;
import cn.bsnedge.node.export.ReadingExport;
import cn.bsnedge.node.ledger.LedgerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Write verified readings as CSV or JSON Lines.",
            "",
            "Reads the archived block telemetry, per gateway in height order. Blocks that",
            "fail verification or are forked are skipped and counted (bsn-node audit says",
            "why). A progress line goes to stderr every --progress-every.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written, nothing skipped", "1:written, some blocks skipped", "2:unreadable data or usage error"})
final class ExportCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    DataDir data;

    @Option(names = "--format", paramLabel = "csv|jsonl", defaultValue = "csv", description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--gateway", paramLabel = "ID", description = "Export this gateway only.")
    String gateway;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of stdout.")
    Path outFile;

    @Option(names = "--progress-every", paramLabel = "DURATION", defaultValue = "2s", description = "Progress line interval (default: ${DEFAULT-VALUE}).")
    String progressEvery;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        ReadingExport.Format f;
        long every;
        CityAudit city;
        try {
            f = switch (format) {
                case "csv" -> ReadingExport.Format.CSV;
                case "jsonl" -> ReadingExport.Format.JSONL;
                default -> throw new IllegalArgumentException("--format: '" + format + "' is not csv or jsonl");
            };
            every = NodeConfig.parseDuration(progressEvery, "--progress-every").toMillis();
            city = CityAudit.open(data.dir);
        } catch (IllegalArgumentException | LedgerException | BundleFormatException e) {
            err.println("export: " + e.getMessage());
            return 2;
        }
        List<String> ids = gateway != null ? List.of(gateway) : city.gateways();
        Writer w = outFile != null ? Files.newBufferedWriter(outFile, StandardCharsets.UTF_8)
                : new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        ReadingExport.Totals t;
        try {
            ReadingExport export = new ReadingExport(f, w, InstantSource.system(), every, line -> {
                err.println(line);
                err.flush();
            });
            for (String id : ids) {
                export.add(city.chain(id));
            }
            t = export.finish();
        } finally {
            if (outFile != null) {
                w.close();
            } else {
                w.flush();
            }
        }
        return t.skippedBlocks() > 0 ? 1 : 0;
    }
}
