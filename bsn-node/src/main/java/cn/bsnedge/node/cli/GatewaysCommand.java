package cn.bsnedge.node.cli;

import cn.bsnedge.ledger.bundle.BundleFormatException;
import cn.bsnedge.ledger.bundle.TrustedKey;
import cn.bsnedge.node.ledger.FileAnchorLedger;
import cn.bsnedge.node.ledger.GatewayRecords;
import cn.bsnedge.node.ledger.LedgerException;
import cn.bsnedge.node.ledger.LedgerRecord;
import cn.bsnedge.node.registry.GatewayRegistry;
import cn.bsnedge.node.registry.Registration;
import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "gateways", mixinStandardHelpOptions = true, description = "Gateways registered at this node.",
        subcommands = {GatewaysCommand.Add.class, GatewaysCommand.List.class})
final class GatewaysCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Register a gateway's public key, from the signed registration request that",
                "bsn-edge init writes (bsn-edge-gateway-registration/1; its signature is checked)",
                "or the trust file bsn-edge writes to DATA/trust/ (bsn-edge-key/1). Compare the",
                "printed fingerprint with the one read on the gateway, or give it with",
                "--fingerprint. A running node picks the key up at once. A second key for a",
                "gateway is kept beside the first (a key rotation)."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:registered (or already was)", "1:refused: bad signature or another fingerprint", "2:unreadable file"})
    static final class Add implements Callable<Integer> {

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        DataDir data;

        @Option(names = "--key", paramLabel = "FILE", required = true,
                description = "The gateway's registration request or trust file (JSON).")
        Path key;

        @Option(names = "--fingerprint", paramLabel = "HEX",
                description = "Refuse the key unless its fingerprint is this (as bsn-edge init printed it on site).")
        String fingerprint;

        @Override
        public Integer call() throws IOException {
            Registration.Candidate c;
            try {
                c = Registration.standard().read(Files.readString(key), key.toString());
            } catch (BundleFormatException | java.nio.file.NoSuchFileException e) {
                spec.commandLine().getErr().println("gateways add: " + e.getMessage());
                return 2;
            } catch (java.security.GeneralSecurityException e) {
                spec.commandLine().getErr().println("gateways add: refused: " + e.getMessage());
                return 1;
            }
            TrustedKey k = c.key();
            if (fingerprint != null && !fingerprint.equalsIgnoreCase(k.key().fingerprint())) {
                spec.commandLine().getErr().println("gateways add: refused: " + key + " holds key " + k.key().fingerprint()
                        + " for " + k.gatewayId() + ", not " + fingerprint.toLowerCase() + " as given with --fingerprint");
                return 1;
            }
            try {
                boolean added = GatewayRegistry.open(data.dir).add(k);
                spec.commandLine().getOut().println((added ? "registered " : "already registered ") + k.gatewayId() + " ("
                        + k.key().suite().label() + ") in " + data.dir.resolve("gateways") + "\n  fingerprint "
                        + k.key().fingerprint() + "\n  from " + c.details());
                return 0;
            } catch (BundleFormatException e) {
                spec.commandLine().getErr().println("gateways add: " + e.getMessage());
                return 2;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Registered gateways and what the node holds for each: suite, key fingerprint, latest",
                "recorded tree size and when, online or not (from running processes' status files), and alarms."},
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:listed, no alarms", "1:some gateway has alarms", "2:unreadable data"})
    static final class List implements Callable<Integer> {

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        DataDir data;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            Map<String, java.util.List<TrustedKey>> keys;
            try {
                keys = GatewayRegistry.open(data.dir).all();
            } catch (BundleFormatException e) {
                spec.commandLine().getErr().println("gateways list: " + e.getMessage());
                return 2;
            }
            Map<String, GatewayRecords> records = new TreeMap<>();
            if (Files.exists(data.dir.resolve("ledger").resolve(FileAnchorLedger.FILE))) {
                try (FileAnchorLedger l = FileAnchorLedger.openReadOnly(data.dir.resolve("ledger"))) {
                    for (GatewayRecords g : l.gateways()) {
                        records.put(g.gatewayId(), g);
                    }
                } catch (LedgerException e) {
                    spec.commandLine().getErr().println("gateways list: " + e.getMessage());
                    return 2;
                }
            }
            Map<String, JsonNode> presence = presence(data.dir);
            TreeSet<String> ids = new TreeSet<>(keys.keySet());
            ids.addAll(records.keySet());
            out.printf("%-28s %-18s %-17s %10s %-24s %-8s %s%n", "GATEWAY", "SUITE", "KEY", "TREE SIZE", "LAST ANCHOR", "ONLINE", "ALARMS");
            boolean anyAlarm = false;
            for (String id : ids) {
                java.util.List<TrustedKey> ks = keys.getOrDefault(id, java.util.List.of());
                GatewayRecords r = records.get(id);
                Optional<LedgerRecord.Anchored> last = r == null ? Optional.empty() : r.latestRecord();
                java.util.List<LedgerRecord.Alarm> alarms = r == null ? java.util.List.of() : r.alarms();
                anyAlarm |= !alarms.isEmpty();
                JsonNode p = presence.get(id);
                out.printf("%-28s %-18s %-17s %10s %-24s %-8s %s%n", id,
                        ks.isEmpty() ? "(not registered)" : String.join(",", ks.stream().map(k -> k.key().suite().label()).distinct().toList()),
                        ks.isEmpty() ? "-" : ks.getLast().key().fingerprint().substring(0, 16) + (ks.size() > 1 ? "+" : ""),
                        last.map(a -> Long.toString(a.head().treeSize())).orElse("-"),
                        last.map(a -> a.recordedAt().toString()).orElse("-"),
                        p == null || !p.has("online") ? "?" : p.get("online").asBoolean() ? "yes" : "no",
                        alarms.isEmpty() ? "-" : alarms.size() + ": " + String.join(", ", alarms.stream()
                                .map(a -> a.kind().label() + " #" + a.seq()).toList()));
            }
            if (ids.isEmpty()) {
                out.println("(no gateways; register one with: bsn-node gateways add --key FILE)");
            }
            return anyAlarm ? 1 : 0;
        }

        /** The freshest presence per gateway among the processes' status files. */
        private static Map<String, JsonNode> presence(Path dataDir) throws IOException {
            Map<String, JsonNode> out = new TreeMap<>();
            Path run = dataDir.resolve("run");
            if (!Files.isDirectory(run)) {
                return out;
            }
            try (Stream<Path> s = Files.list(run)) {
                for (Path f : s.filter(p -> p.getFileName().toString().matches("status-.*\\.json")).toList()) {
                    JsonNode n = StatusWriter.JSON.readTree(f.toFile());
                    n.path("gateways").properties().forEach(e -> out.merge(e.getKey(), e.getValue(),
                            (a, b) -> a.path("session").asLong() >= b.path("session").asLong() ? a : b));
                }
            }
            return out;
        }
    }
}
