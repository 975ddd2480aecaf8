package cn.bsnedge.agent.pipeline;

import cn.bsnedge.ledger.entry.SensorCode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.concurrent.Executor;

/**
 * A readers executor on fake time, with no threads: a read of a sensor with latency L that was
 * handed over at fake time t runs, start to finish, on the test's thread when the test reaches
 * t + L; until then its sensor counts as busy, exactly as if a driver were blocked in it. A
 * sensor marked hanging never runs until {@link #release}. Reads at the same instant run in the
 * order they were handed over.
 */
final class ManualReaders implements Executor {

    private record Task(long due, long order, Runnable body) {
    }

    private final FakeTime time;
    private final Map<SensorCode, Duration> latency = new HashMap<>();
    private final Map<SensorCode, List<Runnable>> hung = new HashMap<>();
    private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) -> a.due != b.due
            ? Long.compare(a.due, b.due) : Long.compare(a.order, b.order));
    private long handedOver;

    ManualReaders(FakeTime time) {
        this.time = time;
    }

    void latency(SensorCode sensor, Duration d) {
        latency.put(sensor, d);
    }

    void hang(SensorCode sensor) {
        hung.put(sensor, new ArrayList<>());
    }

    /** The hung reads of {@code sensor} return now (their results come too late to count). */
    void release(SensorCode sensor) {
        for (Runnable r : hung.remove(sensor)) {
            queue.add(new Task(time.elapsed(), handedOver++, r));
        }
    }

    int hungReads() {
        return hung.values().stream().mapToInt(List::size).sum();
    }

    @Override
    public void execute(Runnable command) {
        SensorCode sensor = ((Sampler.ReadTask) command).sensor();
        List<Runnable> h = hung.get(sensor);
        if (h != null) {
            h.add(command);
            return;
        }
        long due = time.elapsed() + latency.getOrDefault(sensor, Duration.ZERO).toNanos();
        queue.add(new Task(due, handedOver++, command));
    }

    /** Elapsed fake time at which the next read returns. */
    OptionalLong nextDue() {
        return queue.isEmpty() ? OptionalLong.empty() : OptionalLong.of(queue.peek().due);
    }

    void runDue() {
        while (!queue.isEmpty() && queue.peek().due <= time.elapsed()) {
            queue.poll().body.run();
        }
    }
}
