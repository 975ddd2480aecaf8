package cn.bsnedge.agent.transport.mqtt;

import cn.bsnedge.agent.transport.LinkListener;
import cn.bsnedge.agent.transport.LinkState;
import cn.bsnedge.agent.transport.MqttSettings;
import cn.bsnedge.agent.transport.Presence;
import cn.bsnedge.agent.transport.TransportException;
import cn.bsnedge.agent.transport.TransportException.Reason;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The link's state machine: connect attempts, reconnect backoff, the subscriptions a new session
 * needs, the birth message, and the clean disconnect at close. Every method except {@link #epoch()}
 * runs on the control thread; Paho's callbacks are posted there, tagged with the attempt they
 * belong to, so a late callback of an old attempt changes nothing.
 */
final class ConnectionControl {

    /** MQTT 5 DISCONNECT reason 0x04: "disconnect with Will Message", so the broker announces our death. */
    static final int DISCONNECT_WITH_WILL = 0x04;
    /** How long close lets in-flight work finish, then waits for the DISCONNECT to go out. */
    static final long QUIESCE_MILLIS = 500;
    static final long DISCONNECT_WAIT_MILLIS = 2000;
    static final Duration STARTUP_WAIT = Duration.ofSeconds(5);
    /** How long an attempt waits for the last connection's Paho tasks to end, and how often it looks. */
    static final Duration DRAIN_WAIT = Duration.ofSeconds(5);
    static final long DRAIN_POLL_MILLIS = 10;

    private final MqttSettings settings;
    private final Optional<Presence> presence;
    private final LinkClient client;
    private final Publisher publisher;
    private final PublishWindow window;
    private final Subscriptions subscriptions;
    private final LinkThreads threads;
    private final Timers timers;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final LinkListener listener;
    private final Consumer<String> log;

    /** Attempt counter; also tags a connection's inbound messages, whose acks only that connection may send. */
    private volatile int epoch;
    private volatile LinkState state = new LinkState.Connecting(0);
    private int attempts;
    private int retries;
    private boolean up;
    private boolean closed;
    private Instant upSince = Instant.EPOCH;
    private Timers.Scheduled retry;
    /** When the pending attempt began waiting for the last connection's tasks; 0 when it is not waiting. */
    private long drainSince;

    ConnectionControl(MqttSettings settings, Optional<Presence> presence, LinkClient client, Publisher publisher,
                      PublishWindow window, Subscriptions subscriptions, LinkThreads threads, Timers timers,
                      InstantSource clock, RandomGenerator random, LinkListener listener, Consumer<String> log) {
        this.settings = settings;
        this.presence = presence;
        this.client = client;
        this.publisher = publisher;
        this.window = window;
        this.subscriptions = subscriptions;
        this.threads = threads;
        this.timers = timers;
        this.clock = clock;
        this.random = random;
        this.listener = listener;
        this.log = log;
    }

    int epoch() {
        return epoch;
    }

    LinkState state() {
        return state;
    }

    void start() {
        LinkThreads.post(threads.control, this::attempt);
    }

    /** Sends {@code filter} now if connected; otherwise the next connect will. */
    void subscribeIfUp(String filter) {
        LinkThreads.post(threads.control, () -> {
            if (up && !subscriptions.isGranted(filter)) {
                sendSubscribe(epoch, filter);
            }
        });
    }

    /** Paho reported the connection gone (posted from its thread). */
    void lost(Throwable cause, String detail) {
        LinkThreads.post(threads.control, () -> {
            if (!up || closed) {
                return;
            }
            up = false;
            window.pause();
            // A connection that held for a while resets the backoff; one that the broker drops at
            // once (say, another gateway with our client id) keeps it growing.
            if (Duration.between(upSince, clock.instant()).compareTo(settings.backoff().max()) >= 0) {
                retries = 0;
            }
            scheduleRetry(Failures.lost(String.valueOf(client.getCurrentServerURI()), cause, detail));
        });
    }

    /** Runs on the control thread: no more attempts; a clean DISCONNECT (with Will) if connected. */
    void close() {
        closed = true;
        if (retry != null) {
            retry.cancel();
        }
        try {
            if (client.isConnected()) {
                client.disconnect(QUIESCE_MILLIS, null, null, DISCONNECT_WITH_WILL, new MqttProperties())
                        .waitForCompletion(DISCONNECT_WAIT_MILLIS);
            }
        } catch (MqttException e) {
            log.accept("mqtt: clean disconnect failed, closing the socket: " + Failures.describe(e));
        }
        client.refuseStarts();
        awaitPahoStartup();
        try {
            // Connecting, or the clean disconnect timed out: drop the socket. Harmless when already down.
            client.disconnectForcibly(0, 0, false);
        } catch (MqttException e) {
            // Already disconnected: nothing to force.
        }
        try {
            client.close();
        } catch (MqttException e) {
            log.accept("mqtt: closing the client: " + Failures.describe(e));
        }
        up = false;
        emit(new LinkState.Closed());
    }

    /**
     * Lets a connect attempt get past Paho's start-up polls (a few hundred ms at most: they wait
     * for our own pool's threads, not for the broker) before the socket is dropped under it.
     */
    private void awaitPahoStartup() {
        long deadline = System.nanoTime() + STARTUP_WAIT.toNanos();
        while (client.inPahoStartup() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void attempt() {
        retry = null;
        if (closed || !lastConnectionEnded()) {
            return;
        }
        int e = ++epoch;
        emit(new LinkState.Connecting(++attempts));
        try {
            client.connect(options(), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    LinkThreads.post(threads.control, () -> connected(e, token));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    LinkThreads.post(threads.control, () -> failed(e, exception));
                }
            });
        } catch (MqttException | RuntimeException ex) {
            failed(e, ex);
        }
    }

    /**
     * Whether the last connection's receiver, sender, callback and ping have all ended; if not, the
     * attempt is tried again in {@link #DRAIN_POLL_MILLIS}. Paho keeps one set of these per client
     * and reports a loss before they have all stopped. One that fails late (a receiver woken by its
     * closed socket, say) shuts down whatever connection the client has by then: the next one,
     * often before its own tasks were seen running, which strands its connect thread in Paho's
     * start-up polls for good. Waiting costs a few ms; after {@link #DRAIN_WAIT} the attempt goes
     * ahead anyway, so a task that never ends cannot keep the link down.
     */
    private boolean lastConnectionEnded() {
        int left = threads.connectionTasks();
        if (left == 0) {
            drainSince = 0;
            return true;
        }
        long now = System.nanoTime();
        if (drainSince == 0) {
            drainSince = now;
        } else if (now - drainSince > DRAIN_WAIT.toNanos()) {
            log.accept("mqtt: " + left + " task(s) of the last connection still running after " + DRAIN_WAIT
                    + "; connecting anyway");
            drainSince = 0;
            return true;
        }
        try {
            threads.control.schedule(this::attempt, DRAIN_POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // close() is under way; there is nothing to connect for.
        }
        return false;
    }

    private void connected(int e, IMqttToken token) {
        if (e != epoch || closed) {
            return;
        }
        up = true;
        upSince = clock.instant();
        MqttProperties props = token.getResponseProperties();
        Integer brokerMax = props == null ? null : props.getReceiveMaximum();
        int limit = Math.min(settings.inFlightWindow(), brokerMax == null ? 65535 : brokerMax);
        window.resize(limit);
        boolean sessionPresent = token.getSessionPresent();
        for (String filter : subscriptions.toSend(sessionPresent)) {
            sendSubscribe(e, filter);
        }
        if (presence.isPresent()) {
            birth(e, presence.get(), limit, sessionPresent);
        } else {
            goLive(e, limit, sessionPresent);
        }
    }

    private void birth(int e, Presence p, int limit, boolean sessionPresent) {
        if (e != epoch || !up || closed) {
            return;
        }
        MqttMessage birth = new MqttMessage(p.birth().get(), 1, true, new MqttProperties());
        Runnable again = () -> LinkThreads.post(threads.control, () -> birth(e, p, limit, sessionPresent));
        publisher.publishBeforeOpen(p.birthTopic(), birth, again).ifPresent(acked -> acked.whenComplete((v, x) ->
                LinkThreads.post(threads.control, () -> {
                    if (x == null) {
                        goLive(e, limit, sessionPresent);
                    } else if (e == epoch && up) {
                        log.accept("mqtt: birth message not acknowledged: " + x.getMessage());
                    }
                })));
    }

    private void goLive(int e, int limit, boolean sessionPresent) {
        if (e != epoch || !up || closed) {
            return;
        }
        window.open();
        emit(new LinkState.Connected(String.valueOf(client.getCurrentServerURI()), sessionPresent, limit));
    }

    private void failed(int e, Throwable exception) {
        if (e != epoch || closed) {
            return;
        }
        up = false;
        window.pause();
        scheduleRetry(Failures.connect(String.valueOf(client.getCurrentServerURI()), exception));
    }

    private void scheduleRetry(TransportException cause) {
        Duration delay = settings.backoff().delay(retries, random.nextDouble());
        retries = Math.min(retries + 1, 62);
        retry = timers.schedule(delay, () -> LinkThreads.post(threads.control, this::attempt));
        log.accept("mqtt: " + cause.getMessage() + "; next attempt in " + delay.toMillis() + " ms");
        emit(new LinkState.Disconnected(cause, delay));
    }

    private void sendSubscribe(int e, String filter) {
        try {
            client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, 1)}, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                        TransportException refused = new TransportException(Reason.REFUSED,
                                "broker refused the subscription to " + filter + ": " + Failures.reason(codes[0]));
                        log.accept("mqtt: " + refused.getMessage());
                        settle(subscriptions.refused(filter), refused);
                    } else {
                        settle(subscriptions.granted(filter), null);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    // The connection dropped before the SUBACK: the next connect sends it again.
                }
            }, new MqttProperties());
        } catch (MqttException ex) {
            // Not connected after all; the next connect sends it.
        }
    }

    private void settle(List<CompletableFuture<Void>> stages, TransportException failure) {
        threads.onEvents(() -> stages.forEach(f -> {
            if (failure == null) {
                f.complete(null);
            } else {
                f.completeExceptionally(failure);
            }
        }));
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setServerURIs(settings.servers().stream().map(Object::toString).toArray(String[]::new));
        o.setCleanStart(false);
        o.setSessionExpiryInterval(settings.sessionExpiry().toSeconds());
        o.setKeepAliveInterval(Math.toIntExact(settings.keepAlive().toSeconds()));
        o.setConnectionTimeout(Math.toIntExact(settings.connectTimeout().toSeconds()));
        o.setAutomaticReconnect(false); // ours has jitter; Paho's has none
        o.setReceiveMaximum(settings.inboundWindow());
        settings.username().ifPresent(o::setUserName);
        settings.password().ifPresent(p -> o.setPassword(p.getBytes(StandardCharsets.UTF_8)));
        o.setMaximumPacketSize((long) settings.maxPacketSize());
        presence.ifPresent(p -> o.setWill(p.deathTopic(), new MqttMessage(p.death().get(), 1, true, new MqttProperties())));
        return o;
    }

    private void emit(LinkState s) {
        state = s;
        threads.onEvents(() -> listener.stateChanged(s));
    }
}
