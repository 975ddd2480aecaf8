package cn.bsnedge.node.mqtt;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The node's one MQTT 5 session, behind which Paho sits (nothing else in the node imports it).
 *
 * <p>Contract: {@link #start} connects in the background and keeps reconnecting with backoff; on
 * every connection it (re)subscribes to the filters with QoS 1. Messages arrive on the link's
 * thread, one at a time: the handler must hand them off quickly. A message is acknowledged (QoS 1
 * PUBACK) only when its {@link Inbound#ack()} runs; a message not acknowledged before its
 * connection drops is delivered again by the broker (the session is persistent), so acknowledge
 * only once its effect is durable. {@link #close} ends every thread the link started.
 */
public interface NodeLink extends AutoCloseable {

    /**
     * A received message. {@code responseTopic} and {@code correlationData} are the MQTT 5
     * properties, null when absent.
     */
    record Inbound(String topic, byte[] payload, String responseTopic, byte[] correlationData, Runnable acknowledger) {
        /** Sends the PUBACK (if the message's connection is still up; otherwise it comes again). */
        public void ack() {
            acknowledger.run();
        }
    }

    @FunctionalInterface
    interface Handler {
        void onMessage(Inbound message);
    }

    /** Connection state changes, for logs and status. */
    interface Listener {
        default void connected(boolean sessionPresent) {
        }

        default void disconnected(String why) {
        }
    }

    void start(List<String> filters, Handler handler, Listener listener);

    /**
     * Publishes with QoS 1; completes when the broker acknowledged it, exceptionally if the link is
     * down or the connection dropped first (the caller decides whether to retry).
     */
    CompletableFuture<Void> publish(String topic, byte[] payload, boolean retained, byte[] correlationData);

    boolean isConnected();

    @Override
    void close();
}
