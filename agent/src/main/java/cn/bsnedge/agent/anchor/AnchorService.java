package cn.bsnedge.agent.anchor;

import cn.bsnedge.agent.keys.GatewayKeyFile.GatewayIdentity;
import cn.bsnedge.agent.status.AnchorStatus;
import cn.bsnedge.agent.store.BlockStore;
import cn.bsnedge.agent.store.StoreException;
import cn.bsnedge.agent.time.Ticker;
import cn.bsnedge.agent.transport.LinkListener;
import cn.bsnedge.agent.transport.LinkState;
import cn.bsnedge.agent.transport.MqttLink;
import cn.bsnedge.agent.transport.Presence;
import cn.bsnedge.agent.transport.PublishOptions;
import cn.bsnedge.agent.transport.TransportException;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.protocol.BlockBatch;
import cn.bsnedge.ledger.protocol.Topics;

import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs anchoring for the agent: one thread ({@code bsn-anchor}) that keeps the block-hash log up
 * with the chain, publishes anchors when the {@link Anchorer} says so and block telemetry at the
 * {@link Telemetry}'s pace; the link's event thread hands receipts, rejections and resend
 * requests straight to them (a receipt is synced before its message is acknowledged to the
 * broker). Birth and death travel as the link's {@link Presence}. docs/ANCHOR.md.
 */
public final class AnchorService implements Anchoring {

    /** Makes the link once the presence exists (tests pass a fake). */
    @FunctionalInterface
    public interface LinkFactory {
        MqttLink create(Presence presence, LinkListener listener);
    }

    /** Everything anchoring needs besides the link. */
    public record Setup(GatewayIdentity id, BlockStore chain, Path dir, Topics topics, NodeKeys nodeKeys, AnchorPolicy policy,
                        int replayRate, InstantSource wall, Ticker ticker, Supplier<ClockQuality> clock, String agent,
                        Consumer<String> log) {
    }

    private static final long IDLE_NANOS = 1_000_000_000L;
    private static final long ERROR_PAUSE_NANOS = 1_000_000_000L;
    private static final long STOP_GRACE_MILLIS = 2_000;

    private final Setup s;
    private final Anchorer anchorer;
    private final Telemetry telemetry;
    private final MqttLink link;
    private final Thread thread;
    private final ConcurrentSkipListMap<Long, byte[]> hints = new ConcurrentSkipListMap<>();
    private final Object signal = new Object();
    private boolean signaled;
    private volatile boolean closing;
    private volatile String linkState = "connecting";
    private String lastError = "";

    private AnchorService(Setup s, Anchorer anchorer, Telemetry telemetry, LinkFactory links) throws IOException {
        this.s = s;
        this.anchorer = anchorer;
        this.telemetry = telemetry;
        GatewayPresence presence = new GatewayPresence(s.id(), s.chain(), anchorer::anchoredSize, s.wall(), s.clock(), s.agent(), s.dir());
        this.link = links.create(presence.presence(s.topics()), this::linkChanged);
        this.thread = Thread.ofPlatform().name("bsn-anchor").daemon(true).unstarted(this::run);
    }

    /**
     * Opens DATA/anchor (repairing what a crash left), subscribes to the receipt and resend
     * topics, starts the link and the thread.
     */
    public static AnchorService start(Setup s, LinkFactory links) throws IOException, StoreException {
        Anchorer anchorer = Anchorer.open(s.dir(), s.id(), s.chain(), s.nodeKeys(), s.policy(), s.wall(), s.clock(), s.log());
        AnchorService service;
        try {
            long mark = anchorer.outbox().published();
            Telemetry telemetry = new Telemetry(s.id().gatewayId(), s.chain(), anchorer.outbox(),
                    mark >= 0 ? mark : anchorer.anchoredSize(), new Pacer(s.replayRate()), BlockBatch.TARGET_BYTES, s.log());
            service = new AnchorService(s, anchorer, telemetry, links);
        } catch (IOException | RuntimeException e) {
            anchorer.close();
            throw e;
        }
        service.link.subscribe(s.topics().receipt(s.id().gatewayId()), m -> service.onResponse(m.payload()));
        service.link.subscribe(s.topics().resend(s.id().gatewayId()), m -> {
            if (service.telemetry.requested(m.payload())) {
                service.signal();
            }
        });
        service.link.start();
        service.thread.start();
        return service;
    }

    private void onResponse(byte[] payload) {
        try {
            Anchorer.Outcome o = anchorer.onResponse(payload, s.ticker().read());
            if (o == Anchorer.Outcome.STORED) {
                anchorer.latestReceipt().ifPresent(r -> s.log().accept("anchor: receipt for tree size " + r.size() + " from node "
                        + r.receipt().statement().nodeId() + ", ledger #" + r.receipt().statement().ledgerSeq()));
            }
        } catch (IOException | StoreException | java.security.GeneralSecurityException | RuntimeException e) {
            // Not acknowledged as stored: the broker's redelivery or our resend brings the answer again.
            s.log().accept("anchor: handling a response failed: " + e);
        }
        signal();
    }

