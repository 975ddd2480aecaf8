package cn.bsnedge.agent.transport.mqtt;

import cn.bsnedge.agent.transport.InboundMessage;
import cn.bsnedge.agent.transport.LinkListener;
import cn.bsnedge.agent.transport.LinkState;
import cn.bsnedge.agent.transport.MessageHandler;
import cn.bsnedge.agent.transport.MqttLink;
import cn.bsnedge.agent.transport.MqttSettings;
import cn.bsnedge.agent.transport.Presence;
import cn.bsnedge.agent.transport.PublishOptions;
import cn.bsnedge.agent.transport.TransportException;
import cn.bsnedge.agent.transport.TransportException.Reason;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * {@link MqttLink} over Eclipse Paho's MQTT 5 async client (see the interface for the contract).
 * Paho's own automatic reconnect, file persistence and threads are not used: reconnects with
 * jitter are {@link ConnectionControl}'s, persistence is in memory, and every thread is the link's
 * ({@link LinkThreads}), so {@link #close()} can prove they all ended.
 */
public final class PahoMqttLink implements MqttLink {

    /** How long close waits for the link's threads to end. */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(10);

    private final Consumer<String> log;
    private final LinkThreads threads;
    private final LinkClient client;
    private final PublishWindow window = new PublishWindow();
    private final Subscriptions subscriptions = new Subscriptions();
    private final PendingRequests requests;
    private final Publisher publisher;
    private final ConnectionControl control;
    private final Timers timers;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * A link with real timers and clock.
     *
     * @param presence birth and Will, or empty for neither
     * @param log      one line per connection event and per handler failure
     * @throws IllegalArgumentException if the TLS files cannot be read (said with the file and key)
     */
    public static PahoMqttLink create(MqttSettings settings, Optional<Presence> presence, LinkListener listener,
                                      Consumer<String> log) {
        return new PahoMqttLink(settings, presence, listener, log, null, InstantSource.system(), new SplittableRandom());
    }

    /**
     * @param timers null for timers on the link's control thread
     * @param random for the reconnect jitter only
     */
    PahoMqttLink(MqttSettings settings, Optional<Presence> presence, LinkListener listener, Consumer<String> log,
                 Timers timers, InstantSource clock, RandomGenerator random) {
        this(settings, presence, listener, log, timers, clock, random, new LinkThreads());
    }

    /** @param threads the link's threads; tests give ones that count a task of theirs as Paho's */
    PahoMqttLink(MqttSettings settings, Optional<Presence> presence, LinkListener listener, Consumer<String> log,
                 Timers timers, InstantSource clock, RandomGenerator random, LinkThreads threads) {
        this.log = log;
        this.threads = threads;
        this.timers = timers != null ? timers : Timers.on(threads.control);
        this.requests = new PendingRequests();
        try {
            client = new LinkClient(settings.servers(), settings.clientId(), settings.tls().map(PemTls::socketFactory),
                    settings.connectTimeout(), threads.paho);
        } catch (MqttException | RuntimeException e) {
            shutdownThreads();
            throw e instanceof RuntimeException r ? r : new IllegalArgumentException("mqtt: " + Failures.describe(e), e);
        }
        client.setManualAcks(true);
        client.setCallback(new Callbacks());
        publisher = new Publisher(client, window, threads, log);
        control = new ConnectionControl(settings, presence, client, publisher, window, subscriptions, threads,
                this.timers, clock, random, listener, log);
    }

    @Override
    public void start() {
        checkOpen();
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("the MQTT link was already started");
        }
        control.start();
    }

    @Override
    public LinkState state() {
        return closed.get() ? new LinkState.Closed() : control.state();
    }

    @Override
    public CompletionStage<Void> publish(String topic, byte[] payload, PublishOptions options) throws InterruptedException {
        Topics.checkName(topic);
        byte[] body = payload.clone();
        checkOpen();
        return publisher.publish(topic, () -> message(body, options));
    }

    @Override
    public CompletionStage<Void> subscribe(String topicFilter, MessageHandler handler) {
        checkOpen();
        CompletableFuture<Void> granted = subscriptions.add(topicFilter, Optional.of(handler));
        if (!granted.isDone()) {
            control.subscribeIfUp(topicFilter);
        }
        return granted;
    }

    @Override
    public CompletionStage<InboundMessage> request(String topic, byte[] payload, String responseTopic, byte[] correlationData,
                                                   Duration timeout) throws InterruptedException {
        Topics.checkName(topic);
        Topics.checkName(responseTopic);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("request timeout " + timeout + " must be positive");
        }
        byte[] body = payload.clone();
        byte[] correlation = correlationData.clone();
        checkOpen();
        CompletableFuture<Void> granted = subscriptions.add(responseTopic, Optional.empty());
        if (!granted.isDone()) {
            control.subscribeIfUp(responseTopic);
            try {
                granted.get();
            } catch (ExecutionException e) {
                return CompletableFuture.failedFuture(e.getCause());
            }
        }
        PendingRequests.Pending p = requests.open(correlation);
        PublishOptions withResponse = PublishOptions.PLAIN.withResponse(responseTopic, correlation);
        CompletableFuture<Void> sent;
        try {
            sent = publisher.publish(topic, () -> message(body, withResponse));
        } catch (InterruptedException | RuntimeException e) {
            requests.fail(p.key(), new TransportException(Reason.CLOSED, "request to " + topic + " was not sent", e));
            throw e;
        }
        Timers.Scheduled timer = timers.schedule(timeout, () -> threads.onEvents(() -> requests.fail(p.key(),
                new TransportException(Reason.TIMEOUT, "no response on " + responseTopic + " within " + timeout
                        + " to the request on " + topic))));
        sent.whenComplete((v, x) -> {
            if (x != null) {
                requests.fail(p.key(), x instanceof TransportException t ? t
                        : new TransportException(Reason.CONNECTION_LOST, "request to " + topic + " failed: " + x, x));
            }
        });
        p.response().whenComplete((m, x) -> timer.cancel());
        return p.response();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        window.close();
        publisher.closing();
        CompletableFuture<Void> disconnected = new CompletableFuture<>();
        LinkThreads.post(threads.control, () -> {
            try {
                control.close();
            } finally {
                disconnected.complete(null);
            }
        });
        boolean interrupted = false;
        try {
            disconnected.get(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            interrupted = true;
        } catch (ExecutionException | TimeoutException e) {
            log.accept("mqtt: disconnect at close did not finish: " + e);
        }
        TransportException cause = new TransportException(Reason.CLOSED, "the MQTT link was closed");
        publisher.closeAll(cause);
        threads.onEvents(() -> {
            subscriptions.failAll(cause);
            requests.failAll(cause);
        });
        interrupted |= !shutdownThreads();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Publishes in flight or waiting for a reconnect; for tests and the status file. */
    int inFlight() {
        return window.inFlight();
    }

    /** Paho tasks running right now; stays above 0 after the link is idle only if one is stuck. */
    int busyPahoThreads() {
        return threads.paho.getActiveCount();
    }

    /** Threads of Paho's pool alive now (idle ones included). */
    int pahoThreads() {
        return threads.paho.getPoolSize();
    }

    private boolean shutdownThreads() {
        try {
            if (!threads.shutdown(CLOSE_GRACE)) {
                log.accept("mqtt: some link threads did not end within " + CLOSE_GRACE);
            }
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new TransportException(Reason.CLOSED, "the MQTT link is closed; nothing more is sent");
        }
    }

    private static MqttMessage message(byte[] payload, PublishOptions options) {
        MqttProperties props = new MqttProperties();
        options.responseTopic().ifPresent(props::setResponseTopic);
        options.correlationData().ifPresent(props::setCorrelationData);
        return new MqttMessage(payload, 1, options.retained(), props);
    }

    private void dispatch(InboundMessage m) {
        if (requests.answer(m)) {
            return;
        }
        var handlers = subscriptions.handlersFor(m.topic());
        if (handlers.isEmpty()) {
            log.accept("mqtt: no handler for " + m + " (a late response, or a subscription the session kept)");
        }
        for (MessageHandler h : handlers) {
            try {
                h.handle(m);
            } catch (RuntimeException e) {
                log.accept("mqtt: handler for " + m.topic() + " failed, message acknowledged anyway: " + e);
            }
        }
    }

    /** Paho's callbacks; they run on Paho's callback thread and only hand work on. */
    private final class Callbacks implements MqttCallback {

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            String detail = response.getException() != null ? Failures.describe(response.getException())
                    : "the broker sent DISCONNECT, " + Failures.reason(response.getReturnCode())
                      + (response.getReasonString() != null ? ": " + response.getReasonString() : "");
            control.lost(response.getException(), detail);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.accept("mqtt: protocol error reported by the client: " + Failures.describe(exception));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            int epoch = control.epoch();
            MqttProperties p = message.getProperties();
            InboundMessage m = new InboundMessage(topic, message.getPayload(), message.isRetained(), message.isDuplicate(),
                    Optional.ofNullable(p.getResponseTopic()), Optional.ofNullable(p.getCorrelationData()));
            int id = message.getId();
            int qos = message.getQos();
            LinkThreads.post(threads.events, () -> {
                try {
                    dispatch(m);
                } finally {
                    acknowledge(epoch, id, qos);
                }
            });
        }

        private void acknowledge(int epoch, int id, int qos) {
            // Only on the connection the message came on: after a reconnect the broker sends it
            // again under the same id, and that copy gets its own ack.
            if (qos == 0 || epoch != control.epoch() || !client.isConnected()) {
                return;
            }
            try {
                client.messageArrivedComplete(id, qos);
            } catch (MqttException | CompletionException e) {
                // The connection dropped: the broker will deliver it again.
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // Publishes are settled by their own listeners (Publisher).
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // ConnectionControl learns this from the connect token, tagged with its attempt.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // No enhanced authentication.
        }
    }
}
