package cn.bsnedge.agent.config;

import cn.bsnedge.agent.config.Setting.DecimalSetting;
import cn.bsnedge.agent.config.Setting.DurationSetting;
import cn.bsnedge.agent.config.Setting.IntSetting;
import cn.bsnedge.agent.config.Setting.TextSetting;
import cn.bsnedge.ledger.protocol.Topics;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code mqtt:} and {@code anchor:} sections of gateway.yaml: the city's broker
 * (docs/TRANSPORT.md §7) and the anchoring policy (docs/ANCHOR.md). Without an {@code mqtt:}
 * section the gateway does not anchor and works offline; an {@code anchor:} section then is an
 * error, since it would do nothing.
 */
public final class MqttSection {

    static final TextSetting SERVERS = new TextSetting("mqtt.servers",
            "The city's broker(s), tried in order at each connect attempt: a list, or one URI.", null,
            "tcp://HOST:PORT or ssl://HOST:PORT, one or more", MqttSection::serverProblem);
    static final TextSetting CLIENT_ID = new TextSetting("mqtt.clientId",
            "The MQTT session's client id; empty = gateway.id. Must be stable and unique per gateway.", "",
            "empty, or 1 to 128 characters", v -> v.length() <= 128 ? null : "is " + v.length() + " characters; at most 128");
    static final DurationSetting SESSION_EXPIRY = DurationSetting.of("mqtt.sessionExpiry",
            "How long the broker keeps the session (queued receipts, subscriptions) while the gateway is away.",
            "7d", "1m", "365d");
    static final DurationSetting KEEP_ALIVE = DurationSetting.of("mqtt.keepAlive",
            "MQTT keepalive; a dead connection is noticed after about 1.5 times this.", "30s", "5s", "18h");
    static final TextSetting USERNAME = new TextSetting("mqtt.username",
            "User name at the broker; empty = none. Combines with a TLS client certificate.", "", "empty, or a user name",
            v -> null);
    static final TextSetting PASSWORD = new TextSetting("mqtt.password",
            "Password at the broker, only with mqtt.username. Never printed; keep the file 0600.", "", "empty, or a password",
            v -> null);
    static final TextSetting CA_CERT = new TextSetting("mqtt.tls.caCert",
            "PEM CA certificate(s) the broker's certificate must chain to; set it to use TLS 1.3 (ssl:// servers).", "",
            "empty, or a path (relative to gateway.dataDir)", v -> null);
    static final TextSetting CLIENT_CERT = new TextSetting("mqtt.tls.clientCert",
            "PEM client certificate for mutual TLS; the default is used only if it and the key exist.",
            "keys/mqtt-client.crt", "a path (relative to gateway.dataDir)", MqttSection::pathProblem);
    static final TextSetting CLIENT_KEY = new TextSetting("mqtt.tls.clientKey",
            "PEM private key of the client certificate, as bsn-edge init writes it.",
            "keys/mqtt-client.key", "a path (relative to gateway.dataDir)", MqttSection::pathProblem);
    static final DurationSetting RECONNECT_INITIAL = DurationSetting.of("mqtt.reconnect.initial",
            "Delay before the first reconnect attempt; doubles per failure.", "1s", "10ms", "10m");
    static final DurationSetting RECONNECT_MAX = DurationSetting.of("mqtt.reconnect.max",
            "Longest delay between reconnect attempts; at least mqtt.reconnect.initial.", "2m", "10ms", "1h");
    static final DecimalSetting RECONNECT_JITTER = DecimalSetting.of("mqtt.reconnect.jitter",
            "Share of each delay cut at random, so a city's gateways do not all reconnect at once.", "0.5", "0", "1");
    static final IntSetting IN_FLIGHT_WINDOW = IntSetting.of("mqtt.inFlightWindow",
            "Publishes awaiting the broker's acknowledgement at once (further capped by the broker's Receive Maximum).",
            64, 1, 65535);
    static final IntSetting INBOUND_WINDOW = IntSetting.of("mqtt.inboundWindow",
            "Unacknowledged messages the broker may send us at once (our Receive Maximum).", 32, 1, 65535);
    static final DurationSetting CONNECT_TIMEOUT = DurationSetting.of("mqtt.connectTimeout",
            "Limit for the TCP connect, the TLS handshake and the CONNACK, each.", "10s", "1s", "5m");
    static final IntSetting MAX_PACKET_SIZE = IntSetting.of("mqtt.maxPacketSize",
            "Largest packet we accept, announced to the broker. Paho 1.2.5 also refuses to send larger ones (its issue 987),"
                    + " so it must hold a 32 MiB blocks message.", 268_435_455, 33_555_456, 268_435_455);

