package cn.bsnedge.agent.anchor;

import java.time.Duration;
import java.util.Objects;

/**
 * When the gateway anchors (PROTOCOL.md §3.7): once {@code blocks} sealed blocks are not yet
 * anchored, or {@code every} after the previous anchor while any are, whichever comes first;
 * and how long it waits for a receipt before publishing the outstanding anchor again.
 */
public record AnchorPolicy(Duration every, int blocks, Duration receiptTimeout) {

    /** Longest wait between attempts after rejections that ask for a retry (PROTOCOL.md §3.7: up to 1 hour). */
    static final Duration MAX_RETRY = Duration.ofHours(1);

    public AnchorPolicy {
        Objects.requireNonNull(every, "every");
        Objects.requireNonNull(receiptTimeout, "receiptTimeout");
        if (every.isNegative() || every.isZero() || blocks < 1 || receiptTimeout.isNegative() || receiptTimeout.isZero()) {
            throw new IllegalArgumentException("anchor policy needs every > 0, blocks >= 1, receiptTimeout > 0; got "
                    + every + ", " + blocks + ", " + receiptTimeout);
        }
    }

    /**
     * Whether an anchor is due with {@code unanchored} blocks beyond the latest receipt, {@code
     * sinceLast} nanoseconds after the previous anchor was made (negative: none made since start,
     * so a backlog found at start is anchored at once).
     */
    boolean due(long unanchored, long sinceLast) {
        if (unanchored <= 0) {
            return false;
        }
        return sinceLast < 0 || unanchored >= blocks || sinceLast >= every.toNanos();
    }

    /** Nanoseconds from the previous anchor until {@link #due} turns true by time alone. */
    long everyNanos() {
        return every.toNanos();
    }

    /** The wait before attempt {@code retry} (0-based) after a rejection that asks to retry later. */
    long retryNanos(int retry) {
        long base = receiptTimeout.toNanos();
        long max = MAX_RETRY.toNanos();
        return retry >= 40 ? max : Math.min(max, base << Math.min(retry, 40));
    }
}
