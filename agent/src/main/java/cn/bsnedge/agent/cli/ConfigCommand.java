package cn.bsnedge.agent.cli;

import cn.bsnedge.agent.config.ConfigException;
import cn.bsnedge.agent.config.ConfigLoader;
import cn.bsnedge.agent.config.ConfigProblem;
import cn.bsnedge.agent.config.ConfigSchema;
import cn.bsnedge.agent.config.GatewayConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code bsn-edge config}: work with gateway.yaml without running the agent. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Works with the gateway's configuration file (default " + ConfigSchema.DEFAULT_FILE + ").", ""},
        subcommands = {ConfigCommand.Check.class})
final class ConfigCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
            description = {
                "Validates a gateway.yaml without starting anything: the agent runs the same checks at",
                "start-up and refuses to start on any of them. Checked:",
                "  - YAML syntax (with line and column);",
                "  - every key is known (a typo is an error, with the nearest valid key suggested);",
                "  - every value has the right type and is in range (docs/CONFIG.md lists them all);",
                "  - sensor codes are well-formed prefix/suffix codes and unique;",
                "  - drivers exist, and each sensor gives only the bus keys its driver takes;",
                "  - no two active sensors share an I2C bus+address, SPI bus+chip select, GPIO pin,",
                "    serial device or 1-Wire ROM (ADC sensors may share a chip on different channels).",
                "Every problem is listed, one per line, in line order:",
                "  config gateway.yaml:14 sensors[2].address: 0x99 is outside 0x03..0x77",
                "",
                "Example:",
                "  bsn-edge config check --config /etc/bsn-edge/gateway.yaml",
                "  OK    /etc/bsn-edge/gateway.yaml: gateway 88.1001.31/GW-0001, 9 sensors (8 active)",
                "A complete, commented example: gateway.example.yaml in the agent jar and docs/CONFIG.md.",
                ""},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:the file is valid", "2:the file is invalid or unreadable (every problem is listed)"})
    static final class Check implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--config", paramLabel = "FILE", defaultValue = ConfigSchema.DEFAULT_FILE,
                description = "The file to check (default: ${DEFAULT-VALUE}).")
        Path config;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                GatewayConfig c = ConfigLoader.load(config);
                out.printf("OK    %s: gateway %s, %d sensors (%d active)%n", config, c.gateway().id(),
                        c.sensors().size(), c.activeSensors().size());
                return 0;
            } catch (ConfigException e) {
                for (ConfigProblem p : e.problems()) {
                    out.println("config " + p);
                }
                out.printf("FAIL  %s: %d problem%s%n", config, e.problems().size(), e.problems().size() == 1 ? "" : "s");
                return 2;
            }
        }
    }
}
