package cn.bsnedge.agent.anchor;

import cn.bsnedge.agent.transport.Backoff;
import cn.bsnedge.agent.transport.InboundMessage;
import cn.bsnedge.agent.transport.LinkState;
import cn.bsnedge.agent.transport.MqttLink;
import cn.bsnedge.agent.transport.MqttSettings;
import cn.bsnedge.agent.transport.PublishOptions;
import cn.bsnedge.agent.transport.mqtt.PahoMqttLink;
import cn.bsnedge.ledger.protocol.Topics;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A city node for tests, over a real MQTT link: subscribes to the city's anchors through the
 * shared subscription, decides with {@link NodeLedger} (ledger-lite's {@code AnchorCheck}) and
 * answers on the anchor's Response Topic with its Correlation Data, only if that topic is the
 * anchoring gateway's receipt topic (PROTOCOL.md §2.2). It can go down and come back (same client
 * id, so the broker queues anchors meanwhile), answer every anchor twice, and collects the
 * gateway's telemetry (block heights seen) and births.
 */
final class FakeCityNode implements AutoCloseable {

    static final Backoff FAST = new Backoff(Duration.ofMillis(50), Duration.ofMillis(400), 0.5);
    private static final AtomicInteger IDS = new AtomicInteger();

    final NodeLedger ledger;
    private final URI broker;
    private final Topics topics;
    private final String clientId = "fake-node-" + ProcessHandle.current().pid() + "-" + IDS.incrementAndGet();
    final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
    final java.util.Set<Long> blocksSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final ConcurrentLinkedQueue<byte[]> births = new ConcurrentLinkedQueue<>();
    private volatile boolean duplicates;
    private MqttLink link;

    FakeCityNode(URI broker, Topics topics, NodeLedger ledger) {
        this.broker = broker;
        this.topics = topics;
        this.ledger = ledger;
    }

    /** Answer every anchor twice (a duplicate delivery of each receipt). */
    void duplicates(boolean on) {
        duplicates = on;
    }

    synchronized void start() throws Exception {
        MqttSettings settings = MqttSettings.defaults(List.of(broker), clientId).withBackoff(FAST)
                .withConnectTimeout(Duration.ofSeconds(5));
        CountDownLatch up = new CountDownLatch(1);
        link = PahoMqttLink.create(settings, Optional.empty(), s -> {
            if (s instanceof LinkState.Connected) {
                up.countDown();
            }
        }, log::add);
        link.subscribe(topics.sharedAnchors("bsn-node"), this::onAnchor);
        link.subscribe(topics.allGateways(Topics.Channel.BLOCKS), m -> {
            try {
                cn.bsnedge.ledger.protocol.Messages.decodeBlocks(m.payload()).blocks().forEach(b -> blocksSeen.add(b.height()));
            } catch (cn.bsnedge.ledger.protocol.MessageException e) {
                log.add("bad blocks message: " + e.getMessage());
            }
        });
        link.subscribe(topics.allGateways(Topics.Channel.BIRTH), m -> births.add(m.payload()));
        link.start();
        if (!up.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("fake node did not connect: " + log);
        }
    }

    private void onAnchor(InboundMessage m) {
        Optional<Topics.Address> at = topics.parse(m.topic());
        if (at.isEmpty() || at.get().channel() != Topics.Channel.ANCHOR) {
            return;
        }
        String gw = at.get().gatewayId();
        byte[] answer = ledger.answer(gw, m.payload(), System.currentTimeMillis());
        if (m.responseTopic().isEmpty() || !m.responseTopic().get().equals(topics.receipt(gw))) {
            log.add("no or foreign response topic " + m.responseTopic());
            return;
        }
        PublishOptions opts = m.correlationData().map(PublishOptions::response).orElse(PublishOptions.PLAIN);
        try {
            for (int i = 0; i < (duplicates ? 2 : 1); i++) {
                link.publish(m.responseTopic().get(), answer, opts); // acknowledged after this handler returns
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The node goes down; the broker keeps its session and queues anchors. */
    synchronized void stop() {
        if (link != null) {
            link.close();
            link = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
