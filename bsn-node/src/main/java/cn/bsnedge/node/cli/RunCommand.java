package cn.bsnedge.node.cli;

import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.protocol.Topics;
import cn.bsnedge.node.broker.EmbeddedBroker;
import cn.bsnedge.node.config.NodeConfig;
import cn.bsnedge.node.keys.NodeKeyFile;
import cn.bsnedge.node.keys.NodeKeyFile.NodeIdentity;
import cn.bsnedge.node.ledger.FileAnchorLedger;
import cn.bsnedge.node.mqtt.LinkSettings;
import cn.bsnedge.node.mqtt.PahoNodeLink;
import cn.bsnedge.node.registry.GatewayRegistry;
import cn.bsnedge.node.run.NodeRuntime;
import cn.bsnedge.node.telemetry.BlockArchive;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Run the node: anchors in, receipts out.",
            "",
            "Takes the city's anchors from the broker (shared subscription), checks each",
            "against the gateway's registered keys and its recorded tree head, records",
            "accepted ones in the ledger and answers with signed receipts. Archives block",
            "telemetry, asks gateways for missing heights, raises alarms. Stops cleanly",
            "on SIGTERM or Ctrl-C.",
            "",
            "When ready it prints one line on stdout:",
            "  bsn-node ready node=ID broker=URI key=DATA/trust/<node>.json ledger=... registry=...",
            "Settings come from --config YAML (docs/NODE.md), each overridden by its option.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly", "2:bad settings, unusable data directory, or the broker could not start"})
