package cn.bsnedge.agent.transport.mqtt;

import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool task that counts itself in {@code live} from the moment it is queued until it has run or
 * was cancelled before it started. Cancelling a running task does not end it (Paho's loops finish
 * their turn first), so then only the end of {@link #run()} counts.
 */
final class CountedTask<V> implements RunnableScheduledFuture<V> {

    private final RunnableScheduledFuture<V> task;
    private final AtomicInteger live;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean settled = new AtomicBoolean();

    CountedTask(RunnableScheduledFuture<V> task, AtomicInteger live) {
        this.task = task;
        this.live = live;
        live.incrementAndGet();
    }

    @Override
    public void run() {
        started.set(true);
        try {
            task.run();
        } finally {
            settle();
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = task.cancel(mayInterruptIfRunning);
        if (cancelled && !started.get()) {
            settle(); // it will never run; if a worker has just taken it, run() settles again, harmlessly
        }
        return cancelled;
    }

    private void settle() {
        if (settled.compareAndSet(false, true)) {
            live.decrementAndGet();
        }
    }

    @Override
    public boolean isPeriodic() {
        return task.isPeriodic();
    }

    @Override
    public long getDelay(TimeUnit unit) {
        return task.getDelay(unit);
    }

    @Override
    public int compareTo(Delayed o) {
        return task.compareTo(o instanceof CountedTask<?> c ? c.task : o);
    }

    @Override
    public boolean isCancelled() {
        return task.isCancelled();
    }

    @Override
    public boolean isDone() {
        return task.isDone();
    }

    @Override
    public V get() throws InterruptedException, ExecutionException {
        return task.get();
    }

    @Override
    public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        return task.get(timeout, unit);
    }
}
