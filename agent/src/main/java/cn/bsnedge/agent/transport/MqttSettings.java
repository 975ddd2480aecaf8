package cn.bsnedge.agent.transport;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a {@link MqttLink} needs to know about the broker and the session, validated when
 * made. Error messages name the config key ({@code mqtt.*}) the value would come from.
 *
 * @param servers        {@code tcp://host:port} or {@code ssl://host:port}; tried in order at each attempt
 * @param clientId       the session's identity at the broker (the gateway id); the session outlives
 *                       connections, so it must be stable and unique per gateway
 * @param sessionExpiry  how long the broker keeps the session (subscriptions, queued QoS 1 messages)
 *                       after a disconnect; clean start is always off
 * @param keepAlive      MQTT keepalive; a dead connection is noticed after about 1.5 times this
 * @param username       optional; with or without TLS client certificates
 * @param password       optional, only with a username
 * @param tls            TLS 1.3 settings; required for ssl:// servers, refused for tcp://
 * @param backoff        reconnect delays
 * @param inFlightWindow publishes in flight at once (handed over, not yet acknowledged), further
 *                       capped by the broker's Receive Maximum (Mosquitto: 20 by default)
 * @param inboundWindow  the Receive Maximum we announce: unacknowledged QoS 1 messages the broker
 *                       may send us at once, which bounds the messages queued for our handlers
 * @param connectTimeout TCP connect, TLS handshake and CONNACK, each
 * @param maxPacketSize  the largest packet we accept, announced in CONNECT so the broker drops larger
 *                       ones for us (PROTOCOL.md §2.3: the largest payload we subscribe to plus 1 KiB)
 */
public record MqttSettings(List<URI> servers, String clientId, Duration sessionExpiry, Duration keepAlive,
                           Optional<String> username, Optional<String> password, Optional<TlsFiles> tls,
                           Backoff backoff, int inFlightWindow, int inboundWindow, Duration connectTimeout,
                           int maxPacketSize) {

    /** PROTOCOL.md §2.3: gateways keep their session at least 7 days. */
    public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofDays(7);
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);
    public static final int DEFAULT_IN_FLIGHT_WINDOW = 64;
    public static final int DEFAULT_INBOUND_WINDOW = 32;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** MQTT's own limit (a 4-byte variable integer); i.e. none of ours. */
    public static final int MQTT_MAX_PACKET_SIZE = 268_435_455;
    /** MQTT 5 Session Expiry Interval is a 4-byte count of seconds; 0xFFFFFFFF would mean "never". */
    static final long MAX_SESSION_EXPIRY_SECONDS = 0xFFFF_FFFEL;

    public MqttSettings {
        servers = List.copyOf(servers);
        Objects.requireNonNull(clientId, "mqtt.clientId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(backoff, "mqtt.reconnect");
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("mqtt.servers: empty; give at least one tcp://host:port or ssl://host:port");
        }
        for (int i = 0; i < servers.size(); i++) {
            checkServer("mqtt.servers[" + i + "]", servers.get(i), tls.isPresent());
        }
        int idBytes = clientId.getBytes(StandardCharsets.UTF_8).length;
        if (idBytes == 0 || idBytes > 65535 || clientId.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("mqtt.clientId: '" + clientId + "' must be 1..65535 UTF-8 bytes without NUL");
        }
        wholeSeconds("mqtt.sessionExpiry", sessionExpiry, 1, MAX_SESSION_EXPIRY_SECONDS);
        wholeSeconds("mqtt.keepAlive", keepAlive, 5, 65535);
        if (password.isPresent() && username.isEmpty()) {
            throw new IllegalArgumentException("mqtt.password is set without mqtt.username; MQTT needs both");
        }
        username.ifPresent(u -> {
            if (u.isEmpty()) {
                throw new IllegalArgumentException("mqtt.username: empty; leave it out instead");
            }
        });
        range("mqtt.inFlightWindow", inFlightWindow, 1, 65535);
        range("mqtt.inboundWindow", inboundWindow, 1, 65535);
        Objects.requireNonNull(connectTimeout, "mqtt.connectTimeout");
        if (connectTimeout.compareTo(Duration.ofSeconds(1)) < 0 || connectTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("mqtt.connectTimeout: " + connectTimeout + " is outside 1s..5m");
        }
        range("mqtt.maxPacketSize", maxPacketSize, 128, MQTT_MAX_PACKET_SIZE);
    }

    /** Defaults for tcp:// servers: no credentials, no TLS. */
    public static MqttSettings defaults(List<URI> servers, String clientId) {
        return defaults(servers, clientId, Optional.empty());
    }

    /** Defaults for the given servers, ssl:// ones with {@code tls}. */
    public static MqttSettings defaults(List<URI> servers, String clientId, Optional<TlsFiles> tls) {
        return new MqttSettings(servers, clientId, DEFAULT_SESSION_EXPIRY, DEFAULT_KEEP_ALIVE, Optional.empty(),
                Optional.empty(), tls, Backoff.DEFAULT, DEFAULT_IN_FLIGHT_WINDOW, DEFAULT_INBOUND_WINDOW,
                DEFAULT_CONNECT_TIMEOUT, MQTT_MAX_PACKET_SIZE);
    }

    public MqttSettings withCredentials(String user, String pass) {
        return new MqttSettings(servers, clientId, sessionExpiry, keepAlive, Optional.of(user), Optional.of(pass), tls,
                backoff, inFlightWindow, inboundWindow, connectTimeout, maxPacketSize);
    }

    public MqttSettings withBackoff(Backoff b) {
        return new MqttSettings(servers, clientId, sessionExpiry, keepAlive, username, password, tls, b,
                inFlightWindow, inboundWindow, connectTimeout, maxPacketSize);
    }

    public MqttSettings withInFlightWindow(int window) {
        return new MqttSettings(servers, clientId, sessionExpiry, keepAlive, username, password, tls, backoff,
                window, inboundWindow, connectTimeout, maxPacketSize);
    }

    public MqttSettings withConnectTimeout(Duration timeout) {
        return new MqttSettings(servers, clientId, sessionExpiry, keepAlive, username, password, tls, backoff,
                inFlightWindow, inboundWindow, timeout, maxPacketSize);
    }

    public MqttSettings withMaxPacketSize(int bytes) {
        return new MqttSettings(servers, clientId, sessionExpiry, keepAlive, username, password, tls, backoff,
                inFlightWindow, inboundWindow, connectTimeout, bytes);
    }

    @Override
    public String toString() {
        return "MqttSettings[servers=" + servers + ", clientId=" + clientId + ", sessionExpiry=" + sessionExpiry
                + ", keepAlive=" + keepAlive + ", username=" + username.orElse("-")
                + ", password=" + (password.isPresent() ? "***" : "-") + ", tls=" + tls.map(Object::toString).orElse("-")
                + ", backoff=" + backoff + ", inFlightWindow=" + inFlightWindow + ", inboundWindow=" + inboundWindow
                + ", connectTimeout=" + connectTimeout + ", maxPacketSize=" + maxPacketSize + "]";
    }

    private static void checkServer(String key, URI uri, boolean tls) {
        Objects.requireNonNull(uri, key);
        String scheme = uri.getScheme();
        if (!"tcp".equals(scheme) && !"ssl".equals(scheme)) {
            throw new IllegalArgumentException(key + ": " + uri + " must start with tcp:// or ssl://");
        }
        if (uri.getHost() == null || uri.getPort() < 1) {
            throw new IllegalArgumentException(key + ": " + uri + " needs a host and a port, e.g. " + scheme + "://broker.example:"
                    + ("ssl".equals(scheme) ? 8883 : 1883));
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() || uri.getRawQuery() != null) {
            throw new IllegalArgumentException(key + ": " + uri + " must not have a path or query");
        }
        if ("ssl".equals(scheme) && !tls) {
            throw new IllegalArgumentException(key + ": " + uri + " is TLS but mqtt.tls is not set; give mqtt.tls.caCert");
        }
        if ("tcp".equals(scheme) && tls) {
            throw new IllegalArgumentException(key + ": " + uri + " is plain TCP but mqtt.tls is set; use ssl://");
        }
    }

    private static void wholeSeconds(String key, Duration d, long min, long max) {
        Objects.requireNonNull(d, key);
        if (d.getNano() != 0 || d.getSeconds() < min || d.getSeconds() > max) {
            throw new IllegalArgumentException(key + ": " + d + " must be whole seconds from " + min + "s to " + max + "s");
        }
    }

    private static void range(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + ": " + value + " is outside " + min + ".." + max);
        }
    }
}
