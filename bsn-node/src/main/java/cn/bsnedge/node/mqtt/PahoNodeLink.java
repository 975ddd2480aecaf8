package cn.bsnedge.node.mqtt;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link NodeLink} over Paho's MQTT 5 async client.
 *
 * <p>One Paho client per connection: when a connection drops, its client and its threads are
 * closed and the next attempt builds a new one on the same persistent session (clean start 0).
 * That sidesteps Paho 1.2.5 resending a publish with a topic alias that the new connection does
 * not know (Paho #527, #1104), and every Paho thread lives in the connection's own pool, so closing
 * it ends them. Paho's automatic reconnect and file persistence are not used: reconnects back off
 * with jitter here, and what must survive lives in the node's ledger, not in Paho.
 *
 * <p>Paho's sockets come from {@link GatedSocketFactory}, which also does the TLS: Paho #850 leaves a
 * thread polling forever when a broker closes a connection at once (as it refuses a client certificate).
 *
 * <p>Publishes in flight are capped ({@link #WINDOW}): Paho refuses more than the broker's Receive
 * Maximum with error 32202 (Mosquitto announces 20), so publishers wait for a slot instead.
 */
public final class PahoNodeLink implements NodeLink {

    static final int WINDOW = 16;
    private static final Logger LOG = LoggerFactory.getLogger(PahoNodeLink.class);
    private static final AtomicInteger LINKS = new AtomicInteger();

    private final LinkSettings settings;
    private final ScheduledExecutorService control;
    private final Semaphore window = new Semaphore(WINDOW);
    private final String threadPrefix;
    private volatile Connection current;
    private volatile boolean closed;
    private List<String> filters;
    private Handler handler;
    private Listener listener;
    private int failures;

    public PahoNodeLink(LinkSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.threadPrefix = "bsn-node-mqtt-" + LINKS.incrementAndGet();
        this.control = pool(1, threadPrefix + "-control");
    }

    private static ScheduledThreadPoolExecutor pool(int threads, String name) {
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor p = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        p.setRemoveOnCancelPolicy(true);
        return p;
    }

    @Override
    public void start(List<String> filters, Handler handler, Listener listener) {
        this.filters = List.copyOf(filters);
        this.handler = Objects.requireNonNull(handler, "handler");
        this.listener = Objects.requireNonNull(listener, "listener");
        control.execute(this::connect);
    }

    @Override
    public boolean isConnected() {
        Connection c = current;
        return c != null && c.up;
    }

    /** One connection attempt; runs on the control thread. */
    private void connect() {
        if (closed || current != null) {
            return;
        }
        Connection c;
        try {
            c = new Connection();
        } catch (MqttException | IOException e) {
            LOG.warn("MQTT client for {} could not be set up: {}", settings.serverUri(), e.getMessage());
            scheduleReconnect();
            return;
        }
        current = c;
        try {
            c.client.connect(options(c), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    c.attempt.complete(null);
                    // Usable at once: a resumed session delivers queued messages right after the CONNACK,
                    // before the SUBACK, and their answers must be publishable and their acks sent.
                    c.up = true;
                    control.execute(() -> subscribe(c, token.getSessionPresent()));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    c.attempt.complete(null);
                    control.execute(() -> lost(c, "connect to " + settings.serverUri() + " failed: " + message(e)));
                }
            });
        } catch (MqttException | IOException e) {
            c.attempt.complete(null);
            lost(c, "connect to " + settings.serverUri() + " failed: " + message(e));
        }
    }

    private MqttConnectionOptions options(Connection c) throws IOException {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setServerURIs(new String[] {pahoUri()});
        o.setCleanStart(false);
        o.setSessionExpiryInterval(settings.sessionExpiry().toSeconds());
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(30);
        o.setConnectionTimeout(10);
        o.setReceiveMaximum(settings.receiveMaximum());
        o.setMaximumPacketSize(LinkSettings.MAX_PACKET_BYTES);
        settings.username().ifPresent(o::setUserName);
        settings.password().ifPresent(p -> o.setPassword(new String(p).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        String host = java.net.URI.create(settings.serverUri()).getHost();
        o.setSocketFactory(new GatedSocketFactory(settings.serverUri().startsWith("ssl://")
                ? PemTls.socketFactory(settings.tlsCa(), settings.tlsCert(), settings.tlsKey()) : null, host));
        return o;
    }

    /** Paho always gets tcp://: TLS, when asked for, is done by {@link GatedSocketFactory}. */
    private String pahoUri() {
        String uri = settings.serverUri();
        return uri.startsWith("ssl://") ? "tcp://" + uri.substring("ssl://".length()) : uri;
    }

    private void subscribe(Connection c, boolean sessionPresent) {
        if (c != current || closed) {
            return;
        }
        MqttSubscription[] subs = filters.stream().map(f -> new MqttSubscription(f, 1)).toArray(MqttSubscription[]::new);
        try {
            c.client.subscribe(subs, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    control.execute(() -> {
                        for (int rc : token.getReasonCodes()) {
                            if (rc > 1) {
                                lost(c, "broker refused a subscription of " + filters + " with reason code " + rc);
                                return;
                            }
                        }
                        if (c == current) {
                            failures = 0;
                            LOG.info("connected to {} as {} (session {}), subscribed to {}", settings.serverUri(),
                                    settings.clientId(), sessionPresent ? "resumed" : "new", filters);
                            listener.connected(sessionPresent);
                        }
                    });
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    control.execute(() -> lost(c, "subscribe failed: " + message(e)));
                }
            }, new MqttProperties());
        } catch (MqttException e) {
            lost(c, "subscribe failed: " + message(e));
        }
    }

    /** Drops connection {@code c} and schedules the next attempt; runs on the control thread. */
    private void lost(Connection c, String why) {
        if (c != current) {
            return;
        }
        boolean wasUp = c.up;
        current = null;
        c.dispose();
        if (wasUp) {
            LOG.warn("MQTT connection lost: {}", why);
            listener.disconnected(why);
        } else {
            LOG.debug("{}", why);
            if (failures == 0) {
                LOG.warn("{} (retrying with backoff)", why);
            }
        }
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (closed) {
            return;
        }
        long min = settings.backoffMin().toMillis();
        long max = settings.backoffMax().toMillis();
        long ceiling = Math.min(max, min << Math.min(failures, 20));
        failures++;
        long delay = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        control.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, boolean retained, byte[] correlationData) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            if (!window.tryAcquire(30, TimeUnit.SECONDS)) {
                done.completeExceptionally(new IOException("no publish slot within 30 s: " + WINDOW + " publishes unacknowledged"));
                return done;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done.completeExceptionally(e);
            return done;
        }
        Connection c = current;
        if (c == null || !c.up) {
            window.release();
            done.completeExceptionally(new IOException("not connected to " + settings.serverUri()));
            return done;
        }
        c.track(done);
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        m.setRetained(retained);
        if (correlationData != null) {
            MqttProperties p = new MqttProperties();
            p.setCorrelationData(correlationData);
            m.setProperties(p);
        }
        try {
            c.client.publish(topic, m, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    c.settle(done, null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    c.settle(done, e);
                }
            });
        } catch (MqttException e) {
            c.settle(done, e);
        }
        return done;
    }

    @Override
    public void close() {
        closed = true;
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        control.execute(() -> {
            Connection c = current;
            current = null;
            if (c != null) {
                // Never abort Paho mid-connect: its connect task then waits forever for a receiver we
                // stopped. The attempt ends by itself within the connect timeout.
                try {
                    c.attempt.get(20, TimeUnit.SECONDS);
                } catch (Exception e) {
                    LOG.warn("connect attempt to {} still running at close", settings.serverUri());
                }
                if (c.up) {
                    try {
                        c.client.disconnect(2000).waitForCompletion(3000);
                    } catch (MqttException ignored) {
                        // Closing anyway.
                    }
                }
                c.dispose();
            }
            stopped.complete(null);
        });
        try {
            stopped.get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // Shut the control thread down below regardless.
        }
        control.shutdownNow();
        try {
            control.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String message(Throwable e) {
        if (e instanceof MqttException m) {
            return m.getMessage() + " (Paho reason " + m.getReasonCode() + (m.getCause() != null ? ", " + m.getCause() : "") + ")";
        }
        return String.valueOf(e);
    }

    /** One Paho client, its threads and its publishes in flight. */
    private final class Connection implements MqttCallback {
        final ScheduledThreadPoolExecutor threads = pool(6, threadPrefix + "-paho");
        final MqttAsyncClient client;
        final Set<CompletableFuture<Void>> inFlight = ConcurrentHashMap.newKeySet();
        /** Completes when Paho reported the connect attempt's outcome, either way. */
        final CompletableFuture<Void> attempt = new CompletableFuture<>();
        volatile boolean up;

        Connection() throws MqttException, IOException {
            client = new MqttAsyncClient(pahoUri(), settings.clientId(), new MemoryPersistence(), null, threads);
            client.setManualAcks(true);
            client.setCallback(this);
        }

        void track(CompletableFuture<Void> f) {
            inFlight.add(f);
        }

        void settle(CompletableFuture<Void> f, Throwable e) {
            if (inFlight.remove(f)) {
                window.release();
                if (e == null) {
                    f.complete(null);
                } else {
                    f.completeExceptionally(e);
                }
            }
        }

        void dispose() {
            up = false;
            for (CompletableFuture<Void> f : List.copyOf(inFlight)) {
                settle(f, new IOException("connection to " + settings.serverUri() + " dropped before the broker acknowledged"));
            }
            try {
                client.disconnectForcibly(0, 100, false);
            } catch (MqttException ignored) {
                // Already gone.
            }
            try {
                client.close(true);
            } catch (MqttException ignored) {
                // Its threads are ended below either way.
            }
            // shutdown(), not shutdownNow(): a task Paho queued a moment ago (its sender, say) must still
            // run, or Paho's connect task polls forever for it to start (the #850 family again).
            threads.shutdown();
            try {
                if (!threads.awaitTermination(3, TimeUnit.SECONDS)) {
                    LOG.warn("Paho threads of a closed connection still running after 3 s: {}", threads);
                    threads.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                threads.shutdownNow();
            }
        }

        void ack(int id, int qos) {
            if (current != this || !up) {
                return; // the broker redelivers it on the next connection
            }
            try {
                client.messageArrivedComplete(id, qos);
            } catch (MqttException e) {
                LOG.debug("acknowledging message {} failed: {}", id, e.getMessage());
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            MqttProperties p = message.getProperties();
            int id = message.getId();
            int qos = message.getQos();
            Runnable ack = qos == 0 ? () -> { } : () -> ack(id, qos);
            try {
                handler.onMessage(new Inbound(topic, message.getPayload(), p == null ? null : p.getResponseTopic(),
                        p == null ? null : p.getCorrelationData(), ack));
            } catch (RuntimeException e) {
                LOG.error("handler failed on a message on {}; it will be redelivered after a reconnect", topic, e);
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            control.execute(() -> lost(this, "broker disconnected: " + response));
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            control.execute(() -> lost(this, "MQTT error: " + message(e)));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
