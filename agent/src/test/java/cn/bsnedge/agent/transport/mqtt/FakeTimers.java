package cn.bsnedge.agent.transport.mqtt;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Timers that run nothing by themselves: the test sees each requested delay and fires it when it likes. */
final class FakeTimers implements Timers {

    record Task(Duration delay, Runnable run) {
    }

    private final BlockingQueue<Task> requested = new LinkedBlockingQueue<>();

    @Override
    public Scheduled schedule(Duration delay, Runnable task) {
        requested.add(new Task(delay, task));
        return () -> { };
    }

    /** The next task the link scheduled, waiting for the link to get there (liveness bound, not timing). */
    Task next() throws InterruptedException {
        Task t = requested.poll(20, TimeUnit.SECONDS);
        if (t == null) {
            throw new AssertionError("the link scheduled nothing within 20 s");
        }
        return t;
    }
}
