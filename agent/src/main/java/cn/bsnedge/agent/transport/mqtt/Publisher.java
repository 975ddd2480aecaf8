package cn.bsnedge.agent.transport.mqtt;

import cn.bsnedge.agent.transport.TransportException;
import cn.bsnedge.agent.transport.TransportException.Reason;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Hands QoS 1 publishes to Paho through the {@link PublishWindow} and settles each one's stage
 * when Paho reports the PUBACK. A publish stays in flight across a lost connection (the session
 * sends it again), so a failure Paho reports while the message is still among its pending
 * deliveries does not settle it.
 */
final class Publisher {

    /** How long a hand-over that Paho refused as "too many publishes in progress" waits before trying again. */
    private static final long FULL_RETRY_MILLIS = 50;

    private final MqttAsyncClient client;
    private final PublishWindow window;
    private final LinkThreads threads;
    private final Consumer<String> log;
    private final Set<Outgoing> outstanding = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean warnedFull = new AtomicBoolean();
    private volatile boolean closed;

    Publisher(MqttAsyncClient client, PublishWindow window, LinkThreads threads, Consumer<String> log) {
        this.client = client;
        this.window = window;
        this.threads = threads;
        this.log = log;
    }

    /**
     * Waits for a slot and an open connection, then hands the message over.
     *
     * @param message makes the message; called again if a hand-over has to be repeated
     */
    CompletableFuture<Void> publish(String topic, Supplier<MqttMessage> message) throws InterruptedException {
        long generation = window.acquire(-1);
        Outgoing out = new Outgoing(topic);
        outstanding.add(out);
        try {
            while (true) {
                try {
                    client.publish(topic, message.get(), null, out);
                    return out.done;
                } catch (MqttException e) {
                    switch (e.getReasonCode()) {
                        // The connection the window was open for is gone: wait for the next one.
                        case MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED,
                             MqttClientException.REASON_CODE_CLIENT_DISCONNECTING,
                             MqttClientException.REASON_CODE_CONNECT_IN_PROGRESS,
                             MqttClientException.REASON_CODE_CLIENT_CLOSED -> generation = window.awaitNewer(generation);
                        case MqttClientException.REASON_CODE_MAX_INFLIGHT -> {
                            if (warnedFull.compareAndSet(false, true)) {
                                log.accept("mqtt: Paho refused a publish as too many in flight (32202) although the window had room;"
                                        + " retrying it after the next PUBACK");
                            }
                            window.awaitRelease(FULL_RETRY_MILLIS);
                        }
                        default -> {
                            out.settle(new TransportException(Reason.REFUSED, "the MQTT client refused the publish to "
                                    + topic + ": " + Failures.describe(e), e));
                            return out.done;
                        }
                    }
                }
            }
        } catch (InterruptedException | RuntimeException e) {
            out.abandon();
            throw e;
        }
    }

    /**
     * Publishes before the window opens (the birth message), if a slot is free; otherwise runs
     * {@code retry} once one is.
     */
    Optional<CompletableFuture<Void>> publishBeforeOpen(String topic, MqttMessage message, Runnable retry) {
        if (!window.tryAcquireBeforeOpen(retry)) {
            return Optional.empty();
        }
        Outgoing out = new Outgoing(topic);
        outstanding.add(out);
        try {
            client.publish(topic, message, null, out);
        } catch (MqttException e) {
            out.settle(Failures.lost(client.getCurrentServerURI(), e, "before the birth message went out"));
        }
        return Optional.of(out.done);
    }

    /** The link is closing: failures Paho reports from now on are settled by {@link #closeAll}, not taken as lost. */
    void closing() {
        closed = true;
    }

    /** Fails every publish still waiting for its PUBACK. */
    void closeAll(TransportException cause) {
        closed = true;
        for (Outgoing o : outstanding) {
            o.settle(cause);
        }
    }

    int outstanding() {
        return outstanding.size();
    }

    private final class Outgoing implements MqttActionListener {
        final String topic;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final AtomicBoolean settled = new AtomicBoolean();

        Outgoing(String topic) {
            this.topic = topic;
        }

        @Override
        public void onSuccess(IMqttToken token) {
            int[] codes = token.getReasonCodes();
            if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                settle(new TransportException(Reason.REFUSED, "broker refused the publish to " + topic + ": "
                        + Failures.reason(codes[0])));
            } else {
                settle(null);
            }
        }

        @Override
        public void onFailure(IMqttToken token, Throwable exception) {
            if (closed) {
                return; // closeAll settles it
            }
            // Paho fails the tokens of in-flight messages when the connection drops, but keeps the
            // messages and sends them again after the reconnect, then reports their PUBACK here.
            try {
                if (Arrays.asList(client.getPendingTokens()).contains(token)) {
                    return;
                }
            } catch (RuntimeException closing) {
                return; // the client is being closed under us; closeAll settles it
            }
            settle(new TransportException(Reason.CONNECTION_LOST, "the publish to " + topic + " was dropped by the MQTT client: "
                    + Failures.describe(exception), exception));
        }

        void settle(TransportException failure) {
            if (!settled.compareAndSet(false, true)) {
                return;
            }
            window.release();
            outstanding.remove(this);
            threads.onEvents(() -> {
                if (failure == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(failure);
                }
            });
        }

        /** The caller gave up before the hand-over (interrupted, or the link closed): nothing was sent. */
        void abandon() {
            if (settled.compareAndSet(false, true)) {
                window.release();
                outstanding.remove(this);
            }
        }
    }
}
