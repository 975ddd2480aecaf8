package cn.bsnedge.agent.cli;

import cn.bsnedge.ledger.block.MicroBlock;

import java.time.Duration;
import java.util.ArrayDeque;

/** Committed blocks and readings over a sliding window, for the status line's per-minute rates. */
final class RateWindow {

    private record Sample(long nanos, int entries) {
    }

    private final long windowNanos;
    private final ArrayDeque<Sample> samples = new ArrayDeque<>();

    RateWindow(Duration window) {
        this.windowNanos = window.toNanos();
    }

    synchronized void record(MicroBlock committed) {
        samples.addLast(new Sample(System.nanoTime(), committed.entryCount()));
        trim(System.nanoTime());
    }

    private void trim(long now) {
        while (!samples.isEmpty() && now - samples.peekFirst().nanos() > windowNanos) {
            samples.removeFirst();
        }
    }

    /** [blocks, readings] committed within the window. */
    synchronized long[] counts() {
        trim(System.nanoTime());
        long readings = samples.stream().mapToLong(Sample::entries).sum();
        return new long[] {samples.size(), readings};
    }
}