    private void linkChanged(LinkState state) {
        linkState = switch (state) {
            case LinkState.Connecting c -> "connecting (attempt " + c.attempt() + ")";
            case LinkState.Connected c -> "connected to " + c.serverUri() + (c.sessionPresent() ? "" : " (new session)");
            case LinkState.Disconnected d -> "disconnected: " + d.cause().getMessage() + "; retry in " + d.retryIn().toSeconds() + " s";
            case LinkState.Closed c -> "closed";
        };
        if (state instanceof LinkState.Connected c && !c.sessionPresent()) {
            anchorer.sessionLost();
            telemetry.rewind();
        }
        signal();
    }

    @Override
    public void committed(MicroBlock block) {
        hints.put(block.height(), block.hash());
        signal();
    }

    private void signal() {
        synchronized (signal) {
            signaled = true;
            signal.notifyAll();
        }
    }

    private void await(long nanos) throws InterruptedException {
        synchronized (signal) {
            long deadline = System.nanoTime() + nanos;
            while (!signaled && !closing) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(signal, left);
            }
            signaled = false;
        }
    }

    private void run() {
        while (!closing) {
            try {
                long now = s.ticker().read();
                anchorer.catchUp(hints::get);
                hints.headMap(anchorer.logSize()).clear();
                boolean sent = false;
                Optional<Anchorer.Outgoing> a = anchorer.poll(now);
                if (a.isPresent()) {
                    publishAnchor(a.get());
                    sent = true;
                }
                Optional<Telemetry.Batch> b = telemetry.next(s.ticker().read());
                if (b.isPresent()) {
                    publishBlocks(b.get());
                    sent = true;
                }
                lastError = "";
                if (!sent) {
                    long t = s.ticker().read();
                    long until = Math.min(anchorer.nextDeadline(t, IDLE_NANOS) - t, telemetry.nextDeadline(t, IDLE_NANOS) - t);
                    await(Math.max(1_000_000, until));
                }
            } catch (InterruptedException e) {
                return;
            } catch (TransportException e) {
                if (e.reason() == TransportException.Reason.CLOSED) {
                    return;
                }
                pause(e);
            } catch (Exception e) {
                pause(e);
            }
        }
    }

    private void pause(Exception e) {
        String m = e.toString();
        if (!m.equals(lastError)) { // once per distinct failure, not once a second
            s.log().accept("anchor: " + m + "; retrying");
            lastError = m;
        }
        try {
            await(ERROR_PAUSE_NANOS);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }

    private void publishAnchor(Anchorer.Outgoing o) throws InterruptedException {
        String gw = s.id().gatewayId();
        PublishOptions opts = PublishOptions.PLAIN.withResponse(s.topics().receipt(gw), o.correlationData());
        link.publish(s.topics().anchor(gw), o.payload(), opts).whenComplete((v, x) -> {
            if (x == null) {
                anchorer.acknowledged(o, s.ticker().read());
            }
            signal();
        });
        s.log().accept("anchor: published " + (o.recovery() ? "a request for the lost receipt of" : "an anchor for") + " tree size "
                + o.size() + " (from " + o.anchor().prevSize() + ", " + o.payload().length + " bytes)");
    }

    private void publishBlocks(Telemetry.Batch b) throws InterruptedException {
        link.publish(s.topics().blocks(s.id().gatewayId()), b.payload(), PublishOptions.PLAIN).whenComplete((v, x) -> {
            try {
                telemetry.done(b, x == null, s.ticker().read());
            } catch (IOException e) {
                s.log().accept("anchor: storing the telemetry mark failed: " + e.getMessage());
            }
            signal();
        });
    }

    @Override
    public OptionalLong backlog() {
        return OptionalLong.of(anchorer.backlog());
    }

    @Override
    public Optional<AnchorStatus> status() {
        var r = anchorer.latestReceipt();
        return Optional.of(new AnchorStatus(linkState, anchorer.logSize(), anchorer.anchoredSize(),
                r.map(x -> x.receipt().statement().nodeId()).orElse(""),
                r.map(x -> x.receipt().statement().ledgerSeq()).orElse(-1L),
                r.map(x -> x.receipt().statement().recordedAt().toString()).orElse(""),
                anchorer.backlog(), anchorer.pending().map(p -> p.head().treeSize()).orElse(0L), telemetry.mark(),
                anchorer.lastRejection(), anchorer.halted().isPresent(), anchorer.alarms()));
    }

    /** The anchoring core, for tests. */
    Anchorer anchorer() {
        return anchorer;
    }

    Telemetry telemetry() {
        return telemetry;
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        signal();
        // Not interrupted at once: the thread may be in FileChannel I/O (nodes.dat, the outbox), and an
        // interrupt closes that channel, so the sync below fails and the outbox is rebuilt half-way.
        // It ends after its current step; one waiting in a publish for a down link ends when the link closes.
        try {
            thread.join(STOP_GRACE_MILLIS);
            if (thread.isAlive()) {
                link.close();
                thread.join(10_000);
            }
            if (thread.isAlive()) {
                thread.interrupt(); // stuck elsewhere: the next start repairs whatever this breaks
                thread.join(1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            telemetry.flush(s.ticker().read());
            anchorer.force();
        } catch (IOException | RuntimeException e) {
            s.log().accept("anchor: syncing at shutdown: " + e.getMessage());
        }
        link.close();
        try {
            anchorer.close();
        } catch (IOException e) {
            s.log().accept("anchor: closing: " + e.getMessage());
        }
    }
}
