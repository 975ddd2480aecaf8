package cn.bsnedge.drivers.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock tests move by hand, so "busy until" logic is tested without sleeping. */
public final class FakeClock implements InstantSource {

    private Instant now = Instant.parse("2025-01-01T00:00:00Z");

    @Override
    public synchronized Instant instant() {
        return now;
    }

    public synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    public synchronized void setTo(Instant t) {
        if (t.isAfter(now)) {
            now = t;
        }
    }

    public synchronized long nanos() {
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
