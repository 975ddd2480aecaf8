package cn.bsnedge.agent.pipeline;

import cn.bsnedge.agent.store.BlockStore;
import cn.bsnedge.agent.store.StoreException;
import cn.bsnedge.ledger.block.MicroBlock;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Commits sealed blocks on its own thread, so the next block is sealed while the previous one
 * is being made durable. Blocks that queue up while a commit is in flight go into the next
 * commit together (group commit): at sensor rates every block gets its own commit; under a
 * backlog the two fsyncs of a MapDB commit are shared. A block counts as committed, and
 * {@code onCommitted} hears of it, only after its commit returns.
 *
 * <p>A failed commit is retried with the very same blocks (their bytes are fixed once signed),
 * so a retry can never put a different block at a height. Submitting blocks when the queue
 * is full blocks the sealer: that is the pipeline's backpressure towards the readings queue.
 */
final class BlockCommitter implements AutoCloseable {

    /** Attempts a closing committer makes before abandoning a failing store. */
    static final int ATTEMPTS_WHEN_CLOSING = 3;

    /** The longest park between checks when idle; wake-ups normally come from submit() and close(). */
    static final long IDLE_PARK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final BlockStore store;
    private final BlockingQueue<MicroBlock> queue;
    private final Consumer<MicroBlock> onCommitted;
    private final Consumer<String> log;
    private final Thread thread;
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong abandonedEntries = new AtomicLong();
    /** Set when shutdown begins: failing commits are then abandoned after a few attempts. */
    private volatile boolean closing;
    /** Set once nothing more will be submitted: the thread exits when its queue is empty. */
    private volatile boolean inputDone;

    BlockCommitter(BlockStore store, int maxQueuedBlocks, Consumer<MicroBlock> onCommitted, Consumer<String> log) {
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(maxQueuedBlocks);
        this.onCommitted = onCommitted;
        this.log = log;
        this.thread = Thread.ofPlatform().name("bsn-committer").unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    /** Queues a sealed block, waiting while {@code maxQueuedBlocks} are already waiting. */
    void submit(MicroBlock block) throws InterruptedException {
        queue.put(block);
        LockSupport.unpark(thread);
    }

    long commits() {
        return commits.get();
    }

    long abandonedEntries() {
        return abandonedEntries.get();
    }

    private void run() {
        List<MicroBlock> group = new ArrayList<>();
        try {
            while (!inputDone || !queue.isEmpty()) {
                MicroBlock first = queue.poll();
                if (first == null) {
                    // submit() and close() unpark us; the timeout only bounds a missed wake-up.
                    // No polling tick: an idle gateway should not wake 20 times a second.
                    LockSupport.parkNanos(this, IDLE_PARK_NANOS);
                    continue;
                }
                group.add(first);
                queue.drainTo(group);
                commitWithRetry(group);
                group.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.accept("committer interrupted with " + group.size() + " uncommitted blocks");
        }
    }

    private void commitWithRetry(List<MicroBlock> group) throws InterruptedException {
        long backoffMs = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                store.appendAll(group);
                commits.incrementAndGet();
                group.forEach(onCommitted);
                return;
            } catch (StoreException | RuntimeException e) {
                if (closing && attempt >= ATTEMPTS_WHEN_CLOSING) {
                    long entries = group.stream().mapToLong(MicroBlock::entryCount).sum();
                    abandonedEntries.addAndGet(entries);
                    log.accept("giving up at shutdown on blocks " + group.getFirst().height() + ".." + group.getLast().height()
                            + " (" + entries + " readings); they were never committed: " + e.getMessage());
                    // Blocks queued behind them build on them and cannot commit either.
                    List<MicroBlock> rest = new ArrayList<>();
                    queue.drainTo(rest);
                    abandonedEntries.addAndGet(rest.stream().mapToLong(MicroBlock::entryCount).sum());
                    return;
                }
                log.accept("commit of blocks " + group.getFirst().height() + ".." + group.getLast().height()
                        + " failed, retrying in " + backoffMs + " ms: " + e.getMessage());
                Thread.sleep(backoffMs);
                backoffMs = Math.min(backoffMs * 2, 30_000);
            }
        }
    }

    /** Shutdown has begun: stop retrying a failing store forever, so the sealer cannot hang on it. */
    void beginClose() {
        closing = true;
    }

    /** Commits everything submitted, then stops; call once nothing more will be submitted. */
    @Override
    public void close() throws InterruptedException {
        closing = true;
        inputDone = true;
        LockSupport.unpark(thread);
        thread.join();
    }
}
