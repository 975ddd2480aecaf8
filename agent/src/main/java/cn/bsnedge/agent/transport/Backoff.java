package cn.bsnedge.agent.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * Reconnect delays: exponential from {@code initial}, doubling per failed attempt up to {@code max},
 * each shortened by a random share of up to {@code jitter} so that the gateways of a city do not
 * all reconnect in the same second after the broker comes back. The delay before retry {@code n}
 * (0 for the first retry) is {@code min(max, initial * 2^n) * (1 - jitter * u)}, u uniform in [0, 1).
 * Jitter 0 gives the plain doubling; 1 gives "full jitter" (anywhere from 0 to the cap).
 */
public record Backoff(Duration initial, Duration max, double jitter) {

    /** 1 s doubling to 2 min, up to half of each delay shaved off at random. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(2), 0.5);

    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.compareTo(Duration.ofMillis(10)) < 0 || initial.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("mqtt.reconnect.initial: " + initial + " is outside 10ms..10m");
        }
        if (max.compareTo(initial) < 0 || max.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("mqtt.reconnect.max: " + max + " must be from reconnect.initial (" + initial + ") to 1h");
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("mqtt.reconnect.jitter: " + jitter + " is outside 0..1");
        }
    }

    /**
     * The delay before retry {@code retry} (0-based).
     *
     * @param u a uniform random number in [0, 1)
     */
    public Duration delay(int retry, double u) {
        if (retry < 0) {
            throw new IllegalArgumentException("retry " + retry + " < 0");
        }
        if (!(u >= 0 && u < 1)) {
            throw new IllegalArgumentException("u " + u + " is outside [0, 1)");
        }
        long maxNanos = max.toNanos();
        // Doubling stops at the cap; shifting by 62+ would overflow, and the cap is reached long before.
        long capped = retry >= 62 ? maxNanos : Math.min(maxNanos, saturatedShift(initial.toNanos(), retry));
        return Duration.ofNanos(Math.round(capped * (1 - jitter * u)));
    }

    private static long saturatedShift(long value, int bits) {
        return value > (Long.MAX_VALUE >> bits) ? Long.MAX_VALUE : value << bits;
    }
}
