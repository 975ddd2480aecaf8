package cn.bsnedge.agent.pipeline;

import cn.bsnedge.agent.time.Ticker;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * A monotonic ticker and a wall clock that move only when a test says so. The ticker starts at
 * {@code origin} (any long, e.g. near overflow); the wall clock reads {@link #WALL_START} plus
 * the elapsed time plus whatever steps the test made, like NTP stepping a gateway's clock.
 */
final class FakeTime implements Ticker, InstantSource {

    static final Instant WALL_START = Instant.parse("2026-03-01T08:00:00Z");

    private final long origin;
    private volatile long elapsed;
    private volatile long wallStep;

    FakeTime(long origin) {
        this.origin = origin;
    }

    @Override
    public long read() {
        return origin + elapsed;
    }

    @Override
    public Instant instant() {
        return WALL_START.plusNanos(elapsed + wallStep);
    }

    /** Nanoseconds since the start. */
    long elapsed() {
        return elapsed;
    }

    void setElapsed(long nanos) {
        if (nanos < elapsed) {
            throw new IllegalArgumentException("monotonic time cannot go back: " + nanos + " < " + elapsed);
        }
        elapsed = nanos;
    }

    void advance(Duration d) {
        setElapsed(elapsed + d.toNanos());
    }

    /** Steps the wall clock only, as NTP does; the ticker does not notice. */
    void stepWall(Duration d) {
        wallStep += d.toNanos();
    }

    /** The ticker reading {@code d} after the start. */
    long at(Duration d) {
        return origin + d.toNanos();
    }
}
