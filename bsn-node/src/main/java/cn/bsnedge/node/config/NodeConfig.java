package cn.bsnedge.node.config;

import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.entry.SensorCode;
import cn.bsnedge.ledger.protocol.Topics;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The node's settings (docs/NODE.md "Configuration"): from an optional YAML file, each overridden
 * by the command line. Validated as a whole; every message names the setting and what is allowed.
 */
public record NodeConfig(Path dataDir, String nodeId, String city, CryptoSuite suite, Optional<String> broker,
                         String clientId, String shareGroup, Duration sessionExpiry, Optional<Path> tlsCa,
                         Optional<Path> tlsCert, Optional<Path> tlsKey, Optional<String> username, Optional<Path> passwordFile,
                         boolean embeddedBroker, int port) {

    public static final Set<String> KEYS = Set.of("data", "node", "city", "suite", "broker", "clientId", "group",
            "sessionExpiry", "tlsCa", "tlsCert", "tlsKey", "username", "passwordFile", "embeddedBroker", "port");

    public NodeConfig {
        String problem = SensorCode.problem(nodeId);
        if (problem != null) {
            throw new IllegalArgumentException("node: '" + nodeId + "' " + problem + " (an identification code like 88.1001/BSN-NODE-01)");
        }
        new Topics(city);
        if (broker.isEmpty() && !embeddedBroker) {
            throw new IllegalArgumentException("broker: give --broker tcp://HOST:PORT (or ssl://), or --embedded-broker for a single-box pilot");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " is outside 0..65535 (0 picks a free port)");
        }
    }

    /** Reads a YAML file of the keys in {@link #KEYS} into a map (values as YAML gave them). */
    public static Map<String, Object> readYaml(Path file) throws IOException {
        Object doc = new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromString(Files.readString(file));
        if (doc == null) {
            return Map.of();
        }
        if (!(doc instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(file + ": want a mapping of settings, got " + doc.getClass().getSimpleName());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String k = String.valueOf(e.getKey());
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException(file + ": unknown setting '" + k + "'; known: " + new java.util.TreeSet<>(KEYS));
            }
            out.put(k, e.getValue());
        }
        return out;
    }

    /** "90s", "15m", "2h", "7d" or ISO-8601 ("PT1H"). */
    public static Duration parseDuration(String text, String setting) {
        String t = text.trim();
        try {
            if (t.startsWith("P") || t.startsWith("p")) {
                return Duration.parse(t);
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(setting + ": '" + text + "' is not a duration; want e.g. 90s, 15m, 2h, 7d");
        }
    }
}
