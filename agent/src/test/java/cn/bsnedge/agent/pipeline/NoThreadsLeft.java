package cn.bsnedge.agent.pipeline;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Fails a test that leaves a thread running, after Californium's {@code ThreadsRule}: every
 * thread alive after the test that was not alive before it gets {@link #GRACE} (in all) to end,
 * for pools that are shutting down; any still alive is a leak and is named in the failure.
 */
public final class NoThreadsLeft implements BeforeEachCallback, AfterEachCallback {

    static final Duration GRACE = Duration.ofSeconds(5);
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoThreadsLeft.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("before", Set.copyOf(Thread.getAllStackTraces().keySet()));
    }

    @Override
    @SuppressWarnings("unchecked")
    public void afterEach(ExtensionContext context) throws InterruptedException {
        Set<Thread> before = (Set<Thread>) context.getStore(NS).get("before");
        List<Thread> left = leftover(before, GRACE);
        if (!left.isEmpty()) {
            throw new AssertionError("threads left running after the test: "
                    + left.stream().map(t -> t.getName() + " (" + t.getState() + ")").toList());
        }
    }

    /** Threads started since {@code before} that are still alive after waiting up to {@code grace}. */
    static List<Thread> leftover(Set<Thread> before, Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        List<Thread> started = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t))
                // JDK-owned helpers that outlive any test by design (e.g. the common pool's workers).
                .filter(t -> !t.getName().startsWith("ForkJoinPool.commonPool"))
                // the JDK's reaper of child processes (ProcessBuilder), kept alive 60 s for the next one
                .filter(t -> !t.getName().equals("process reaper"))
                .toList();
        for (Thread t : started) {
            t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
        return started.stream().filter(Thread::isAlive).toList();
    }
}
