package cn.bsnedge.node.testing;

import cn.bsnedge.ledger.anchor.Anchor;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.protocol.AnchorResponse;
import cn.bsnedge.ledger.protocol.BlockBatch;
import cn.bsnedge.ledger.protocol.MessageException;
import cn.bsnedge.ledger.protocol.Messages;
import cn.bsnedge.ledger.protocol.ResendRequest;
import cn.bsnedge.ledger.protocol.Topics;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The MQTT side of a {@link FakeGateway}: publishes anchors as request/response (PROTOCOL.md §2.2),
 * blocks and births over a real Paho client, and collects the node's answers and resend requests.
 * Like a gateway's outbox, {@link #anchorUntilAnswered} publishes again until an answer comes.
 */
public final class GatewayClient implements AutoCloseable {

    private final String uri;
    private final Topics topics;
    private final FakeGateway gw;
    private final Map<String, BlockingQueue<AnchorResponse>> answers = new ConcurrentHashMap<>();
    public final BlockingQueue<ResendRequest> resends = new LinkedBlockingQueue<>();
    private MqttAsyncClient client;

    public GatewayClient(String uri, Topics topics, FakeGateway gw) throws MqttException {
        this.uri = uri;
        this.topics = topics;
        this.gw = gw;
        connect();
    }

    public FakeGateway gateway() {
        return gw;
    }

    public synchronized void connect() throws MqttException {
        client = new MqttAsyncClient(uri, "gw-" + topics.city() + "-" + Topics.gatewayLevel(gw.id()), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                try {
                    if (topic.endsWith("/resend")) {
                        resends.add(Messages.decodeResend(m.getPayload()));
                        return;
                    }
                    byte[] corr = m.getProperties() == null ? null : m.getProperties().getCorrelationData();
                    queue(corr).add(Messages.decodeResponse(m.getPayload()));
                } catch (MessageException e) {
                    throw new AssertionError("node sent an undecodable payload on " + topic + ": " + e.getMessage(), e);
                }
            }

            @Override
            public void deliveryComplete(IMqttToken t) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(3600L);
        client.connect(o).waitForCompletion(10_000);
        client.subscribe(new MqttSubscription[] {new MqttSubscription(topics.receipt(gw.id()), 1),
                new MqttSubscription(topics.resend(gw.id()), 1)}).waitForCompletion(10_000);
    }

    /** A new Paho client on the same session, as after a lost connection. */
    public synchronized void reconnect() throws MqttException {
        close();
        connect();
    }

    private BlockingQueue<AnchorResponse> queue(byte[] corr) {
        return answers.computeIfAbsent(corr == null ? "" : HexFormat.of().formatHex(corr), k -> new LinkedBlockingQueue<>());
    }

    /** Publishes {@code payload} on {@code topic} with a response topic and correlation data. */
    public synchronized void publishRequest(String topic, byte[] payload, String responseTopic, byte[] corr) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        MqttProperties p = new MqttProperties();
        p.setResponseTopic(responseTopic);
        p.setCorrelationData(corr);
        m.setProperties(p);
        client.publish(topic, m).waitForCompletion(10_000);
    }

    public void publish(Anchor a) throws MqttException {
        publishRequest(topics.anchor(gw.id()), Messages.encodeAnchor(a), topics.receipt(gw.id()), Messages.correlationData(a.head()));
    }

    /** The next answer carrying {@code corr}, or null after {@code timeout}. */
    public AnchorResponse next(byte[] corr, Duration timeout) throws InterruptedException {
        return queue(corr).poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Publishes {@code a} and waits for its answer. */
    public AnchorResponse anchor(Anchor a, Duration timeout) throws Exception {
        publish(a);
        return next(Messages.correlationData(a.head()), timeout);
    }

    /** Publishes {@code a} every {@code every} until an answer comes, as a gateway's outbox does. */
    public AnchorResponse anchorUntilAnswered(Anchor a, Duration every, Duration total) throws Exception {
        long deadline = System.nanoTime() + total.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                publish(a);
            } catch (MqttException e) {
                try {
                    reconnect();
                } catch (MqttException again) {
                    Thread.sleep(200);
                }
                continue;
            }
            AnchorResponse r = next(Messages.correlationData(a.head()), every);
            if (r != null) {
                return r;
            }
        }
        throw new AssertionError("no answer to " + a.head() + " within " + total);
    }

    public void publishBlocks(List<MicroBlock> blocks, BlockBatch.Cause cause) throws MqttException {
        MqttMessage m = new MqttMessage(Messages.encodeBlocks(new BlockBatch(gw.id(), cause, blocks)));
        m.setQos(1);
        synchronized (this) {
            client.publish(topics.blocks(gw.id()), m).waitForCompletion(10_000);
        }
    }

    public synchronized void publishRetained(String topic, byte[] payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        m.setRetained(true);
        client.publish(topic, m).waitForCompletion(10_000);
    }

    @Override
    public synchronized void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5000);
            }
        } catch (MqttException ignored) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // gone
        }
    }
}
