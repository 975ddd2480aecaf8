package cn.bsnedge.agent.transport.mqtt;

import cn.bsnedge.agent.transport.LinkListener;
import cn.bsnedge.agent.transport.LinkState;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Records every state a link reports and lets a test wait for one (liveness bound: 20 s). */
final class StateRecorder implements LinkListener {

    private final List<LinkState> states = new CopyOnWriteArrayList<>();
    private final Object changed = new Object();

    @Override
    public void stateChanged(LinkState state) {
        states.add(state);
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    List<LinkState> states() {
        return List.copyOf(states);
    }

    /** Waits for the {@code n}-th state (1-based) of the given type and returns it. */
    <T extends LinkState> T await(Class<T> type, int n) throws InterruptedException {
        return type.cast(awaitMatching(type::isInstance, n));
    }

    <T extends LinkState> T await(Class<T> type) throws InterruptedException {
        return await(type, 1);
    }

    LinkState awaitMatching(Predicate<LinkState> p, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        synchronized (changed) {
            while (true) {
                List<LinkState> hits = states.stream().filter(p).toList();
                if (hits.size() >= n) {
                    return hits.get(n - 1);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no state #" + n + " as wanted within 20 s; states: " + states);
                }
                TimeUnit.NANOSECONDS.timedWait(changed, left);
            }
        }
    }

    long count(Class<? extends LinkState> type) {
        return states.stream().filter(type::isInstance).count();
    }
}
