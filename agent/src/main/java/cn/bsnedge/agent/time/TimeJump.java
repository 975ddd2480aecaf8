package cn.bsnedge.agent.time;

import java.time.Duration;
import java.time.Instant;

/**
 * A step of the wall clock against the monotonic clock.
 *
 * @param from what the wall clock would have read had it kept pace with the monotonic clock
 * @param to   what it read instead
 * @param size {@code to - from}: negative for a backward jump
 */
public record TimeJump(Instant from, Instant to, Duration size) {

    public boolean backwards() {
        return size.isNegative();
    }

    @Override
    public String toString() {
        return (backwards() ? "backwards" : "forwards") + " by " + size.abs() + " (from " + from + " to " + to + ")";
    }
}
