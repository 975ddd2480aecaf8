package cn.bsnedge.agent.cli;

import cn.bsnedge.agent.config.ConfigException;
import cn.bsnedge.agent.config.ConfigLoader;
import cn.bsnedge.agent.config.ConfigSchema;
import cn.bsnedge.agent.keys.GatewayKeyFile.GatewayIdentity;
import cn.bsnedge.agent.registry.RegistryFile;
import cn.bsnedge.agent.store.LogBlockStore;
import cn.bsnedge.ledger.entry.Calibration;
import cn.bsnedge.ledger.entry.SensorCode;
import cn.bsnedge.ledger.registry.SensorRegistry;
import cn.bsnedge.ledger.registry.SensorState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "sensors", mixinStandardHelpOptions = true,
        description = {
            "The sensor registry: what the chain says about each sensor.",
            "",
            "Every registration, calibration and retirement is a signed ledger entry",
            "(docs/FORMAT.md section 2.5-2.8). Sensors are declared in two places:",
            "  gateway.yaml          the site's sensors, edited by hand or baked into",
            "                        the image: add one, change its calibration, or",
            "                        set 'status: retired', and the agent seals it",
            "  DATA/sensors.yaml     sensors added in the field with 'sensors add',",
            "                        changed with 'sensors calibrate' and 'retire'",
            "A running agent picks up changes to either within seconds.",
            "",
            "  bsn-edge sensors list --config /etc/bsn-edge/gateway.yaml",
            "  bsn-edge sensors add 88.1001.31/TMP-0042 --driver bme280 --engineer zhang.min",
            "  bsn-edge sensors show 88.1001.31/TMP-0001 --data demo-data",
            ""},
        subcommands = {SensorsCommand.ListCommand.class, SensorsCommand.ShowCommand.class,
                SensorsChangeCommands.AddCommand.class, SensorsChangeCommands.CalibrateCommand.class,
                SensorsChangeCommands.RetireCommand.class})
final class SensorsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the registry comes from: --data, or the data directory named by --config. */
    static final class Source {
        @Option(names = "--data", paramLabel = "DIR", description = "Gateway data directory (instead of --config).")
        Path data;

        @Option(names = "--config", paramLabel = "FILE", defaultValue = ConfigSchema.DEFAULT_FILE,
                description = "Configuration file naming the data directory (default: ${DEFAULT-VALUE}).")
        Path config;

        /** The registry with every committed entry: from the chain when the agent is stopped, else from its registry.json. */
        SensorRegistry load(PrintWriter err) throws Exception {
            Path dir = data;
            if (dir == null) {
                try {
                    dir = ConfigLoader.load(config).gateway().dataDir();
                } catch (ConfigException e) {
                    e.problems().forEach(p -> err.println("config " + p));
                    throw new StoreAccess.Unusable("invalid configuration " + config);
                }
            }
            if (!Files.isDirectory(dir.resolve("store"))) {
                throw new StoreAccess.Unusable("no store in " + dir + " (has the agent ever run there?)");
            }
            if (cn.bsnedge.agent.store.StoreLock.held(dir.resolve("store"))) {
                return new RegistryFile(dir).loadSaved().registry();
            }
            GatewayIdentity id = StoreAccess.identity(new DataDir(dir));
            try (LogBlockStore store = StoreAccess.store(new DataDir(dir), id)) {
                return new RegistryFile(dir).load(store).registry();
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every registered sensor, one per line.")
    static final class ListCommand implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        Source source;

        @Option(names = "--json", description = "A JSON array instead of the table.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            SensorRegistry registry;
            try {
                registry = source.load(spec.commandLine().getErr());
            } catch (StoreAccess.Unusable e) {
                spec.commandLine().getErr().println("sensors: " + e.getMessage());
                return 2;
            }
            List<SensorState> all = registry.sensors();
            if (json) {
                out.println(SensorsJson.list(all));
                return 0;
            }
            out.printf("%-31s %-8s %-10s %-22s %9s  %s%n", "SENSOR", "STATUS", "DRIVER", "WIRING", "INTERVAL", "CALIBRATION");
            for (SensorState s : all) {
                var r = s.registration();
                out.printf("%-31s %-8s %-10s %-22s %8dms  %s%n", r.sensor(), s.status().name().toLowerCase(java.util.Locale.ROOT),
                        r.driver(), r.bus(), r.intervalMillis(), calibration(s.calibration()));
            }
            out.printf("%d sensors%n", all.size());
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One sensor's registry record.")
    static final class ShowCommand implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        Source source;

        @Parameters(paramLabel = "CODE", description = "The sensor's identification code.")
        String code;

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            String problem = SensorCode.problem(code);
            if (problem != null) {
                err.println("sensors show: '" + code + "' " + problem);
                return 2;
            }
            SensorRegistry registry;
            try {
                registry = source.load(err);
            } catch (StoreAccess.Unusable e) {
                err.println("sensors: " + e.getMessage());
                return 2;
            }
            Optional<SensorState> s = registry.state(SensorCode.of(code));
            if (s.isEmpty()) {
                err.println("sensors show: " + code + " is not registered in this chain");
                return 1;
            }
            spec.commandLine().getOut().println(SensorsJson.one(s.get()));
            return 0;
        }
    }

    static String calibration(Calibration c) {
        return c.equals(Calibration.IDENTITY) ? "none" : "x " + c.scale().text() + " + " + c.offset().text()
                + (c.calibratedBy().isEmpty() ? "" : " by " + c.calibratedBy());
    }
}
