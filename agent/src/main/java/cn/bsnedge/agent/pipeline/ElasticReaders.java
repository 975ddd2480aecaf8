package cn.bsnedge.agent.pipeline;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The threads that run driver reads: as few as keep every read on time.
 *
 * <p>Handing each read to a thread of its own costs two context switches per reading (about
 * 10 µs on a Pi-class core), which at 50 sensors was most of the agent's CPU. Here reads queue,
 * and a worker that finishes one takes the next: when the sensors due at a tick read quickly,
 * one wake-up serves them all. A slow or hung read must still delay no other sensor, so a
 * watcher thread starts another worker whenever the oldest queued read has waited
 * {@code stall}: a hung driver holds one thread, and the reads behind it move to a new one
 * within {@code stall}. Workers beyond need end after {@code keepAlive} idle.
 *
 * <p>At most {@code maxThreads} workers run; since the sampler keeps at most one read per
 * sensor in progress, one per sensor (plus spares) means a read never waits for a thread
 * longer than {@code stall}, however many drivers hang. Threads are daemons: a driver that
 * ignores interrupts must not keep the JVM alive after shutdown.
 */
final class ElasticReaders extends AbstractExecutorService {

    private record Queued(Runnable task, long sinceNanos) {
    }

    private final long stallNanos;
    private final long keepAliveNanos;
    private final ThreadFactory workerFactory;
    private final ThreadFactory watcherFactory;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition watch = lock.newCondition();
    private final Condition terminated = lock.newCondition();
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private final Set<Thread> workers = new HashSet<>();
    private volatile int maxThreads;
    private int idle;
    private int busy;
    private boolean watcherWaiting;
    private Thread watcher;
    private boolean shutdown;

    ElasticReaders(int maxThreads, Duration stall, Duration keepAlive, String namePrefix) {
        if (maxThreads < 1) {
            throw new IllegalArgumentException("reader threads " + maxThreads + " must be at least 1");
        }
        this.maxThreads = maxThreads;
        this.stallNanos = stall.toNanos();
        this.keepAliveNanos = keepAlive.toNanos();
        this.workerFactory = Thread.ofPlatform().name(namePrefix, 0).daemon(true).factory();
        this.watcherFactory = Thread.ofPlatform().name(namePrefix + "watch").daemon(true).factory();
    }

    /** Raises the bound (sensors added while running); never lowers it. */
    void ensureCapacity(int threads) {
        lock.lock();
        try {
            maxThreads = Math.max(maxThreads, threads);
        } finally {
            lock.unlock();
        }
    }

    /** Reads running now. */
    int activeCount() {
        lock.lock();
        try {
            return busy;
        } finally {
            lock.unlock();
        }
    }

    /** Worker threads alive now, busy or idle. */
    int threadCount() {
        lock.lock();
        try {
            return workers.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void execute(Runnable task) {
        lock.lock();
        try {
            if (shutdown) {
                throw new RejectedExecutionException("readers are shut down");
            }
            queue.add(new Queued(task, System.nanoTime()));
            if (idle > 0) {
                work.signal();
            } else if (workers.isEmpty()) {
                startWorker();
            }
            if (watcher == null) {
                watcher = watcherFactory.newThread(this::watch);
                watcher.start();
            } else if (watcherWaiting) {
                watch.signal(); // something is queued now: time its wait
            }
        } finally {
            lock.unlock();
        }
    }

    /** Called with the lock held. */
    private void startWorker() {
        Thread t = workerFactory.newThread(this::work);
        workers.add(t);
        t.start();
    }

    private void work() {
        lock.lock();
        try {
            while (true) {
                Queued q = queue.poll();
                if (q == null) {
                    if (shutdown) {
                        return;
                    }
                    idle++;
                    long left;
                    try {
                        left = work.awaitNanos(keepAliveNanos);
                    } catch (InterruptedException e) {
                        left = 1; // a timed-out read's interrupt that arrived after it returned: ignore
                    } finally {
                        idle--;
                    }
                    if (left <= 0 && queue.isEmpty()) {
                        return; // idle for keepAlive: one fewer thread
                    }
                    continue;
                }
                busy++;
                lock.unlock();
                try {
                    Thread.interrupted(); // an interrupt meant for an earlier read, arriving late, is not this read's
                    q.task().run();
                } catch (RuntimeException e) {
                    // The sampler's task records its own failures; nothing else may end a worker.
                } finally {
                    Thread.interrupted(); // an interrupt meant for this read must not reach the next
                    lock.lock();
                    busy--;
                }
            }
        } finally {
            workers.remove(Thread.currentThread());
            if (shutdown && workers.isEmpty()) {
                terminated.signalAll();
            }
            lock.unlock();
        }
    }

    /** Starts a worker whenever the oldest queued read has waited {@code stall}. */
    private void watch() {
        lock.lock();
        try {
            while (!shutdown) {
                Queued oldest = queue.peek();
                try {
                    if (oldest == null) {
                        watcherWaiting = true;
                        try {
                            watch.await();
                        } finally {
                            watcherWaiting = false;
                        }
                        continue;
                    }
                    long waited = System.nanoTime() - oldest.sinceNanos();
                    if (waited < stallNanos) {
                        watch.awaitNanos(stallNanos - waited);
                        continue;
                    }
                    if (idle == 0 && workers.size() < maxThreads) {
                        startWorker(); // every worker is stuck in a read: the queue moves to a new one
                    } else if (idle > 0) {
                        work.signal();
                    }
                    watch.awaitNanos(stallNanos);
                } catch (InterruptedException e) {
                    return;
                }
            }
        } finally {
            watcher = null;
            terminated.signalAll();
            lock.unlock();
        }
    }

    @Override
    public void shutdown() {
        lock.lock();
        try {
            shutdown = true;
            work.signalAll();
            watch.signalAll();
            if (workers.isEmpty()) {
                terminated.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Runnable> shutdownNow() {
        lock.lock();
        try {
            shutdown();
            List<Runnable> never = new ArrayList<>();
            queue.forEach(q -> never.add(q.task()));
            queue.clear();
            workers.forEach(Thread::interrupt);
            return never;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isShutdown() {
        lock.lock();
        try {
            return shutdown;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isTerminated() {
        lock.lock();
        try {
            return shutdown && workers.isEmpty() && watcher == null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long left = unit.toNanos(timeout);
        lock.lock();
        try {
            while (!(shutdown && workers.isEmpty() && watcher == null)) {
                if (left <= 0) {
                    return false;
                }
                left = terminated.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
