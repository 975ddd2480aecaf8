package cn.bsnedge.agent.anchor;

/**
 * A token bucket in blocks: {@code rate} tokens a second, at most one second's worth saved up,
 * so a backlog after an outage goes out at {@code rate} blocks a second on average instead of
 * as fast as the broker takes it, while live blocks (far below the rate) pass at once. Runs on
 * a monotonic ticker's nanoseconds. Not thread-safe.
 */
final class Pacer {

    private static final long SECOND = 1_000_000_000L;

    private final int rate;
    private final double capacity;
    private double tokens;
    private long at;
    private boolean started;

    Pacer(int rate) {
        if (rate < 1) {
            throw new IllegalArgumentException("rate " + rate + " blocks/s; want at least 1");
        }
        this.rate = rate;
        this.capacity = rate;
    }

    private void refill(long now) {
        if (!started) {
            started = true;
            at = now;
            tokens = capacity;
            return;
        }
        long elapsed = now - at;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + (double) elapsed * rate / SECOND);
            at = now;
        }
    }

    /** Whole blocks that may go now. */
    long available(long now) {
        refill(now);
        return (long) Math.floor(tokens + 1e-9);
    }

    void take(long blocks, long now) {
        refill(now);
        tokens -= blocks;
    }

    /** When at least one block may go. */
    long nextAt(long now) {
        refill(now);
        if (tokens >= 1 - 1e-9) {
            return now;
        }
        return now + (long) Math.ceil((1 - tokens) * SECOND / rate);
    }

    int rate() {
        return rate;
    }
}
