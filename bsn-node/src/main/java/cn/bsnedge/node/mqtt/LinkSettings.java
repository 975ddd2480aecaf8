package cn.bsnedge.node.mqtt;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the node connects: broker URI ({@code tcp://} or {@code ssl://}), a stable client id (the
 * session's name at the broker), the session expiry that decides how long the broker queues anchors
 * while the node is down, optional username/password and TLS files (PEM).
 *
 * @param tlsCa         CA certificate(s) the broker's certificate must chain to
 * @param tlsCert       client certificate for mutual TLS (with {@code tlsKey}, PKCS#8 PEM)
 * @param receiveMaximum QoS 1 messages the broker may have in flight to the node before it acknowledges any
 */
public record LinkSettings(String serverUri, String clientId, Duration sessionExpiry, Optional<String> username,
                           Optional<char[]> password, Optional<Path> tlsCa, Optional<Path> tlsCert, Optional<Path> tlsKey,
                           int receiveMaximum, Duration backoffMin, Duration backoffMax) {

    /** The largest packet the node takes: a blocks message plus MQTT header and properties (PROTOCOL.md §2.3). */
    public static final long MAX_PACKET_BYTES = 32L * 1024 * 1024 + 1024;

    public LinkSettings {
        Objects.requireNonNull(serverUri, "serverUri");
        if (!serverUri.startsWith("tcp://") && !serverUri.startsWith("ssl://")) {
            throw new IllegalArgumentException("broker URI '" + serverUri + "' must start with tcp:// or ssl://");
        }
        if (clientId == null || clientId.isEmpty() || clientId.length() > 64) {
            throw new IllegalArgumentException("client id must be 1..64 characters, got '" + clientId + "'");
        }
        if (sessionExpiry.isNegative() || sessionExpiry.toSeconds() > 0xffffffffL) {
            throw new IllegalArgumentException("session expiry " + sessionExpiry + " is outside 0..2^32-1 s");
        }
        if (tlsCert.isPresent() != tlsKey.isPresent()) {
            throw new IllegalArgumentException("a client certificate needs its key and the reverse: give both --tls-cert and --tls-key");
        }
        if ((tlsCa.isPresent() || tlsCert.isPresent()) && !serverUri.startsWith("ssl://")) {
            throw new IllegalArgumentException("TLS files given but the broker URI '" + serverUri + "' is not ssl://");
        }
        if (receiveMaximum < 1 || receiveMaximum > 65535) {
            throw new IllegalArgumentException("receive maximum " + receiveMaximum + " is outside 1..65535");
        }
    }

    /** Plain TCP, no credentials, a week of session, backoff 200 ms .. 30 s. */
    public static LinkSettings plain(String serverUri, String clientId) {
        return new LinkSettings(serverUri, clientId, Duration.ofDays(7), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), 64, Duration.ofMillis(200), Duration.ofSeconds(30));
    }

    public LinkSettings withBackoff(Duration min, Duration max) {
        return new LinkSettings(serverUri, clientId, sessionExpiry, username, password, tlsCa, tlsCert, tlsKey, receiveMaximum, min, max);
    }

    public LinkSettings withReceiveMaximum(int max) {
        return new LinkSettings(serverUri, clientId, sessionExpiry, username, password, tlsCa, tlsCert, tlsKey, max, backoffMin, backoffMax);
    }

    public LinkSettings withClientId(String id) {
        return new LinkSettings(serverUri, id, sessionExpiry, username, password, tlsCa, tlsCert, tlsKey, receiveMaximum,
                backoffMin, backoffMax);
    }
}
