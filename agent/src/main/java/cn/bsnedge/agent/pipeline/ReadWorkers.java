package cn.bsnedge.agent.pipeline;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The threads that run driver reads for a {@link Sampler}.
 *
 * <p>Platform threads, not virtual ones: a driver blocked in a native call (an I2C ioctl through
 * FFM) pins a virtual thread's carrier, and a Pi has four, so four hung sensors would stop every
 * read. The pool is bounded by {@code maxThreads}; since the sampler keeps at most one read per
 * sensor in progress, a bound of one thread per sensor means no read is ever refused, and idle
 * threads end after a while, so fast reads use only a few threads. Threads are daemons: a driver
 * that ignores interrupts must not keep the JVM alive after shutdown.
 */
public final class ReadWorkers {

    private ReadWorkers() {
    }

    /** A pool of at most {@code maxThreads} threads named {@code bsn-read-N}, none kept while idle. */
    public static ExecutorService bounded(int maxThreads) {
        if (maxThreads < 1) {
            throw new IllegalArgumentException("reader threads " + maxThreads + " must be at least 1");
        }
        // A SynchronousQueue hands each read straight to a thread (new or idle) or refuses it;
        // a queue would let reads wait behind a hung one, which is the delay we are avoiding.
        return new ThreadPoolExecutor(0, maxThreads, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                Thread.ofPlatform().name("bsn-read-", 0).daemon(true).factory());
    }

    /**
     * Raises {@code pool}'s bound to at least {@code maxThreads}, for sensors added while running:
     * the one-thread-per-sensor bound must hold for them too, or their reads would be refused.
     */
    public static void ensureCapacity(ExecutorService pool, int maxThreads) {
        if (pool instanceof ThreadPoolExecutor tpe && tpe.getMaximumPoolSize() < maxThreads) {
            tpe.setMaximumPoolSize(maxThreads);
        }
    }

    /**
     * Lets reads in progress finish for up to {@code grace}, then interrupts what is left.
     * A driver that ignores the interrupt keeps its (daemon) thread; that is logged.
     */
    public static void shutdown(ExecutorService pool, Duration grace, Consumer<String> log) throws InterruptedException {
        pool.shutdown();
        long deadline = System.nanoTime() + grace.toNanos();
        // Wait only while reads are running; once none is, stop the idle threads at once
        // instead of waiting out the grace.
        while (!pool.awaitTermination(10, TimeUnit.MILLISECONDS) && System.nanoTime() - deadline < 0) {
            if (pool instanceof ThreadPoolExecutor tpe && tpe.getActiveCount() == 0) {
                break;
            }
        }
        int stuck = pool.shutdownNow().size();
        if (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
            log.accept("sampler: reads still running " + grace + " after shutdown; their threads are left behind"
                    + (stuck > 0 ? " (" + stuck + " never started)" : ""));
        }
    }
}
