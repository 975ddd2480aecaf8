package cn.bsnedge.node.cli;

import cn.bsnedge.ledger.bundle.BundleFormatException;
import cn.bsnedge.node.audit.ArchivedChain;
import cn.bsnedge.node.audit.Auditor;
import cn.bsnedge.node.audit.CityAudit;
import cn.bsnedge.node.audit.Finding;
import cn.bsnedge.node.config.NodeConfig;
import cn.bsnedge.node.ledger.LedgerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "audit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Audit the archived block telemetry against the ledger.",
            "",
            "Per gateway: gaps in height, forks, anchored tree heads the archived blocks",
            "do not reproduce, blocks older than --unanchored-after that no anchor covers,",
            "blocks (readings) failing verification, and the ledger's alarms. Every block",
            "is verified afresh against the registered keys. Prints one FINDING line per",
            "finding and one summary line per gateway.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing found", "1:findings", "2:unreadable data directory or usage error"})
final class AuditCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    DataDir data;

    @Option(names = "--gateway", paramLabel = "ID", description = "Audit this gateway only.")
    String gateway;

    @Option(names = "--unanchored-after", paramLabel = "DURATION", defaultValue = "1h",
            description = "Blocks sealed longer ago than this must be covered by an anchor (default: ${DEFAULT-VALUE}).")
    String unanchoredAfter;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration late;
        CityAudit city;
        try {
            late = NodeConfig.parseDuration(unanchoredAfter, "--unanchored-after");
            city = CityAudit.open(data.dir);
        } catch (IllegalArgumentException | LedgerException | BundleFormatException e) {
            err.println("audit: " + e.getMessage());
            return 2;
        }
        List<String> ids = gateway != null ? List.of(gateway) : city.gateways();
        int findings = 0;
        Instant now = Instant.now();
        for (String id : ids) {
            ArchivedChain chain = city.chain(id);
            CityAudit.Records r = city.records(id);
            Auditor.Report rep = Auditor.audit(chain, r.anchored(), r.alarms(), now, late);
            for (Finding f : rep.findings()) {
                out.println(f);
            }
            findings += rep.findings().size();
            out.printf("%s %s: %d heights archived, 0..%d unbroken, %d readings; anchored up to size %d, %d anchors checked"
                            + " against the blocks; %d findings%n", rep.findings().isEmpty() ? "OK     " : "FOUND  ", id, rep.heights(),
                    rep.contiguous() - 1, rep.readings(), rep.anchoredSize(), rep.checkedAnchors(), rep.findings().size());
        }
        if (ids.isEmpty()) {
            out.println("(nothing to audit in " + data.dir + ")");
        }
        return findings > 0 ? 1 : 0;
    }
}
