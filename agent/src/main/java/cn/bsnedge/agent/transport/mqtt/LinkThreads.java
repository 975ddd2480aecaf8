package cn.bsnedge.agent.transport.mqtt;

import org.eclipse.paho.mqttv5.client.TimerPingSender;
import org.eclipse.paho.mqttv5.client.internal.CommsCallback;
import org.eclipse.paho.mqttv5.client.internal.CommsReceiver;
import org.eclipse.paho.mqttv5.client.internal.CommsSender;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The threads of one link, all daemon and named {@code bsn-mqtt-*}:
 * <ul>
 * <li>control: connect attempts, reconnect timers, subscriptions, the state machine; never blocks;</li>
 * <li>events: handlers, the listener, and the completion of returned stages, in order;</li>
 * <li>paho: Paho's connect, receiver, sender, callback and ping tasks (Paho renames them while they run).</li>
 * </ul>
 */
final class LinkThreads {

    /**
     * Paho runs three long tasks per connection (receiver, sender, callback) plus short ones
     * (connect, ping, disconnect) and one connection at a time; two more, so that a connect thread
     * stranded by a Paho defect (see {@link ConnectionControl}) cannot starve the next connection.
     * Idle threads end after {@link #IDLE}, so a quiet link keeps few.
     */
    static final int PAHO_THREADS = 8;
    static final Duration IDLE = Duration.ofSeconds(30);

    final ScheduledThreadPoolExecutor control;
    final ThreadPoolExecutor events;
    final ScheduledThreadPoolExecutor paho;

    private volatile Thread eventThread;
    private final AtomicInteger connectionTasks = new AtomicInteger();

    LinkThreads() {
        this(LinkThreads::isPahoConnectionTask);
    }

    /** @param connectionTask which of Paho's tasks belong to one connection (see {@link #connectionTasks()}) */
    LinkThreads(Predicate<Runnable> connectionTask) {
        control = new ScheduledThreadPoolExecutor(1, factory("bsn-mqtt-control"));
        control.setRemoveOnCancelPolicy(true);
        dropDelayedTasksAtShutdown(control);
        ThreadFactory eventFactory = factory("bsn-mqtt-events");
        events = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = eventFactory.newThread(r);
            eventThread = t;
            return t;
        });
        paho = new ScheduledThreadPoolExecutor(PAHO_THREADS, factory("bsn-mqtt-paho")) {
            @Override
            protected <V> RunnableScheduledFuture<V> decorateTask(Runnable r, RunnableScheduledFuture<V> task) {
                return connectionTask.test(r) ? new CountedTask<>(task, connectionTasks) : task;
            }
        };
        paho.setKeepAliveTime(IDLE.toMillis(), TimeUnit.MILLISECONDS);
        paho.allowCoreThreadTimeOut(true);
        paho.setRemoveOnCancelPolicy(true);
        dropDelayedTasksAtShutdown(paho);
    }

    /**
     * Paho's receiver, sender, callback and ping tasks queued or running now. They belong to one
     * connection at a time, so after a loss this is the part of the old connection still running.
     */
    int connectionTasks() {
        return connectionTasks.get();
    }

    static boolean isPahoConnectionTask(Runnable r) {
        return r instanceof CommsReceiver || r instanceof CommsSender || r instanceof CommsCallback
                || r.getClass().getEnclosingClass() == TimerPingSender.class;
    }

    /** A pending ping, retry or request timeout must not hold up close until it is due. */
    private static void dropDelayedTasksAtShutdown(ScheduledThreadPoolExecutor e) {
        e.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        e.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    boolean onEventThread() {
        return Thread.currentThread() == eventThread;
    }

    /**
     * Ends every thread, waiting at most {@code grace} in all; false if some would not end. Paho's
     * pool is shut down gently first: a task Paho's connect thread has just queued must still run,
     * or that thread waits for it to start, forever (it ignores interrupts). New submissions are
     * refused, which Paho's connect thread survives.
     */
    boolean shutdown(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        control.shutdown();
        boolean self = onEventThread();
        events.shutdown();
        paho.shutdown();
        boolean ok = control.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS);
        if (!paho.awaitTermination(remaining(deadline) / 2, TimeUnit.NANOSECONDS)) {
            paho.shutdownNow(); // a task blocked in I/O; interrupting is all that is left
            ok &= paho.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS);
        }
        // Closed from a callback: the event thread ends when that callback returns.
        ok &= self || events.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS);
        return ok;
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static ThreadFactory factory(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Runs {@code task} on {@code executor}, or not at all once it is shut down (the link is closing). */
    static void post(ExecutorService executor, Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException closing) {
            // close() settles whatever this task would have.
        }
    }

    /** Runs {@code task} on the event thread, or here if that has ended: a stage must complete either way. */
    void onEvents(Runnable task) {
        try {
            events.execute(task);
        } catch (RejectedExecutionException closed) {
            task.run();
        }
    }
}
