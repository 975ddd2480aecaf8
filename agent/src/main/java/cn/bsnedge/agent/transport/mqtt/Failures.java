package cn.bsnedge.agent.transport.mqtt;

import cn.bsnedge.agent.transport.TransportException;
import cn.bsnedge.agent.transport.TransportException.Reason;
import org.eclipse.paho.mqttv5.common.MqttException;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.util.Map;

/** Turns Paho's exceptions into {@link TransportException}s whose message says what to check. */
final class Failures {

    /** MQTT 5 reason codes of CONNACK, PUBACK and SUBACK (section 2.4), for messages. */
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(0x80, "unspecified error"), Map.entry(0x81, "malformed packet"),
            Map.entry(0x82, "protocol error"), Map.entry(0x83, "implementation specific error"),
            Map.entry(0x84, "unsupported protocol version"), Map.entry(0x85, "client identifier not valid"),
            Map.entry(0x86, "bad user name or password"), Map.entry(0x87, "not authorized"),
            Map.entry(0x88, "server unavailable"), Map.entry(0x89, "server busy"), Map.entry(0x8A, "banned"),
            Map.entry(0x8C, "bad authentication method"), Map.entry(0x8F, "topic filter invalid"),
            Map.entry(0x90, "topic name invalid"), Map.entry(0x91, "packet identifier in use"),
            Map.entry(0x95, "packet too large"), Map.entry(0x97, "quota exceeded"),
            Map.entry(0x99, "payload format invalid"), Map.entry(0x9A, "retain not supported"),
            Map.entry(0x9B, "QoS not supported"), Map.entry(0x9C, "use another server"),
            Map.entry(0x9D, "server moved"), Map.entry(0x9E, "shared subscriptions not supported"),
            Map.entry(0x9F, "connection rate exceeded"), Map.entry(0xA1, "subscription identifiers not supported"),
            Map.entry(0xA2, "wildcard subscriptions not supported"));

    private Failures() {
    }

    static String reason(int code) {
        return String.format("reason 0x%02X (%s)", code, REASONS.getOrDefault(code, "unknown"));
    }

    /** Why a connect attempt to {@code server} failed. */
    static TransportException connect(String server, Throwable failure) {
        if (failure instanceof MqttException me && me.getReasonCode() >= 0x80 && me.getReasonCode() <= 0xFF) {
            return new TransportException(Reason.CONNECT_REFUSED, "broker " + server + " refused the connection: "
                    + reason(me.getReasonCode()) + hint(me.getReasonCode()), failure);
        }
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            root = t;
            if (t instanceof CertPathValidatorException || t instanceof SSLHandshakeException && mentionsPkix(t)) {
                return new TransportException(Reason.CONNECT_FAILED, "TLS handshake with " + server
                        + " failed: the broker's certificate does not chain to mqtt.tls.caCert (" + t.getMessage() + ")", failure);
            }
            if (t instanceof SSLException ssl) {
                String m = String.valueOf(ssl.getMessage());
                String why = m.contains("certificate_required") || m.contains("bad_certificate") || m.contains("unknown_ca")
                        ? "the broker refused our client certificate, or that we sent none; check mqtt.tls.clientCert and clientKey ("
                        : "TLS failed (";
                return new TransportException(Reason.CONNECT_FAILED, "TLS with " + server + ": " + why + m + ")", failure);
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException) {
                return new TransportException(Reason.CONNECT_FAILED, "cannot reach broker " + server + ": " + t, failure);
            }
            if (t instanceof ConnackTimeoutException) {
                return new TransportException(Reason.CONNECT_FAILED, t.getMessage(), failure);
            }
            if ((t instanceof SocketException || t instanceof EOFException) && server.startsWith("ssl:")) {
                // TLS 1.3 finishes the client's side of the handshake before the broker checks our
                // certificate; its refusal then shows up as a closed connection at our first write.
                return new TransportException(Reason.CONNECT_FAILED, "broker " + server + " closed the TLS connection"
                        + " right after the handshake (" + t.getMessage() + "); a broker that requires client"
                        + " certificates does this when we send none or one it does not trust: check"
                        + " mqtt.tls.clientCert and clientKey", failure);
            }
        }
        return new TransportException(Reason.CONNECT_FAILED, "connect to " + server + " failed: " + describe(failure)
                + (root != failure ? " (" + root + ")" : ""), failure);
    }

    /** Why an established connection ended. */
    static TransportException lost(String server, Throwable cause, String detail) {
        return new TransportException(Reason.CONNECTION_LOST, "connection to " + server + " lost: " + detail, cause);
    }

    static String describe(Throwable t) {
        if (t instanceof MqttException me) {
            return me.getMessage() + " (Paho " + me.getReasonCode() + ")";
        }
        return String.valueOf(t);
    }

    private static boolean mentionsPkix(Throwable t) {
        String m = String.valueOf(t.getMessage());
        return m.contains("PKIX") || m.contains("certification path");
    }

    private static String hint(int code) {
        return switch (code) {
            case 0x86 -> "; check mqtt.username and mqtt.password";
            case 0x87 -> "; the broker's ACL does not let this client id connect";
            case 0x85 -> "; check mqtt.clientId";
            default -> "";
        };
    }
}
