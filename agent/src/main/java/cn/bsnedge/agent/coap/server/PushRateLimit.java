package cn.bsnedge.agent.coap.server;

import cn.bsnedge.agent.time.Ticker;
import cn.bsnedge.ledger.entry.SensorCode;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-sensor token bucket for pushes: {@code burst} packs back to back, then one pack per half
 * the sensor's declared interval on average. Twice the declared rate leaves room for a sensor
 * whose clock runs fast; a sensor that pushes much faster than declared is misconfigured or
 * misbehaving and gets 4.29 with the wait in Max-Age (RFC 8516).
 */
final class PushRateLimit {

    private final Ticker ticker;
    private final int burst;
    private final Map<SensorCode, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long lastNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.lastNanos = now;
        }
    }

    PushRateLimit(Ticker ticker, int burst) {
        this.ticker = ticker;
        this.burst = burst;
    }

    /** Takes a token; returns 0 when allowed, else the whole seconds until one is free (at least 1). */
    long take(SensorCode sensor, Duration interval) {
        long now = ticker.read();
        double perToken = Math.max(1, interval.toNanos() / 2);
        Bucket b = buckets.computeIfAbsent(sensor, s -> new Bucket(burst, now));
        synchronized (b) {
            b.tokens = Math.min(burst, b.tokens + (now - b.lastNanos) / perToken);
            b.lastNanos = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            double waitNanos = (1 - b.tokens) * perToken;
            return Math.max(1, (long) Math.ceil(waitNanos / 1e9));
        }
    }

    /** Forgets sensors no longer declared, so the map does not grow with codes seen once. */
    void retain(java.util.Set<SensorCode> declared) {
        buckets.keySet().retainAll(declared);
    }
}
