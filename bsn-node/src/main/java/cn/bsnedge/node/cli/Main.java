package cn.bsnedge.node.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bsn-node}: the reference city node's command line. */
@Command(name = "bsn-node", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {
            "The city's BSN node for BSN Edge gateways: records their anchors in an",
            "append-only ledger and answers with signed receipts, archives their",
            "blocks and audits them (docs/NODE.md).",
            "",
            "Single-box pilot:",
            "  bsn-node run --embedded-broker --node 88.1001/BSN-NODE-01 --city demo",
            "  bsn-node gateways add --key GATEWAY-DATA/trust/88.1001.31_GW-0007.json",
            "  bsn-node audit",
            ""},
        subcommands = {RunCommand.class, GatewaysCommand.class, KeyCommand.class, AuditCommand.class, VerifyCommand.class,
                ExportCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success / nothing found", "1:findings, failed checks or alarms", "2:unreadable input or usage error"})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The node's logging setup; HiveMQ's jar carries a logback.xml of its own, so ours has another name. */
    public static final String LOGBACK_CONFIG = "bsn-node-logback.xml";

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
        }
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        CommandLine cl = commandLine();
        int code = cl.execute(args);
        cl.getOut().flush();
        cl.getErr().flush();
        System.exit(code);
    }

    /** The configured command line, for tests to run in-process. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExitCodeExceptionMapper(t -> 2);
        cl.getCommandSpec().exitCodeOnInvalidInput(2);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"bsn-node " + (v == null ? "development build" : v)};
        }
    }
}
