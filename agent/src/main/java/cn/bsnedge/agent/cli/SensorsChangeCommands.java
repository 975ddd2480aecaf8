package cn.bsnedge.agent.cli;

import cn.bsnedge.agent.cli.RegistryChange.Proposal;
import cn.bsnedge.agent.cli.RegistryChange.Refused;
import cn.bsnedge.agent.config.ConfigSchema;
import cn.bsnedge.agent.config.GatewayConfig;
import cn.bsnedge.agent.config.SensorConfig;
import cn.bsnedge.agent.config.SensorYaml;
import cn.bsnedge.ledger.entry.SensorCode;
import cn.bsnedge.ledger.registry.SensorRegistry;
import cn.bsnedge.ledger.registry.SensorState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code sensors add | calibrate | retire}: the engineer's registry changes from the command line.
 * They keep {@code DATA/sensors.yaml}; {@link RegistryChange} checks and seals each change.
 */
final class SensorsChangeCommands {

    private SensorsChangeCommands() {
    }

    /** Which gateway, and how long to wait for a running agent to seal the change. */
    static final class Target {
        @Option(names = "--config", paramLabel = "FILE", defaultValue = ConfigSchema.DEFAULT_FILE,
                description = "The gateway's configuration file; its gateway.dataDir holds the chain and sensors.yaml (default: ${DEFAULT-VALUE}).")
        Path config;

        @Option(names = "--wait", paramLabel = "TIME", converter = DurationConverter.class, defaultValue = "30s",
                description = "With the agent running: how long to wait for it to seal the change (default: ${DEFAULT-VALUE}); exit 3 if it has not.")
        Duration wait;
    }

    /** Field key → the option that sets it, for error messages. */
    private static final Map<String, String> OPTIONS = Map.ofEntries(
            Map.entry("code", "CODE"), Map.entry("driver", "--driver"), Map.entry("bus", "--bus"),
            Map.entry("address", "--address"), Map.entry("chipSelect", "--chip-select"), Map.entry("pin", "--pin"),
            Map.entry("device", "--device"), Map.entry("rom", "--rom"), Map.entry("uri", "--uri"), Map.entry("interval", "--interval"),
            Map.entry("location", "--lat/--lon"), Map.entry("location.lat", "--lat"), Map.entry("location.lon", "--lon"),
            Map.entry("location.description", "--where"), Map.entry("calibration", "--offset/--scale/--calibrated-by"),
            Map.entry("calibration.offset", "--offset"), Map.entry("calibration.scale", "--scale"),
            Map.entry("calibration.by", "--calibrated-by"), Map.entry("calibration.at", "--calibrated-at"),
            Map.entry("engineer", "--engineer"), Map.entry("note", "--reason"), Map.entry("options", "--option"));

    private static final String EXIT_CODES_0 = "0:sealed into the chain (or, with no chain yet, written for the first start)";

