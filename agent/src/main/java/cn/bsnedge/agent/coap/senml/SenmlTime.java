package cn.bsnedge.agent.coap.senml;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;

/**
 * A resolved SenML time (RFC 8428 §4.5.3), in seconds: 0 is "roughly now", a value below
 * 2^28 is relative to now (negative: in the past), 2^28 and above is absolute, seconds since
 * the Unix epoch. Which "now" is the receiver's: the gateway's clock when the pack arrived.
 */
public record SenmlTime(BigDecimal seconds) {

    /** 2^28 s, about 8.5 years: the boundary between relative and absolute times. */
    public static final BigDecimal ABSOLUTE_FROM = BigDecimal.valueOf(1L << 28);

    public static final SenmlTime NOW = new SenmlTime(BigDecimal.ZERO);

    public boolean relative() {
        return seconds.compareTo(ABSOLUTE_FROM) < 0;
    }

    /** The instant this time denotes when "now" is {@code now}; nanosecond precision, truncated. */
    public Instant at(Instant now) {
        BigDecimal nanos = seconds.movePointRight(9).setScale(0, RoundingMode.FLOOR);
        return relative() ? now.plus(Duration.ofNanos(nanos.longValueExact())) : Instant.EPOCH.plusNanos(nanos.longValueExact());
    }

    /** As a relative offset; only for {@link #relative()} times. */
    public Duration offset() {
        return Duration.ofNanos(seconds.movePointRight(9).setScale(0, RoundingMode.FLOOR).longValueExact());
    }
}