    static final TextSetting CITY = new TextSetting("anchor.city",
            "The city's topic level: anchors go to bsn/CITY/gw/GATEWAY/anchor. Required with mqtt:.", null,
            "1-32 of a-z 0-9 -", MqttSection::cityProblem);
    static final DurationSetting EVERY = DurationSetting.of("anchor.every",
            "Anchor at least this often while new blocks are sealed.", "5m", "1s", "24h");
    static final IntSetting BLOCKS = IntSetting.of("anchor.blocks",
            "Or as soon as this many sealed blocks are not yet anchored, whichever comes first.", 256, 1, 1_000_000);
    static final IntSetting REPLAY_RATE = IntSetting.of("anchor.replayRate",
            "Most blocks per second published as telemetry, so a backlog after an outage is replayed paced, not as a flood.",
            50, 1, 100_000);
    static final DurationSetting RECEIPT_TIMEOUT = DurationSetting.of("anchor.receiptTimeout",
            "Publish the outstanding anchor again when no receipt came this long after the broker took it.", "30s", "1s", "1h");
    static final TextSetting NODE_KEYS = new TextSetting("anchor.nodeKeys",
            "The city node's public key files (bsn-edge-node-key/1), or directories of them: a list, or one path.",
            "trust", "paths (relative to gateway.dataDir)", MqttSection::pathProblem);

    static final List<Setting<?>> SETTINGS = List.of(SERVERS, CLIENT_ID, SESSION_EXPIRY, KEEP_ALIVE, USERNAME, PASSWORD,
            CA_CERT, CLIENT_CERT, CLIENT_KEY, RECONNECT_INITIAL, RECONNECT_MAX, RECONNECT_JITTER, IN_FLIGHT_WINDOW,
            INBOUND_WINDOW, CONNECT_TIMEOUT, MAX_PACKET_SIZE, CITY, EVERY, BLOCKS, REPLAY_RATE, RECEIPT_TIMEOUT, NODE_KEYS);

    private MqttSection() {
    }

    record Result(Optional<GatewayConfig.Mqtt> mqtt, GatewayConfig.Anchoring anchor) {
    }

    /** Reads both sections; {@code dataDir} (null after a reported problem) resolves relative paths. */
    static Result read(YamlMap top, String dataDir, Problems problems) {
        Path data = Path.of(dataDir == null ? "/" : dataDir);
        if (!top.has("mqtt")) {
            if (top.has("anchor")) {
                problems.add(top.value("anchor"), "anchor", "anchoring needs an mqtt: section naming the city's broker;"
                        + " add one, or remove anchor: to run offline");
            }
            return new Result(Optional.empty(), GatewayConfig.Anchoring.DEFAULT);
        }
        YamlMap m = top.section("mqtt");
        m.rejectUnknown(List.of("servers", "clientId", "sessionExpiry", "keepAlive", "username", "password", "tls",
                "reconnect", "inFlightWindow", "inboundWindow", "connectTimeout", "maxPacketSize"), "");
        List<URI> servers = texts(m, "servers", SERVERS).stream().map(URI::create).toList();
        String clientId = m.get("clientId", CLIENT_ID);
        Duration expiry = m.get("sessionExpiry", SESSION_EXPIRY);
        Duration keepAlive = m.get("keepAlive", KEEP_ALIVE);
        String user = m.get("username", USERNAME);
        String pass = m.get("password", PASSWORD);
        if (pass != null && !pass.isEmpty() && user != null && user.isEmpty()) {
            problems.add(m.value("password"), "mqtt.password", "is set without mqtt.username; MQTT sends both or neither");
        }
        YamlMap t = m.section("tls");
        t.rejectUnknown(List.of("caCert", "clientCert", "clientKey"), "");
        String ca = t.get("caCert", CA_CERT);
        String cert = t.get("clientCert", CLIENT_CERT);
        String key = t.get("clientKey", CLIENT_KEY);
        boolean explicit = t.has("clientCert") || t.has("clientKey");
        if (explicit && !(t.has("clientCert") && t.has("clientKey"))) {
            problems.add(t.node(), "mqtt.tls", "clientCert and clientKey go together; give both, or neither for the defaults");
        }
        if (ca != null && ca.isEmpty() && m.has("tls")) {
            problems.add(t.node(), "mqtt.tls.caCert", "missing; TLS needs the CA certificate the broker's certificate chains to");
        }
        boolean tls = ca != null && !ca.isEmpty();
        for (int i = 0; i < servers.size(); i++) {
            boolean ssl = "ssl".equals(servers.get(i).getScheme());
            if (ssl != tls) {
                problems.add(m.value("servers"), "mqtt.servers", servers.get(i) + (ssl ? " is TLS but mqtt.tls.caCert is not set"
                        : " is plain TCP but mqtt.tls is set; use ssl://"));
            }
        }
        YamlMap r = m.section("reconnect");
        r.rejectUnknown(List.of("initial", "max", "jitter"), "");
        Duration initial = r.get("initial", RECONNECT_INITIAL);
        Duration max = r.get("max", RECONNECT_MAX);
        java.math.BigDecimal jitter = r.get("jitter", RECONNECT_JITTER);
        if (initial != null && max != null && max.compareTo(initial) < 0) {
            problems.add(r.has("max") ? r.value("max") : r.node(), "mqtt.reconnect.max", DurationSetting.format(max)
                    + " is below mqtt.reconnect.initial " + DurationSetting.format(initial));
        }
        Integer inFlight = m.get("inFlightWindow", IN_FLIGHT_WINDOW);
        Integer inbound = m.get("inboundWindow", INBOUND_WINDOW);
        Duration connect = m.get("connectTimeout", CONNECT_TIMEOUT);
        Integer packet = m.get("maxPacketSize", MAX_PACKET_SIZE);

        YamlMap a = top.section("anchor");
        a.rejectUnknown(List.of("city", "every", "blocks", "replayRate", "receiptTimeout", "nodeKeys"), "");
        String city = a.get("city", CITY);
        Duration every = a.get("every", EVERY);
        Integer blocks = a.get("blocks", BLOCKS);
        Integer rate = a.get("replayRate", REPLAY_RATE);
        Duration timeout = a.get("receiptTimeout", RECEIPT_TIMEOUT);
        List<String> keys = a.has("nodeKeys") ? texts(a, "nodeKeys", NODE_KEYS) : List.of(NODE_KEYS.dflt());

        if (expiry == null || keepAlive == null || user == null || pass == null || ca == null || cert == null || key == null
                || initial == null || max == null || jitter == null || inFlight == null || inbound == null || connect == null
                || packet == null || city == null || every == null || blocks == null || rate == null || timeout == null) {
            return new Result(Optional.empty(), GatewayConfig.Anchoring.DEFAULT); // reported; not used
        }
        Optional<GatewayConfig.Tls> tlsFiles = tls
                ? Optional.of(new GatewayConfig.Tls(data.resolve(ca), data.resolve(cert), data.resolve(key), explicit))
                : Optional.empty();
        GatewayConfig.Mqtt mqtt = new GatewayConfig.Mqtt(servers, clientId, expiry, keepAlive,
                user.isEmpty() ? Optional.empty() : Optional.of(user), pass.isEmpty() ? Optional.empty() : Optional.of(pass),
                tlsFiles, initial, max, jitter.doubleValue(), inFlight, inbound, connect, packet);
        return new Result(Optional.of(mqtt), new GatewayConfig.Anchoring(city, every, blocks, rate, timeout,
                keys.stream().map(data::resolve).toList()));
    }