    @Command(name = "add", mixinStandardHelpOptions = true, sortOptions = false,
            description = {
                "Register a new sensor: checks it, keeps it in DATA/sensors.yaml, and",
                "seals its signed registration. With the agent running, the agent seals",
                "it and starts reading the sensor within seconds; with the agent stopped,",
                "this command seals it directly. Same keys and rules as a sensor in",
                "gateway.yaml (docs/CONFIG.md); a code is never reused, even once retired.",
                "",
                "  bsn-edge sensors add 88.1001.31/TMP-0042 --driver bme280 --address 0x77 \\",
                "      --interval 30s --lat 31.2304 --lon 121.4737 --where 'pump house 3' \\",
                "      --engineer zhang.min",
                "  bsn-edge sensors add 88.1001.31/WTR-0001234 --driver pulse --pin 17 \\",
                "      --option unitsPerPulse=0.01 --option quantity=water.volume \\",
                "      --option unit=m3 --engineer li.wei",
                ""},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {EXIT_CODES_0, "2:invalid sensor or configuration (nothing written)",
                    "3:written, but the running agent has not sealed it within --wait"})
    static final class AddCommand implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "CODE", description = "The city identification code, prefix/suffix (docs/IDENTITY.md).")
        String code;
        @Option(names = "--driver", required = true, description = "The driver that reads it: ${COMPLETION-CANDIDATES}.",
                completionCandidates = DriverNames.class)
        String driver;
        @Option(names = "--bus", description = "I2C or SPI bus number.") String bus;
        @Option(names = "--address", description = "I2C address, e.g. 0x76.") String address;
        @Option(names = "--chip-select", description = "SPI chip select.") String chipSelect;
        @Option(names = "--pin", description = "GPIO pin, BCM numbering.") String pin;
        @Option(names = "--device", description = "Serial device, e.g. /dev/ttyUSB0.") String device;
        @Option(names = "--rom", description = "1-Wire ROM id, e.g. 28-0316a2791aff.") String rom;
        @Option(names = "--uri", description = "CoAP resource a coap sensor is polled or observed at, e.g. coap://[fd00::12]/temp.") String uri;
        @Option(names = "--interval", description = "How often it is read, e.g. 500ms, 30s, 5m (default 1s).") String interval;
        @Option(names = "--lat", description = "Latitude, WGS 84 degrees.") String lat;
        @Option(names = "--lon", description = "Longitude, WGS 84 degrees.") String lon;
        @Option(names = "--where", description = "Where to find it, e.g. 'pump house 3, north wall'.") String where;
        @Option(names = "--offset", description = "Calibration: added after scaling.") String offset;
        @Option(names = "--scale", description = "Calibration: multiplies the raw value.") String scale;
        @Option(names = "--calibrated-by", description = "Who calibrated it (default: --engineer).") String calibratedBy;
        @Option(names = "--calibrated-at", description = "When, YYYY-MM-DD (default: today, UTC).") String calibratedAt;
        @Option(names = "--option", paramLabel = "KEY=VALUE", description = "A driver option, e.g. unit=m3 (repeatable).")
        Map<String, String> options = new LinkedHashMap<>();
        @Option(names = "--engineer", required = true, description = "Your name or staff id: it is sealed with the registration.")
        String engineer;
        @Option(names = "--psk", paramLabel = "KEY", description = {"CoAP push sensors: the DTLS pre-shared key, as text",
                "(16..64 bytes; what coap-client -k takes), or hex:0011..., or 'generate' for a new random one, printed once.",
                "Kept in DATA/keys/coap-psk.json (mode 0600), never in the chain."})
        String psk;
        @Mixin
        Target target;

        @Override
        public Integer call() throws Exception {
            java.io.PrintWriter out = spec.commandLine().getOut();
            java.io.PrintWriter err = spec.commandLine().getErr();
            byte[] key = null;
            if (psk != null) {
                key = pskBytes(psk);
                String problem = key == null ? "is not text, hex:HEX or 'generate'" : cn.bsnedge.agent.coap.PskStore.keyProblem(key);
                if (problem != null) {
                    err.println("sensors add --psk: " + problem);
                    return 2;
                }
            }
            int code = new RegistryChange("sensors add", target.config, target.wait, out, err).run(this::propose);
            if (key != null && (code == 0 || code == RegistryChange.PENDING)) {
                var dataDir = cn.bsnedge.agent.config.ConfigLoader.load(target.config).gateway().dataDir();
                var store = new cn.bsnedge.agent.coap.PskStore(dataDir, new java.security.SecureRandom());
                store.set(SensorCode.of(this.code), key);
                out.printf("sensors add: DTLS PSK for %s kept in %s%s%n", this.code, store.file(),
                        psk.equals("generate") ? "; give the sensor this key (shown once): " + new String(key, java.nio.charset.StandardCharsets.US_ASCII) : "");
            }
            return code;
        }

        /** The key {@code --psk} names; for 'generate', 22 random letters and digits (about 131 bits) a person can type. */
        private static byte[] pskBytes(String psk) {
            if (psk.equals("generate")) {
                String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
                var random = new java.security.SecureRandom();
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < 22; i++) {
                    b.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                return b.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            }
            if (psk.startsWith("hex:")) {
                try {
                    return java.util.HexFormat.of().parseHex(psk.substring(4));
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
            return psk.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        private Proposal propose(GatewayConfig current, SensorRegistry registry) throws Refused {
            SensorCode sensor = validCode(code);
            var known = registry.state(sensor);
            if (known.isPresent()) {
                SensorState s = known.get();
                throw new Refused(code + " is already registered in this chain (seq " + s.registration().seq() + ", "
                        + s.registration().time().toInstant() + ", by " + s.registration().engineer() + "; now "
                        + status(s) + "). Codes are never reused (docs/IDENTITY.md): give this sensor its own code");
            }
            var declared = current.origin(sensor);
            if (declared.isPresent()) {
                throw new Refused(code + " is already declared in " + declared.get() + "; every sensor needs its own code");
            }
            Map<String, String> f = new LinkedHashMap<>();
            f.put("code", SensorYaml.scalar("code", code, true));
            f.put("driver", SensorYaml.scalar("driver", driver, true));
            put(f, "bus", bus);
            put(f, "address", address);
            put(f, "chipSelect", chipSelect);
            put(f, "pin", pin);
            put(f, "device", device);
            put(f, "rom", rom);
            put(f, "uri", uri);
            put(f, "interval", interval);
            if (lat != null || lon != null || where != null) {
                put(f, "location.lat", lat);
                put(f, "location.lon", lon);
                put(f, "location.description", where);
            }
            if (offset != null || scale != null || calibratedBy != null || calibratedAt != null) {
                put(f, "calibration.offset", offset == null ? "0" : offset);
                put(f, "calibration.scale", scale == null ? "1" : scale);
                put(f, "calibration.by", calibratedBy == null ? engineer : calibratedBy);
                put(f, "calibration.at", calibratedAt == null ? today() : calibratedAt);
            }
            put(f, "engineer", engineer);
            Map<String, String> optionOf = new LinkedHashMap<>(OPTIONS);
            options.forEach((k, v) -> {
                f.put("options." + k, SensorYaml.scalar("options." + k, v, SensorYaml.textOption(driver, k)));
                optionOf.put("options." + k, "--option " + k);
            });
            List<String> items = items(current);
            items.add(SensorYaml.item(f));
            return new Proposal(sensor, items, items.size() - 1, optionOf, s -> true);
        }
    }

    @Command(name = "calibrate", mixinStandardHelpOptions = true, sortOptions = false,
            description = {
                "Recalibrate a sensor added with 'sensors add': seals a signed calibration",
                "entry; readings from the next one on carry value x scale + offset.",
                "Options left out keep their current value. For a sensor declared in",
                "gateway.yaml, change its calibration: block there instead (the agent",
                "seals that change too).",
                "",
                "  bsn-edge sensors calibrate 88.1001.31/TMP-0042 --offset -0.35 \\",
                "      --calibrated-by zhang.min --reason 'annual check, ticket 4411'",
                ""},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {EXIT_CODES_0, "2:unknown, retired or gateway.yaml sensor, or an invalid value (nothing written)",
                    "3:written, but the running agent has not sealed it within --wait"})
    static final class CalibrateCommand implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "CODE", description = "The sensor's identification code.") String code;
        @Option(names = "--offset", description = "Added after scaling (default: unchanged).") String offset;
        @Option(names = "--scale", description = "Multiplies the raw value (default: unchanged).") String scale;
        @Option(names = "--calibrated-by", required = true, description = "Who calibrated it (name or staff id).") String calibratedBy;
        @Option(names = "--calibrated-at", description = "When, YYYY-MM-DD (default: today, UTC).") String calibratedAt;
        @Option(names = "--reason", description = "Why; sealed with the entry, e.g. 'annual check, ticket 4411'.") String reason;
        @Option(names = "--engineer", description = "The engineer now responsible (default: unchanged).") String engineer;
        @Mixin
        Target target;

        @Override
        public Integer call() throws Exception {
            return new RegistryChange("sensors calibrate", target.config, target.wait, spec.commandLine().getOut(),
                    spec.commandLine().getErr()).run(this::propose);
        }

        private Proposal propose(GatewayConfig current, SensorRegistry registry) throws Refused {
            SensorConfig s = fieldSensor(current, validCode(code), "change its calibration: block there");
            long before = registry.state(s.code()).map(SensorState::calibrationSeq).orElse(0L);
            Map<String, String> f = new LinkedHashMap<>();
            SensorYaml.fields(s).forEach((k, v) -> {
                if (k.equals("engineer")) {
                    put(f, "calibration.offset", offset == null ? s.calibration().offset().toPlainString() : offset);
                    put(f, "calibration.scale", scale == null ? s.calibration().scale().toPlainString() : scale);
                    put(f, "calibration.by", calibratedBy);
                    put(f, "calibration.at", calibratedAt == null ? today() : calibratedAt);
                    put(f, "engineer", engineer == null ? s.engineer() : engineer);
                } else if (!k.startsWith("calibration.") && !k.equals("note")) {
                    f.put(k, v);
                }
                if (k.equals("status")) {
                    put(f, "note", reason == null ? "recalibrated with bsn-edge sensors calibrate" : reason);
                }
            });
            return edit(current, s.code(), f, st -> st.calibrationSeq() > before);
        }
    }

    @Command(name = "retire", mixinStandardHelpOptions = true, sortOptions = false,
            description = {
                "Retire a sensor added with 'sensors add': seals a signed retirement; the",
                "agent stops reading it and refuses its readings from then on. Its code",
                "is never reused; its wiring is free for a replacement. For a sensor",
                "declared in gateway.yaml, set 'status: retired' there instead.",
                "",
                "  bsn-edge sensors retire 88.1001.31/TMP-0042 --reason 'replaced by TMP-0043'",
                ""},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {EXIT_CODES_0, "2:unknown, already retired or gateway.yaml sensor (nothing written)",
                    "3:written, but the running agent has not sealed it within --wait"})
    static final class RetireCommand implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "CODE", description = "The sensor's identification code.") String code;
        @Option(names = "--reason", required = true, description = "Why; sealed with the retirement, e.g. 'replaced by TMP-0043'.")
        String reason;
        @Option(names = "--engineer", description = "Who retires it (default: the sensor's engineer).") String engineer;
        @Mixin
        Target target;

        @Override
        public Integer call() throws Exception {
            return new RegistryChange("sensors retire", target.config, target.wait, spec.commandLine().getOut(),
                    spec.commandLine().getErr()).run(this::propose);
        }

        private Proposal propose(GatewayConfig current, SensorRegistry registry) throws Refused {
            SensorConfig s = fieldSensor(current, validCode(code), "set 'status: retired' there");
            Map<String, String> f = new LinkedHashMap<>();
            SensorYaml.fields(s).forEach((k, v) -> {
                if (k.equals("status")) {
                    put(f, "status", "retired");
                    put(f, "note", reason);
                } else if (k.equals("engineer") && engineer != null) {
                    put(f, "engineer", engineer);
                } else if (!k.equals("note")) {
                    f.put(k, v);
                }
            });
            return edit(current, s.code(), f, st -> st.status() == SensorState.Status.RETIRED);
        }
    }

    private static SensorCode validCode(String code) throws Refused {
        String problem = SensorCode.problem(code);
        if (problem != null) {
            throw new Refused("CODE '" + code + "' " + problem);
        }
        return SensorCode.of(code);
    }

    /** The sensor as sensors.yaml declares it; refused when it is not there (with where it is instead). */
    private static SensorConfig fieldSensor(GatewayConfig current, SensorCode code, String instead) throws Refused {
        var origin = current.origin(code).orElseThrow(() -> new Refused(code + " is not declared on this gateway; "
                + "'bsn-edge sensors list' shows the registered sensors, 'sensors add' adds one"));
        if (!origin.field()) {
            throw new Refused(code + " is declared in " + origin + "; " + instead
                    + " (the agent seals the change). These commands change only sensors added with 'sensors add'");
        }
        SensorConfig s = current.sensors().stream().filter(c -> c.code().equals(code)).findFirst().orElseThrow();
        if (s.status() == SensorConfig.Status.RETIRED) {
            throw new Refused(code + " is retired (" + s.note() + "); a retired sensor stays as it was retired");
        }
        return s;
    }

    private static Proposal edit(GatewayConfig current, SensorCode code, Map<String, String> fields,
                                 java.util.function.Predicate<SensorState> sealed) {
        List<String> items = new ArrayList<>();
        int edited = -1;
        for (SensorConfig s : current.fieldSensors()) {
            if (s.code().equals(code)) {
                edited = items.size();
                items.add(SensorYaml.item(fields));
            } else {
                items.add(SensorYaml.item(SensorYaml.fields(s)));
            }
        }
        return new Proposal(code, items, edited, OPTIONS, sealed);
    }

    private static List<String> items(GatewayConfig current) {
        List<String> items = new ArrayList<>();
        current.fieldSensors().forEach(s -> items.add(SensorYaml.item(SensorYaml.fields(s))));
        return items;
    }

    private static void put(Map<String, String> f, String key, String raw) {
        if (raw != null) {
            f.put(key, SensorYaml.scalar(key, raw, false));
        }
    }

    private static String status(SensorState s) {
        return s.status().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String today() {
        return LocalDate.now(ZoneOffset.UTC).toString();
    }

    /** Driver names for --help. */
    static final class DriverNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return cn.bsnedge.agent.config.DriverSpec.names().iterator();
        }
    }
}
