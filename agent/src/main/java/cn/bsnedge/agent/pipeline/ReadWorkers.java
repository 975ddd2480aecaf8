package cn.bsnedge.agent.pipeline;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The threads that run driver reads for a {@link Sampler}: an {@link ElasticReaders} pool.
 *
 * <p>Platform threads, not virtual ones: a driver blocked in a native call (an I2C ioctl through
 * FFM) pins a virtual thread's carrier, and a Pi has four, so four hung sensors would stop every
 * read.
 */
public final class ReadWorkers {

    /** How long a read may wait behind a slow one before another thread takes it. */
    static final Duration STALL = Duration.ofMillis(10);
    /** Idle threads beyond need end after this. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(30);

    private ReadWorkers() {
    }

    /**
     * A pool of at most {@code maxThreads} threads named {@code bsn-read-N}: reads due together
     * share a thread while they are quick, and a read waiting {@link #STALL} behind a slow one
     * gets a thread of its own.
     */
    public static ExecutorService bounded(int maxThreads) {
        return new ElasticReaders(maxThreads, STALL, KEEP_ALIVE, "bsn-read-");
    }

    /**
     * Raises {@code pool}'s bound to at least {@code maxThreads}, for sensors added while running:
     * the one-thread-per-sensor bound must hold for them too, or their reads would be refused.
     */
    public static void ensureCapacity(ExecutorService pool, int maxThreads) {
        if (pool instanceof ElasticReaders r) {
            r.ensureCapacity(maxThreads);
        } else if (pool instanceof ThreadPoolExecutor tpe && tpe.getMaximumPoolSize() < maxThreads) {
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
            if (pool instanceof ElasticReaders r && r.activeCount() == 0
                    || pool instanceof ThreadPoolExecutor tpe && tpe.getActiveCount() == 0) {
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