    /** A list of scalars, or one scalar, each checked by {@code setting}; reported problems leave them out. */
    private static List<String> texts(YamlMap m, String key, TextSetting setting) {
        Node v = m.value(key);
        if (v == null) {
            String d = m.get(key, setting); // reports "missing" when required
            return d == null ? List.of() : List.of(d);
        }
        List<Node> items = v instanceof ScalarNode ? List.of(v) : m.list(key);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Node n = items.get(i);
            String where = m.child(key) + (v instanceof ScalarNode ? "" : "[" + i + "]");
            if (!(n instanceof ScalarNode s) || s.getTag().equals(Tag.NULL)) {
                m.problems().add(n, where, YamlMap.kind(n) + "; want " + setting.rangeText());
                continue;
            }
            try {
                out.add(setting.parse(s));
            } catch (IllegalArgumentException e) {
                m.problems().add(n, where, e.getMessage());
            }
        }
        if (items.isEmpty() && !(v instanceof ScalarNode)) {
            m.problems().add(v, m.child(key), "is empty; want " + setting.rangeText());
        }
        return out;
    }

    static String serverProblem(String v) {
        try {
            URI u = new URI(v);
            if (!"tcp".equals(u.getScheme()) && !"ssl".equals(u.getScheme()) || u.getHost() == null || u.getPort() < 1
                    || u.getRawPath() != null && !u.getRawPath().isEmpty() || u.getRawQuery() != null) {
                return "is not a broker URI; want tcp://HOST:PORT or ssl://HOST:PORT, e.g. ssl://mqtt.city.example:8883";
            }
            return null;
        } catch (URISyntaxException e) {
            return "is not a URI (" + e.getReason() + "); want tcp://HOST:PORT or ssl://HOST:PORT";
        }
    }

    static String pathProblem(String v) {
        return v.isEmpty() ? "is empty; want a path" : null;
    }

    static String cityProblem(String v) {
        try {
            new Topics(v);
            return null;
        } catch (IllegalArgumentException e) {
            return "is not a city topic level; want 1-32 of a-z, 0-9 and '-', starting with a letter or digit, e.g. shanghai";
        }
    }
}
