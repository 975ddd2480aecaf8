package cn.bsnedge.agent.anchor;

import cn.bsnedge.agent.store.BlockStore;
import cn.bsnedge.agent.store.StoreException;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.protocol.BlockBatch;
import cn.bsnedge.ledger.protocol.MessageException;
import cn.bsnedge.ledger.protocol.MessageKind;
import cn.bsnedge.ledger.protocol.Messages;
import cn.bsnedge.ledger.protocol.ResendRequest;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The chain as telemetry for the city (PROTOCOL.md §4.5): every committed block is published on
 * the blocks topic once the broker is reachable, in height order, packed into messages of about
 * 1 MiB, at most {@code replayRate} blocks a second ({@link Pacer}). The height below which the
 * broker acknowledged everything is kept in the {@link Outbox}, so a restart goes on from there
 * (re-sending at most what was in flight: receivers expect duplicates). A city's resend request
 * (§4.6) is served before new blocks, paced the same way; requests beyond {@value #MAX_REQUESTS}
 * queued are ignored, as the protocol allows.
 *
 * <p>Synchronized: the service thread takes batches, the link's event thread reports acknowledgements.
 */
final class Telemetry {

    /** One message to publish. */
    record Batch(BlockBatch batch, byte[] payload, long generation) {
        boolean live() {
            return batch.cause() == BlockBatch.Cause.LIVE;
        }
    }

    static final int MAX_REQUESTS = 16;
    static final int MAX_IN_FLIGHT = 8;
    /** Persist the mark at most this often while acknowledgements stream in (each MapDB commit is two fsyncs). */
    private static final long PERSIST_EVERY_NANOS = 1_000_000_000L;

    private final String gatewayId;
    private final BlockStore chain;
    private final Outbox outbox;
    private final Pacer pacer;
    private final Consumer<String> log;
    private final int targetBytes;
    private final Deque<long[]> inFlight = new ArrayDeque<>(); // {from, to, done}
    private final Deque<ResendRequest> requests = new ArrayDeque<>();
    private long mark;
    private long cursor;
    private long generation;
    private long persistedAt;
    private boolean persisted = true;
    private long published;
    private long resent;

    Telemetry(String gatewayId, BlockStore chain, Outbox outbox, long startMark, Pacer pacer, int targetBytes, Consumer<String> log) {
        this.gatewayId = gatewayId;
        this.chain = chain;
        this.outbox = outbox;
        this.pacer = pacer;
        this.targetBytes = targetBytes;
        this.log = log;
        this.mark = Math.min(Math.max(0, startMark), chain.size());
        this.cursor = mark;
    }

    /** The next message to publish now, if the pace and the in-flight limit allow one. */
    synchronized Optional<Batch> next(long now) throws StoreException {
        if (inFlight.size() >= MAX_IN_FLIGHT) {
            return Optional.empty();
        }
        long allowed = pacer.available(now);
        if (allowed < 1) {
            return Optional.empty();
        }
        long size = chain.size();
        while (!requests.isEmpty()) {
            ResendRequest r = requests.peekFirst();
            long from = r.fromHeight();
            long to = Math.min(r.endHeight(), size);
            if (from >= to) {
                requests.removeFirst();
                continue;
            }
            BlockBatch b = read(from, to, allowed, BlockBatch.Cause.RESEND);
            requests.removeFirst();
            if (b.lastHeight() + 1 < to) {
                requests.addFirst(new ResendRequest(r.gatewayId(), r.requesterId(), b.lastHeight() + 1,
                        (int) (r.endHeight() - b.lastHeight() - 1)));
            }
            pacer.take(b.blocks().size(), now);
            resent += b.blocks().size();
            return Optional.of(new Batch(b, Messages.encodeBlocks(b), generation));
        }
        if (cursor >= size) {
            return Optional.empty();
        }
        BlockBatch b = read(cursor, size, allowed, BlockBatch.Cause.LIVE);
        pacer.take(b.blocks().size(), now);
        inFlight.addLast(new long[] {cursor, b.lastHeight() + 1, 0});
        cursor = b.lastHeight() + 1;
        return Optional.of(new Batch(b, Messages.encodeBlocks(b), generation));
    }

    /** Consecutive blocks from {@code from}, at most {@code max} and about {@link #targetBytes}; at least one. */
    private BlockBatch read(long from, long to, long max, BlockBatch.Cause cause) throws StoreException {
        List<MicroBlock> blocks = new ArrayList<>();
        long bytes = 16 + gatewayId.length();
        for (long h = from; h < to && blocks.size() < Math.min(max, BlockBatch.MAX_BLOCKS); h++) {
            MicroBlock b = chain.block(h).orElseThrow(() -> new StoreException("committed block missing"));
            long add = 4L + b.encode().length;
            if (!blocks.isEmpty() && bytes + add > targetBytes) {
                break;
            }
            if (bytes + add > MessageKind.BLOCKS.maxBytes()) {
                throw new StoreException("block " + h + " encodes to " + add + " bytes; no blocks message can carry it");
            }
            blocks.add(b);
            bytes += add;
        }
        return new BlockBatch(gatewayId, cause, blocks);
    }

    /** The broker acknowledged {@code b} ({@code ok}), or it failed for good. */
    synchronized void done(Batch b, boolean ok, long now) throws IOException {
        if (!b.live() || b.generation() != generation) {
            return;
        }
        if (!ok) {
            rewind();
            return;
        }
        for (long[] r : inFlight) {
            if (r[0] == b.batch().firstHeight()) {
                r[2] = 1;
            }
        }
        while (!inFlight.isEmpty() && inFlight.peekFirst()[2] == 1) {
            long[] r = inFlight.removeFirst();
            published += r[1] - mark;
            mark = r[1];
            persisted = false;
        }
        if (!persisted && (inFlight.isEmpty() || now - persistedAt >= PERSIST_EVERY_NANOS)) {
            flush(now);
        }
    }

    /** Persists the mark (also at shutdown). */
    synchronized void flush(long now) throws IOException {
        outbox.setPublished(mark);
        persistedAt = now;
        persisted = true;
    }

    /** What was in flight may be lost (session gone, publish failed): publish again from the mark. */
    synchronized void rewind() {
        generation++;
        inFlight.clear();
        cursor = mark;
    }

    /** A resend request from the resend topic; false if dropped (unreadable, another gateway's, or too many queued). */
    synchronized boolean requested(byte[] payload) {
        ResendRequest r;
        try {
            r = Messages.decodeResend(payload);
        } catch (MessageException e) {
            log.accept("anchor: dropped an unreadable resend request (" + e.kind() + "): " + e.getMessage());
            return false;
        }
        if (!r.gatewayId().equals(gatewayId)) {
            log.accept("anchor: dropped a resend request for gateway " + r.gatewayId());
            return false;
        }
        if (requests.size() >= MAX_REQUESTS) {
            log.accept("anchor: ignored a resend request from " + r.requesterId() + ": " + MAX_REQUESTS + " are queued already");
            return false;
        }
        requests.addLast(r);
        return true;
    }

    /** When {@link #next} may have something, or {@code now + max}. */
    synchronized long nextDeadline(long now, long max) {
        boolean work = !requests.isEmpty() || cursor < chain.size();
        if (!work || inFlight.size() >= MAX_IN_FLIGHT) {
            return now + max;
        }
        long at = pacer.nextAt(now);
        return at - (now + max) < 0 ? at : now + max;
    }

    /** Blocks below this height were acknowledged by the broker. */
    synchronized long mark() {
        return mark;
    }

    /** Blocks acknowledged since start (live), and sent again on request. */
    synchronized long publishedCount() {
        return published;
    }

    synchronized long resentCount() {
        return resent;
    }
}
