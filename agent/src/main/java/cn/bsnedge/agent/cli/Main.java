package cn.bsnedge.agent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bsn-edge}: the gateway agent's command line. */
@Command(name = "bsn-edge", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {
            "BSN Edge: signed, hash-chained sensor readings a city verifies offline.",
            "",
            "Start here:",
            "  bsn-edge demo       simulated sensors -> signed blocks -> proofs",
            "  bsn-edge verify --trust demo-data/trust demo-data/proofs/*.json",
            "  bsn-edge help demo  what a command does, with examples",
            ""},
        subcommands = {cn.bsnedge.agent.provision.InitCommand.class, DemoCommand.class, ProofCommand.class, VerifyCommand.class, CheckCommand.class, ConfigCommand.class, RunCommand.class, StatusCommand.class, SensorsCommand.class,
                cn.bsnedge.agent.bench.BenchCommand.class, cn.bsnedge.agent.bench.MapDbCrashProbe.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success / evidence valid", "1:evidence invalid (the first failing link is named)",
                "2:unreadable input or usage error"})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
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
            return new String[] {"bsn-edge " + (v == null ? "development build" : v)};
        }
    }
}
