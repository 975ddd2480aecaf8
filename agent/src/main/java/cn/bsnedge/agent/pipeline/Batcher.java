package cn.bsnedge.agent.pipeline;

import cn.bsnedge.agent.store.BlockStore;
import cn.bsnedge.ledger.block.BlockSealer;
import cn.bsnedge.ledger.block.ChainHead;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.entry.Entry;
import cn.bsnedge.ledger.entry.EntryCodec;
import cn.bsnedge.ledger.entry.Reading;

import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Collects readings and seals a block every {@code maxEntries} readings or {@code maxAge}
 * after the first reading of a batch, whichever comes first, on one sealing thread. A registry
 * entry (registration, calibration, retirement) or a clock step is sealed at once, with whatever
 * readings wait beside it: they are rare, the engineer who made a registry change waits for its
 * confirmation, and a clock step should be durable before the readings stamped after it.
 *
 * <p>Sealed blocks go to a {@link BlockCommitter}, which makes them durable on its own thread
 * while the next block is sealed on top of the last one sealed. A reading is durable only once
 * its block's commit returns ({@code onSealed} is called then, not before).
 *
 * <p>Memory is bounded: by the readings queue, and by the committer's queue of sealed blocks,
 * which blocks the sealer when the store falls behind. When the readings queue is full,
 * {@link #offer} refuses the reading and counts the drop rather than blocking a sampler (which
 * would delay every other sensor) or growing without bound; {@link #put} waits instead, for
 * producers that prefer backpressure.
 */
public final class Batcher implements AutoCloseable {

    private final BlockSealer sealer;
    private final BlockCommitter committer;
    private ChainHead sealedHead;
    private final int maxEntries;
    private final long maxAgeNanos;
    private final BlockingQueue<Entry> queue;
    private final Consumer<String> log;
    private final Thread thread;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sealedBlocks = new AtomicLong();
    private final AtomicLong sealedEntries = new AtomicLong();
    private final AtomicLong unsealed = new AtomicLong();
    private volatile boolean running = true;
    /** The sealer has no batch open and waits for a first entry (it must then start the age clock). */
    private volatile boolean awaitingFirst = true;
    /** Entries the sealer holds in its open batch; with the queue's, whether the block is full. */
    private volatile int held;

    /** The longest the sealer parks with nothing to do; offers and close() wake it sooner. */
    private static final long IDLE_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);

    public Batcher(BlockSealer sealer, BlockStore store, int maxEntries, Duration maxAge, int queueCapacity,
                   Consumer<MicroBlock> onSealed, Consumer<String> log) {
        if (maxEntries < 1 || queueCapacity < 1 || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("batcher: maxEntries >= 1, queueCapacity >= 1, maxAge > 0");
        }
        this.sealer = sealer;
        this.committer = new BlockCommitter(store, 8, b -> {
            sealedBlocks.incrementAndGet();
            sealedEntries.addAndGet(b.entryCount());
            onSealed.accept(b);
        }, log);
        this.sealedHead = store.head();
        this.maxEntries = maxEntries;
        this.maxAgeNanos = maxAge.toNanos();
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.log = log;
        this.thread = Thread.ofPlatform().name("bsn-sealer").daemon(false).unstarted(this::run);
    }

    public void start() {
        committer.start();
        thread.start();
    }

    /** Queues a reading, waiting while the queue is full. */
    public void put(Entry r) throws InterruptedException {
        if (!running) {
            throw new IllegalStateException("batcher is closed");
        }
        queue.put(r);
        wakeIfDue(r);
    }

    /** Unparks the sealer when {@code r} starts a batch, fills it, or must be sealed at once. */
    private void wakeIfDue(Entry r) {
        if (awaitingFirst || !(r instanceof Reading) || held + queue.size() >= maxEntries) {
            LockSupport.unpark(thread);
        }
    }

    /** Queues a reading; false (and a counted drop) when the queue is full. */
    public boolean offer(Entry r) {
        if (!running) {
            throw new IllegalStateException("batcher is closed");
        }
        if (queue.offer(r)) {
            wakeIfDue(r);
            return true;
        }
        long n = dropped.incrementAndGet();
        if (Long.bitCount(n) == 1) { // log drop counts 1, 2, 4, 8, ... so a flood cannot flood the log
            log.accept("queue full: dropped " + EntryCodec.typeName(r.type()) + " " + r.sensor() + "#" + r.seq()
                    + " (" + n + " dropped so far)");
        }
        return false;
    }

    /** Entries waiting in the queue, not yet taken by the sealer. */
    public int queued() {
        return queue.size();
    }

    public long dropped() {
        return dropped.get();
    }

    public long sealedBlocks() {
        return sealedBlocks.get();
    }

    public long sealedEntries() {
        return sealedEntries.get();
    }

    /** Readings abandoned at shutdown because sealing or the store kept failing (never committed). */
    public long unsealed() {
        return unsealed.get() + committer.abandonedEntries();
    }

    /** Durable commits so far; fewer than {@link #sealedBlocks()} when blocks were group-committed. */
    public long commits() {
        return committer.commits();
    }

    private void run() {
        List<Entry> batch = new ArrayList<>(maxEntries);
        long deadline = 0;
        boolean urgent = false;
        try {
            while (true) {
                if (batch.isEmpty()) {
                    awaitingFirst = true; // before looking at the queue: an offer after the look unparks us
                    Entry first = queue.poll();
                    if (first == null) {
                        if (!running) {
                            break;
                        }
                        LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                        continue;
                    }
                    awaitingFirst = false;
                    deadline = System.nanoTime() + maxAgeNanos;
                    batch.add(first);
                    urgent = !(first instanceof Reading);
                }
                int from = batch.size();
                queue.drainTo(batch, maxEntries - batch.size());
                held = batch.size();
                // A registry entry or clock step is sealed at once (see the class comment), and the
                // readings beside it can ride along.
                urgent |= sealAtOnceIn(batch, from);
                long now = System.nanoTime();
                if (batch.size() >= maxEntries || urgent || now - deadline >= 0 || !running) {
                    sealWithRetry(batch);
                    batch.clear();
                    held = 0;
                    continue;
                }
                // Sleep until the block is due by age, unless offer() finds it full or urgent, or
                // close() is called, and unparks us: one wake-up per block, not one per reading.
                LockSupport.parkNanos(this, deadline - now);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.accept("sealer interrupted with " + batch.size() + " unsealed readings");
        }
    }

    private static boolean sealAtOnceIn(List<Entry> batch, int from) {
        for (int i = from; i < batch.size(); i++) {
            if (!(batch.get(i) instanceof Reading)) {
                return true;
            }
        }
        return false;
    }

    private void sealWithRetry(List<Entry> batch) throws InterruptedException {
        long backoffMs = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                MicroBlock block = sealer.seal(sealedHead, batch);
                committer.submit(block);
                sealedHead = ChainHead.after(block);
                return;
            } catch (GeneralSecurityException | RuntimeException e) {
                if (!running && attempt >= BlockCommitter.ATTEMPTS_WHEN_CLOSING) {
                    unsealed.addAndGet(batch.size());
                    log.accept("giving up on sealing " + batch.size() + " readings at shutdown: " + e.getMessage());
                    return;
                }
                log.accept("sealing " + batch.size() + " readings failed, retrying in " + backoffMs + " ms: " + e.getMessage());
                Thread.sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 30_000);
            }
        }
    }

    /** Stops accepting readings, seals everything queued, and waits for the last commit. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        committer.beginClose();
        LockSupport.unpark(thread);
        thread.join();
        committer.close();
    }
}