final class RunCommand implements java.util.concurrent.Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML settings (keys as the long options, camelCase).")
    Path config;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: node-data).")
    Path data;

    @Option(names = "--node", paramLabel = "ID", description = "The node's identification code, e.g. 88.1001/BSN-NODE-01 (default: the one in DATA/keys/node.key).")
    String nodeId;

    @Option(names = "--city", paramLabel = "CITY", description = "City of the topic namespace bsn/{city}/… (1-32 of [a-z0-9-]).")
    String city;

    @Option(names = "--suite", paramLabel = "SUITE", description = "Suite of a new node key: ed25519-sha256 (default), sm2-sm3 or p256-sha256.")
    String suite;

    @Option(names = "--broker", paramLabel = "URI", description = "Broker to connect to: tcp://HOST:PORT or ssl://HOST:PORT.")
    String broker;

    @Option(names = "--client-id", paramLabel = "ID", description = "MQTT client id, the name of the node's persistent session; distinct per process (default: bsn-node-<node>).")
    String clientId;

    @Option(names = "--group", paramLabel = "NAME", description = "Shared-subscription group of the node's processes (default: bsn-node).")
    String group;

    @Option(names = "--session-expiry", paramLabel = "DURATION", description = "How long the broker keeps the node's session and queues its anchors while it is down (default: 7d).")
    String sessionExpiry;

    @Option(names = "--tls-ca", paramLabel = "PEM", description = "CA certificate(s) the broker's certificate must chain to.")
    Path tlsCa;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Client certificate for mutual TLS (with --tls-key).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "Unencrypted PKCS#8 key of the client certificate.")
    Path tlsKey;

    @Option(names = "--username", paramLabel = "NAME", description = "MQTT username.")
    String username;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File holding the MQTT password.")
    Path passwordFile;

    @Option(names = "--embedded-broker", description = "Start an MQTT 5 broker in this process on 127.0.0.1 (single-box pilot).")
    Boolean embedded;

    @Option(names = "--port", paramLabel = "N", description = "Port of the embedded broker (default 1883; 0 picks a free one).")
    Integer port;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        NodeConfig cfg;
        try {
            cfg = settings();
        } catch (IllegalArgumentException e) {
            err.println("run: " + e.getMessage());
            return 2;
        }
        NodeIdentity id = NodeKeyFile.loadOrCreate(cfg.dataDir(), cfg.nodeId(), cfg.suite(), new SecureRandom());
        Path trustFile = NodeKeyFile.writeTrustFile(cfg.dataDir(), id);
        EmbeddedBroker embeddedBroker = null;
        String uri = cfg.broker().orElse(null);
        if (cfg.embeddedBroker()) {
            embeddedBroker = new EmbeddedBroker(cfg.dataDir().resolve("broker"), cfg.port(), EmbeddedBroker.Persistence.FILE);
            embeddedBroker.start(60);
            uri = embeddedBroker.uri();
        }
        Topics topics = new Topics(cfg.city());
        LinkSettings link = new LinkSettings(uri, cfg.clientId(), cfg.sessionExpiry(), cfg.username(),
                cfg.passwordFile().map(p -> read(p).toCharArray()), cfg.tlsCa(), cfg.tlsCert(), cfg.tlsKey(), 64,
                Duration.ofMillis(200), Duration.ofSeconds(30));
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM and Ctrl-C end the run normally (exit code 0, as the docs promise); a shutdown hook
        // would close just as cleanly, but the JVM would then exit with 143.
        for (String signal : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> stop.countDown());
            } catch (IllegalArgumentException unsupported) {
                // The hook below still closes cleanly.
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        }, "bsn-node-shutdown"));
        try (FileAnchorLedger ledger = FileAnchorLedger.open(cfg.dataDir().resolve("ledger"), id.nodeId(), id.key().suite())) {
            GatewayRegistry registry = GatewayRegistry.open(cfg.dataDir());
            NodeRuntime rt = NodeRuntime.start(topics, id, cfg.dataDir(), ledger, registry, new PahoNodeLink(link),
                    InstantSource.system(), NodeRuntime.Options.defaults(cfg.shareGroup(),
                            BlockArchive.segmentName(System.currentTimeMillis())));
            StatusWriter status = new StatusWriter(cfg.dataDir(), cfg.clientId(), id.nodeId(), uri, rt);
            ScheduledExecutorService statusThread = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "bsn-node-status");
                t.setDaemon(true);
                return t;
            });
            statusThread.scheduleWithFixedDelay(status::write, 0, 5, TimeUnit.SECONDS);
            try {
                rt.ready().get(60, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                err.println("run: not connected to " + uri + " within 60 s; still trying (see the log)");
            }
            out.println("bsn-node ready node=" + id.nodeId() + " broker=" + uri + " key=" + trustFile + " ledger="
                    + cfg.dataDir().resolve("ledger") + " registry=" + cfg.dataDir().resolve("gateways"));
            out.flush();
            stop.await();
            statusThread.shutdownNow();
            rt.close();
            status.write();
        } finally {
            if (embeddedBroker != null) {
                embeddedBroker.close();
            }
            stopped.countDown();
        }
        return 0;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).strip();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("password-file: cannot read " + p + ": " + e.getMessage());
        }
    }

    /** YAML first, options over it; the node id defaults to the existing key's. */
    NodeConfig settings() throws java.io.IOException {
        Map<String, Object> y = config == null ? Map.of() : NodeConfig.readYaml(config);
        Path dataDir = data != null ? data : Path.of(String.valueOf(y.getOrDefault("data", "node-data")));
        String node = nodeId != null ? nodeId : (String) y.get("node");
        if (node == null && Files.exists(NodeKeyFile.keyFile(dataDir))) {
            try {
                node = NodeKeyFile.load(NodeKeyFile.keyFile(dataDir)).nodeId();
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        }
        if (node == null) {
            throw new IllegalArgumentException("node: give --node ID (e.g. 88.1001/BSN-NODE-01); " + NodeKeyFile.keyFile(dataDir)
                    + " does not exist yet");
        }
        String c = city != null ? city : (String) y.get("city");
        if (c == null) {
            throw new IllegalArgumentException("city: give --city (the {city} of the topics bsn/{city}/gw/...)");
        }
        String s = suite != null ? suite : String.valueOf(y.getOrDefault("suite", "ed25519-sha256"));
        CryptoSuite cs;
        try {
            cs = CryptoSuite.fromLabel(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("suite: " + e.getMessage());
        }
        Optional<String> b = Optional.ofNullable(broker != null ? broker : (String) y.get("broker"));
        boolean emb = embedded != null ? embedded : Boolean.TRUE.equals(y.get("embeddedBroker"));
        int p = port != null ? port : ((Number) y.getOrDefault("port", 1883)).intValue();
        String cid = clientId != null ? clientId : String.valueOf(y.getOrDefault("clientId", "bsn-node-" + Topics.gatewayLevel(node)));
        String g = group != null ? group : String.valueOf(y.getOrDefault("group", "bsn-node"));
        Duration exp = NodeConfig.parseDuration(sessionExpiry != null ? sessionExpiry : String.valueOf(y.getOrDefault("sessionExpiry", "7d")),
                "sessionExpiry");
        return new NodeConfig(dataDir, node, c, cs, b, cid, g, exp, path(tlsCa, y, "tlsCa"), path(tlsCert, y, "tlsCert"),
                path(tlsKey, y, "tlsKey"), Optional.ofNullable(username != null ? username : (String) y.get("username")),
                path(passwordFile, y, "passwordFile"), emb, p);
    }

    private static Optional<Path> path(Path option, Map<String, Object> y, String key) {
        return option != null ? Optional.of(option) : Optional.ofNullable(y.get(key)).map(v -> Path.of(String.valueOf(v)));
    }
}
