package cn.bsnedge.agent.pipeline;

/**
 * A sensor's fixed timeline on the monotonic clock: deadline {@code k} is
 * {@code start + k × interval}. Deadlines are computed from {@code k}, never from the time the
 * previous read ended, so the time a read takes cannot accumulate into drift.
 *
 * <p>Times are {@link cn.bsnedge.agent.time.Ticker} nanoseconds, compared by subtraction so the
 * arithmetic survives the ticker's origin being anywhere, including near {@code Long.MAX_VALUE}.
 */
record Timeline(long startNanos, long intervalNanos) {

    Timeline {
        if (intervalNanos < 1) {
            throw new IllegalArgumentException("interval " + intervalNanos + " ns must be positive");
        }
    }

    long deadline(long k) {
        return startNanos + k * intervalNanos;
    }

    /** The index of the latest deadline at or before {@code now}; -1 before the start. */
    long slotAt(long now) {
        return Math.floorDiv(now - startNanos, intervalNanos);
    }
}
