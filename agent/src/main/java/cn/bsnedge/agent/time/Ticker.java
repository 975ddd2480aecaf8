package cn.bsnedge.agent.time;

/**
 * A monotonic clock in nanoseconds, for scheduling and timeouts. Only differences between two
 * readings mean anything. Unlike the wall clock ({@link java.time.InstantSource}), it never
 * jumps when NTP first synchronises a gateway that booted without an RTC, so a timeline built
 * on it neither bunches reads after a forward step nor stalls after a backward one.
 */
@FunctionalInterface
public interface Ticker {

    /** Nanoseconds since an arbitrary origin; compare readings by subtraction, never with {@code <}. */
    long read();

    /** {@link System#nanoTime()}: CLOCK_MONOTONIC on Linux. */
    static Ticker system() {
        return System::nanoTime;
    }
}
