package cn.bsnedge.agent.transport;

import java.util.Objects;

/** Why a link operation or connection failed; {@link #reason()} says what a caller can do about it. */
public final class TransportException extends RuntimeException {

    public enum Reason {
        /** The link was closed; nothing more will be sent. */
        CLOSED,
        /** The broker could not be reached, the TLS handshake failed, or no CONNACK came in time. Retried. */
        CONNECT_FAILED,
        /** The broker answered the CONNECT with an error (bad credentials, not authorized). Retried, but needs a config fix. */
        CONNECT_REFUSED,
        /** An established connection was lost. Retried. */
        CONNECTION_LOST,
        /** The broker refused a publish or a subscription (PUBACK/SUBACK error reason code). Not retried. */
        REFUSED,
        /** No response to a request within its timeout. */
        TIMEOUT
    }

    private final Reason reason;

    public TransportException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public TransportException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
