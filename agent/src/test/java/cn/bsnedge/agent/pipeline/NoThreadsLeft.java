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

    /** Only spent when a thread is still alive: generous, so a pool slow to stop on a loaded machine is not a leak. */
    static final Duration GRACE = Duration.ofSeconds(15);
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
            StringBuilder where = new StringBuilder();
            for (Thread t : left) {
                where.append("\n  ").append(t.getName()).append(" (").append(t.getState()).append(')');
                for (StackTraceElement e : t.getStackTrace()) {
                    where.append("\n    at ").append(e);
                }
            }
            throw new AssertionError("threads left running after the test: "
                    + left.stream().map(t -> t.getName() + " (" + t.getState() + ")").toList() + "; where they are:" + where);
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
                // JUnit's watcher for the build's default test timeout, started by the first test that runs under it
                .filter(t -> !t.getName().equals("junit-jupiter-timeout-watcher"))
                .toList();
        for (Thread t : started) {
            t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
        return started.stream().filter(Thread::isAlive).toList();
    }
}
