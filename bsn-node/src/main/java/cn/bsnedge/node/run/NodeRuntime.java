package cn.bsnedge.node.run;

import cn.bsnedge.ledger.anchor.AnchorRejection;
import cn.bsnedge.ledger.protocol.AnchorResponse;
import cn.bsnedge.ledger.protocol.Messages;
import cn.bsnedge.ledger.protocol.ResendRequest;
import cn.bsnedge.ledger.protocol.Topics;
import cn.bsnedge.node.anchoring.AnchorService;
import cn.bsnedge.node.keys.NodeKeyFile.NodeIdentity;
import cn.bsnedge.node.ledger.AnchorLedger;
import cn.bsnedge.node.mqtt.NodeLink;
import cn.bsnedge.node.registry.GatewayRegistry;
import cn.bsnedge.node.telemetry.BlockArchive;
import cn.bsnedge.node.telemetry.TelemetryService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A running node process: its MQTT link, the anchor handling and the telemetry, wired together.
 * Anchors are decided on a small pool (the ledger serialises decisions, PROTOCOL.md §2.4); blocks,
 * births and deaths go through one telemetry thread in arrival order. Every message is acknowledged
 * only after its effect is durable and its answer published (PROTOCOL.md §2.3).
 */
public final class NodeRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);

    /** What the node was asked to do, for {@link #start}. */
    public record Options(String shareGroup, Duration gapGrace, Duration resendInterval, Duration gapCheckEvery, String segmentName) {
        public static Options defaults(String shareGroup, String segmentName) {
            return new Options(shareGroup, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(5), segmentName);
        }
    }

    /** Running counts, for status and tests. */
    public record Counts(long accepted, long duplicates, long rejected, long alarms, long blockMessages) {
    }

    private final Topics topics;
    private final NodeIdentity node;
    private final NodeLink link;
    private final AnchorService anchors;
    private final TelemetryService telemetry;
    private final BlockArchive archive;
    private final ExecutorService anchorPool;
    private final ScheduledExecutorService telemetryThread;
    private final CompletableFuture<Void> firstConnect = new CompletableFuture<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong alarms = new AtomicLong();
    private final AtomicLong blockMessages = new AtomicLong();
    private final java.util.Map<String, AtomicLong> rejections = new java.util.concurrent.ConcurrentHashMap<>();
    private final OncePerMinute rejectionLog = new OncePerMinute();

    /** PROTOCOL.md §6: the first of each kind per gateway per minute is logged; all are counted. */
    private static final class OncePerMinute {
        private final java.util.Map<String, Long> last = new java.util.concurrent.ConcurrentHashMap<>();

        boolean shouldLog(String key) {
            long now = System.nanoTime();
            Long before = last.get(key);
            if (before != null && now - before < TimeUnit.MINUTES.toNanos(1)) {
                return false;
            }
            last.put(key, now);
            return true;
        }
    }

    private NodeRuntime(Topics topics, NodeIdentity node, NodeLink link, AnchorService anchors, TelemetryService telemetry,
                        BlockArchive archive, String threadTag) {
        this.topics = topics;
        this.node = node;
        this.link = link;
        this.anchors = anchors;
        this.telemetry = telemetry;
        this.archive = archive;
        this.anchorPool = Executors.newFixedThreadPool(2, named("bsn-node-anchors-" + threadTag));
        this.telemetryThread = Executors.newSingleThreadScheduledExecutor(named("bsn-node-telemetry-" + threadTag));
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Starts handling the city's anchors and telemetry over {@code link}, which must not be started
     * yet. {@code ledger} and {@code registry} stay owned by the caller.
     */
    public static NodeRuntime start(Topics topics, NodeIdentity node, Path dataDir, AnchorLedger ledger, GatewayRegistry registry,
                                    NodeLink link, InstantSource clock, Options options) throws IOException {
        BlockArchive archive = BlockArchive.open(dataDir, options.segmentName());
        AnchorService anchors = new AnchorService(node, registry::keys, ledger, clock);
        NodeRuntime[] self = new NodeRuntime[1];
        TelemetryService telemetry = new TelemetryService(node.nodeId(), registry::keys, archive, ledger, clock,
                r -> self[0].sendResend(r), options.gapGrace(), options.resendInterval());
        NodeRuntime rt = new NodeRuntime(topics, node, link, anchors, telemetry, archive,
                options.segmentName().replaceAll("[^A-Za-z0-9]", ""));
        self[0] = rt;
        List<String> filters = List.of(topics.sharedAnchors(options.shareGroup()),
                "$share/" + options.shareGroup() + "/" + topics.allGateways(Topics.Channel.BLOCKS),
                topics.allGateways(Topics.Channel.BIRTH), topics.allGateways(Topics.Channel.DEATH));
        rt.telemetryThread.scheduleWithFixedDelay(rt::checkGaps, options.gapCheckEvery().toMillis(),
                options.gapCheckEvery().toMillis(), TimeUnit.MILLISECONDS);
        link.start(filters, rt::onMessage, new NodeLink.Listener() {
            @Override
            public void connected(boolean sessionPresent) {
                rt.firstConnect.complete(null);
            }
        });
        return rt;
    }

    /** Completes when the link first connected and subscribed. */
    public CompletableFuture<Void> ready() {
        return firstConnect;
    }

    public Counts counts() {
        return new Counts(accepted.get(), duplicates.get(), rejected.get(), alarms.get(), blockMessages.get());
    }

    /** Rejected anchors by "gateway reason". */
    public java.util.Map<String, Long> rejections() {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        rejections.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    public TelemetryService telemetry() {
        return telemetry;
    }

    private void onMessage(NodeLink.Inbound m) {
        Optional<Topics.Address> address = topics.parse(m.topic());
        if (address.isEmpty()) {
            LOG.warn("message on {} is not a topic of city {}; acknowledged and dropped", m.topic(), topics.city());
            m.ack();
            return;
        }
        String gw = address.get().gatewayId();
        switch (address.get().channel()) {
            case ANCHOR -> anchorPool.execute(() -> handleAnchor(gw, m));
            case BLOCKS -> telemetryThread.execute(() -> {
                try {
                    telemetry.onBlocks(gw, m.payload());
                    blockMessages.incrementAndGet();
                    m.ack();
                } catch (IOException | RuntimeException e) {
                    LOG.error("cannot archive blocks of {}: {}; left unacknowledged for redelivery", gw, e.toString());
                }
            });
            case BIRTH -> telemetryThread.execute(() -> {
                telemetry.onBirth(gw, m.payload());
                m.ack();
            });
            case DEATH -> telemetryThread.execute(() -> {
                telemetry.onDeath(gw, m.payload());
                m.ack();
            });
            default -> m.ack();
        }
    }

    private void handleAnchor(String gw, NodeLink.Inbound m) {
        AnchorService.Outcome outcome;
        try {
            outcome = anchors.handle(gw, m.payload());
        } catch (RuntimeException e) {
            LOG.error("anchor of {} could not be handled; left unacknowledged for redelivery", gw, e);
            return;
        }
        switch (outcome.result()) {
            case ACCEPTED -> accepted.incrementAndGet();
            case DUPLICATE -> duplicates.incrementAndGet();
            case REJECTED -> rejected.incrementAndGet();
        }
        outcome.alarm().ifPresent(a -> {
            alarms.incrementAndGet();
            LOG.error("ALARM {} {}: {} (ledger #{})", a.kind().label(), gw, a.detail(), a.seq());
        });
        if (outcome.result() == AnchorService.Result.REJECTED) {
            String reason = outcome.reason().map(r -> r.label()).orElse("?");
            long n = rejections.computeIfAbsent(gw + " " + reason, k -> new AtomicLong()).incrementAndGet();
            if (rejectionLog.shouldLog(gw + " " + reason)) {
                AnchorRejection rej = ((AnchorResponse.Rejection) outcome.response()).rejection().statement();
                LOG.warn("anchor of {} rejected ({}, {} so far): {}", gw, reason, n, rej.detail());
            }
        } else {
            LOG.debug("anchor of {}: {}", gw, outcome.result());
        }
        String receiptTopic = topics.receipt(gw);
        if (m.responseTopic() == null) {
            m.ack();
            return;
        }
        if (!m.responseTopic().equals(receiptTopic)) {
            LOG.warn("anchor of {} asks for its answer on {}, not its receipt topic {}; not answered", gw, m.responseTopic(), receiptTopic);
            m.ack();
            return;
        }
        answer(gw, m, Messages.encodeResponse(outcome.response()), 1);
    }

    /**
     * Publishes the answer, then acknowledges the anchor. If the publish fails while the link is up
     * the broker would not redeliver the anchor (that happens only on a new connection), so the
     * answer is retried a few times; if the link is down, the anchor comes again after the reconnect.
     */
    private void answer(String gw, NodeLink.Inbound m, byte[] payload, int attempt) {
        link.publish(m.responseTopic(), payload, false, m.correlationData()).whenComplete((v, e) -> {
            if (e == null) {
                m.ack();
            } else if (link.isConnected() && attempt < 5) {
                telemetryThread.schedule(() -> answer(gw, m, payload, attempt + 1), 200L * attempt, TimeUnit.MILLISECONDS);
            } else {
                LOG.warn("answer to {} not delivered ({}); the anchor stays unacknowledged and comes again after a reconnect",
                        gw, e.getMessage());
            }
        });
    }

    private void checkGaps() {
        try {
            if (link.isConnected()) {
                telemetry.checkGaps();
            }
        } catch (RuntimeException e) {
            LOG.error("gap check failed", e);
        }
    }

    private void sendResend(ResendRequest r) {
        link.publish(topics.resend(r.gatewayId()), Messages.encodeResend(r), false, null)
                .exceptionally(e -> {
                    LOG.warn("resend request to {} not delivered: {}", r.gatewayId(), e.getMessage());
                    return null;
                });
    }

    public String nodeId() {
        return node.nodeId();
    }

    @Override
    public void close() {
        link.close();
        anchorPool.shutdown();
        telemetryThread.shutdown();
        try {
            anchorPool.awaitTermination(10, TimeUnit.SECONDS);
            telemetryThread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        anchorPool.shutdownNow();
        telemetryThread.shutdownNow();
        try {
            archive.close();
        } catch (IOException e) {
            LOG.warn("closing the block archive: {}", e.getMessage());
        }
    }
}
