package cn.bsnedge.ledger.entry;

import java.time.Instant;

/**
 * A UTC instant as a count of {@link TimeResolution} units since 1970-01-01T00:00:00Z, the
 * way FORMAT.md encodes it. Keeping the count (not an {@link Instant}) makes the encoding
 * round-trip exactly and says how precise the stamp is.
 */
public record Timestamp(long units, TimeResolution resolution) implements Comparable<Timestamp> {

    public Timestamp {
        if (resolution == null) {
            throw new IllegalArgumentException("time resolution is missing");
        }
    }

    public static Timestamp ofMillis(long epochMillis) {
        return new Timestamp(epochMillis, TimeResolution.MILLISECONDS);
    }

    /** {@code instant} truncated to {@code resolution}. */
    public static Timestamp of(Instant instant, TimeResolution resolution) {
        long per = resolution.perSecond();
        long units = Math.addExact(Math.multiplyExact(instant.getEpochSecond(), per),
                instant.getNano() / (1_000_000_000L / per));
        return new Timestamp(units, resolution);
    }

    public Instant toInstant() {
        long per = resolution.perSecond();
        long secs = Math.floorDiv(units, per);
        long frac = Math.floorMod(units, per);
        return Instant.ofEpochSecond(secs, frac * (1_000_000_000L / per));
    }

    /** Microseconds since the epoch, floored: the unit of block-header times. */
    public long toEpochMicros() {
        long per = resolution.perSecond();
        if (per >= 1_000_000L) {
            return Math.floorDiv(units, per / 1_000_000L);
        }
        return Math.multiplyExact(units, 1_000_000L / per);
    }

    @Override
    public int compareTo(Timestamp o) {
        return toInstant().compareTo(o.toInstant());
    }

    @Override
    public String toString() {
        return toInstant() + " (" + resolution.label() + ")";
    }
}
