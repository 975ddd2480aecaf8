package cn.bsnedge.agent.provision;

import cn.bsnedge.agent.config.ConfigException;
import cn.bsnedge.agent.config.ConfigLoader;
import cn.bsnedge.agent.config.ConfigSchema;
import cn.bsnedge.agent.config.GatewayConfig;
import cn.bsnedge.agent.pipeline.ClockStatus;
import cn.bsnedge.agent.time.KernelClock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "init", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Provision this gateway for the city: keys, certificate request, registration.",
            "",
            "In gateway.dataDir: makes the gateway's ledger key for the configured suite",
            "(keys/gateway.key, mode 0600), an MQTT client key (keys/mqtt-client.key, EC P-256)",
            "with a PKCS#10 request for the city's CA (provision/mqtt-client.csr, CN = gateway",
            "id), and the signed registration request the city loads with",
            "'bsn-node gateways add' (provision/registration.json, docs/FORMAT.md section 10).",
            "Prints the gateway id and the key fingerprint to read to the city.",
            "",
            "Safe to run again: existing keys are kept and what is missing is made. A key is",
            "replaced only with --force (ledger key: archives it with the chain it signed,",
            "to DATA/archive/<time>/, and starts a new chain) or --rotate-mqtt (MQTT key only).",
            "The package runs it at install and at the service's first start.",
            "",
            "  bsn-edge init --site 'Pump house 3, Nanjing Rd 12' --engineer li.wei",
            "  sudo bsn-edge init --user bsn-edge     (as root: hands the files to the service user)",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:keys, CSR and registration request are in place",
                "2:invalid configuration, keys that belong to another gateway or suite, the agent is running"
                        + " (--force), or no site/engineer for the registration request (the keys are still made)"})
public final class InitCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = ConfigSchema.DEFAULT_FILE,
            description = "Configuration file naming the gateway, suite and data directory (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--site", paramLabel = "TEXT", defaultValue = "${env:BSN_EDGE_SITE}",
            description = "Where the gateway is installed, for the city (default: $BSN_EDGE_SITE, else the previous request's).")
    String site;

    @Option(names = "--engineer", paramLabel = "NAME", defaultValue = "${env:BSN_EDGE_ENGINEER}",
            description = "Who installs it, name or staff id (default: $BSN_EDGE_ENGINEER, else the previous request's).")
    String engineer;

    @Option(names = "--user", paramLabel = "USER",
            description = "Run as root: give the data directory to USER (and its group), e.g. bsn-edge.")
    String user;

    @Option(names = "--force", description = "Replace the ledger key: archive it, with the chain it signed, and start anew.")
    boolean force;

    @Option(names = "--rotate-mqtt", description = "Replace the MQTT client key and CSR (archiving the old ones); the chain is untouched.")
    boolean rotateMqtt;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (force && rotateMqtt) {
            err.println("init: --force and --rotate-mqtt replace different keys; give one of them");
            return 2;
        }
        GatewayConfig cfg;
        try {
            cfg = ConfigLoader.load(config);
        } catch (ConfigException e) {
            e.problems().forEach(p -> err.println("config " + p));
            return 2;
        }
        Path dataDir = cfg.gateway().dataDir();
        if (!Files.isDirectory(dataDir)) {
            Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        OwnerChange owner = null;
        if (user != null) {
            try {
                owner = OwnerChange.to(user, dataDir);
            } catch (IOException e) {
                err.println("init: --user " + user + ": " + e.getMessage());
                return 2;
            }
        }
        Provisioner.Rotate rotate = force ? Provisioner.Rotate.GATEWAY_KEY
                : rotateMqtt ? Provisioner.Rotate.MQTT_KEY : Provisioner.Rotate.NOTHING;
        Provisioner.Outcome o;
        try {
            o = new Provisioner(dataDir, InstantSource.system(), new SecureRandom()).provision(new Provisioner.Request(
                    cfg.gateway().id(), cfg.gateway().suite(), given(site), given(engineer), clock(cfg).quality()), rotate);
        } catch (ProvisionException e) {
            err.println("init: " + e.getMessage());
            return 2;
        }
        if (owner != null) {
            owner.applyRecursively(dataDir);
        }
        print(out, o, dataDir);
        if (o.missing().isPresent()) {
            err.println("init: no registration request yet: no " + o.missing().get() + " given. Run bsn-edge init again with"
                    + " --site and --engineer (or set BSN_EDGE_SITE and BSN_EDGE_ENGINEER in /etc/default/bsn-edge);"
                    + " the keys above are kept.");
            return 2;
        }
        return 0;
    }

    private static void print(PrintWriter out, Provisioner.Outcome o, Path dataDir) {
        var key = o.identity().key();
        o.archive().ifPresent(a -> out.printf("archived      %s (the old key%s)%n", a,
                a.resolve("store").toFile().exists() ? " and the chain it signed: keep it until the city has every block" : ""));
        out.printf("gateway       %s (%s)%n", o.identity().gatewayId(), key.suite().label());
        out.printf("fingerprint   %s%n", key.publicKey().fingerprint());
        out.printf("key           %s (%s)%n", o.keyFile(), state(o, "keys/gateway.key"));
        out.printf("mqtt key      %s (EC P-256, %s; SHA-256 of its public key %s)%n", o.mqttKeyFile(),
                state(o, "keys/" + Provisioner.MQTT_KEY), HexFormat.of().formatHex(o.mqttKeySha256()));
        out.printf("mqtt csr      %s (CN=%s, %s)%n", o.csrFile(), o.identity().gatewayId(), state(o, "provision/" + Provisioner.CSR));
        o.registrationFile().ifPresent(r -> out.printf("registration  %s (%s)%n", r, state(o, "provision/" + Provisioner.REGISTRATION)));
        if (o.registrationFile().isPresent()) {
            out.printf("next: give the city %s and %s, and read it the fingerprint above (docs/DEPLOY.md, First boot)%n",
                    dataDir.relativize(o.registrationFile().get()), dataDir.relativize(o.csrFile()));
        }
        out.flush();
    }

    private static String state(Provisioner.Outcome o, String name) {
        return o.created().contains(name) ? "new" : "kept";
    }

    private static Optional<String> given(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(cn.bsnedge.ledger.codec.Utf8Text.normalize(s.strip()));
    }

    private static ClockStatus clock(GatewayConfig cfg) {
        return switch (cfg.clock().source()) {
            case KERNEL -> KernelClock.bestAvailable();
            case SYSTEMD -> ClockStatus.systemdTimesync();
            case NONE -> ClockStatus.UNSYNCED;
        };
    }
}
