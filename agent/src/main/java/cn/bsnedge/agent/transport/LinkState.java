package cn.bsnedge.agent.transport;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** Where a {@link MqttLink} stands; reported to its {@link LinkListener} on every change. */
public sealed interface LinkState {

    /** A connect attempt is under way (also the state before the first one). */
    record Connecting(int attempt) implements LinkState {
    }

    /**
     * Connected; the birth message was acknowledged.
     *
     * @param serverUri      the broker this connection reached
     * @param sessionPresent whether the broker still had the session (if not, subscriptions were sent again)
     * @param window         publishes that may be in flight at once: the smaller of the configured
     *                       window and the broker's Receive Maximum
     */
    record Connected(String serverUri, boolean sessionPresent, int window) implements LinkState {
        public Connected {
            Objects.requireNonNull(serverUri, "serverUri");
        }
    }

    /**
     * Not connected: an attempt failed or the connection was lost.
     *
     * @param cause   what went wrong, for the log and the status file
     * @param retryIn when the next attempt starts
     */
    record Disconnected(TransportException cause, Duration retryIn) implements LinkState {
        public Disconnected {
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(retryIn, "retryIn");
        }
    }

    /** Closed for good; the last state a link reports. */
    record Closed() implements LinkState {
    }

    /** The failure behind this state, if it is {@link Disconnected}. */
    default Optional<TransportException> failure() {
        return this instanceof Disconnected d ? Optional.of(d.cause()) : Optional.empty();
    }
}
