package cn.bsnedge.agent.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * An in-process {@code bsn-edge run} on a thread of its own, which the test stops through its
 * {@code --stop-file} once it is done, instead of guessing a duration that a loaded machine may
 * not keep. Waits here are liveness bounds (60 s); reaching one fails with what the agent printed.
 */
final class RunningAgent {

    static final long BOUND_SECONDS = 60;

    private RunningAgent() {
    }

    /** Starts {@code bsn-edge ARGS}; give it {@code --duration} well past the test and a {@code --stop-file}. */
    static CompletableFuture<Cli.Result> start(String... args) {
        CompletableFuture<Cli.Result> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(Cli.run(args));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "test-agent-run");
        t.setDaemon(true);
        t.start();
        return result;
    }

    /** Waits until {@code file} exists; fails if the agent ends first or the bound passes. */
    static void awaitFile(Path file, CompletableFuture<Cli.Result> running) throws Exception {
        await("until " + file + " exists", () -> Files.exists(file), running);
    }

    static void await(String what, BooleanSupplier done, CompletableFuture<Cli.Result> running) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (!done.getAsBoolean()) {
            if (running.isDone()) {
                throw new AssertionError("the agent ended while waiting " + what + ": " + running.get().transcript());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + BOUND_SECONDS + " s " + what);
            }
            Thread.sleep(10);
        }
    }

    /** Asks the agent to stop and returns what it printed. */
    static Cli.Result stop(CompletableFuture<Cli.Result> running, Path stopFile) throws Exception {
        Files.writeString(stopFile, "stop\n");
        return running.get(BOUND_SECONDS, TimeUnit.SECONDS);
    }
}
