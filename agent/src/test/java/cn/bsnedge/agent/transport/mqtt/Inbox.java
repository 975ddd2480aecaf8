package cn.bsnedge.agent.transport.mqtt;

import cn.bsnedge.agent.transport.InboundMessage;
import cn.bsnedge.agent.transport.MessageHandler;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A handler that keeps what it gets, for a test to take (liveness bound: 20 s without a message). */
final class Inbox implements MessageHandler {

    private final BlockingQueue<InboundMessage> messages = new LinkedBlockingQueue<>();
    /** Every payload ever handled, taken or not. */
    private final java.util.Set<String> seen = new java.util.HashSet<>();

    @Override
    public void handle(InboundMessage message) {
        synchronized (seen) {
            seen.add(text(message));
            seen.notifyAll();
        }
        messages.add(message);
    }

    InboundMessage take() throws InterruptedException {
        InboundMessage m = messages.poll(20, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no message within 20 s");
        }
        return m;
    }

    /** Payloads as text until {@code expected} distinct ones arrived; duplicates are kept. */
    List<String> takeUntilDistinct(int expected) throws InterruptedException {
        List<String> got = new ArrayList<>();
        java.util.Set<String> distinct = new java.util.HashSet<>();
        while (distinct.size() < expected) {
            String s = text(take());
            got.add(s);
            distinct.add(s);
        }
        return got;
    }

    /**
     * Waits until every one of {@code expected} payloads was handled (taken or not); fails naming
     * the missing ones if no new payload came for 20 s.
     */
    void awaitAll(java.util.Collection<String> expected) throws InterruptedException {
        synchronized (seen) {
            int before = seen.size();
            long quietSince = System.nanoTime();
            while (!seen.containsAll(expected)) {
                if (seen.size() > before) {
                    before = seen.size();
                    quietSince = System.nanoTime();
                }
                long left = TimeUnit.SECONDS.toNanos(20) - (System.nanoTime() - quietSince);
                if (left <= 0) {
                    java.util.Set<String> missing = new java.util.TreeSet<>(expected);
                    missing.removeAll(seen);
                    throw new AssertionError(missing.size() + " of " + expected.size() + " messages never arrived: "
                            + (missing.size() > 40 ? List.copyOf(missing).subList(0, 40) + "..." : missing));
                }
                TimeUnit.NANOSECONDS.timedWait(seen, left);
            }
        }
    }

    /** Messages already here, without waiting. */
    List<InboundMessage> drain() {
        List<InboundMessage> out = new ArrayList<>();
        messages.drainTo(out);
        return out;
    }

    static String text(InboundMessage m) {
        return new String(m.payload(), StandardCharsets.UTF_8);
    }
}
