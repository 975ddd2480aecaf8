package cn.bsnedge.node.telemetry;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Which heights of one gateway's chain the archive holds: everything below {@link #contiguous()},
 * plus scattered heights above it (a gap lies between). Also the hashes of the most recent
 * {@value #RECENT} heights, to tell a redelivery from a second block at one height. Not thread-safe.
 */
final class HeightTracker {

    static final int RECENT = 4096;

    private long contiguous;
    private final TreeSet<Long> above = new TreeSet<>();
    private final Map<Long, byte[]> recent = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > RECENT;
        }
    };
    /** Highest height the gateway says it has (its birth's block count - 1), or -1. */
    private long announced = -1;
    private long firstGapSeenAt = -1;

    /** Records a stored block; returns the other hash already held at that height, if it differs. */
    Optional<byte[]> add(long height, byte[] hash) {
        byte[] known = recent.get(height);
        if (known != null && !Arrays.equals(known, hash)) {
            return Optional.of(known);
        }
        recent.putIfAbsent(height, hash);
        if (height == contiguous) {
            contiguous++;
            while (!above.isEmpty() && above.first() == contiguous) {
                above.pollFirst();
                contiguous++;
            }
        } else if (height > contiguous) {
            above.add(height);
        }
        return Optional.empty();
    }

    /** The hash held at {@code height}, if it is recent. */
    Optional<byte[]> hashAt(long height) {
        return Optional.ofNullable(recent.get(height));
    }

    void announce(long blockCount) {
        announced = Math.max(announced, blockCount - 1);
    }

    long contiguous() {
        return contiguous;
    }

    /** Highest height known to exist: archived or announced; -1 if none. */
    long highestKnown() {
        long h = above.isEmpty() ? contiguous - 1 : above.last();
        return Math.max(h, announced);
    }

    /** The first missing range as [from, to), or empty when nothing is missing. */
    Optional<long[]> firstGap() {
        if (highestKnown() < contiguous) {
            return Optional.empty();
        }
        long to = above.isEmpty() ? highestKnown() + 1 : above.first();
        return Optional.of(new long[] {contiguous, to});
    }

    /** When a gap was first seen (ms), so that a gap only counts after a grace period; -1 if none. */
    long gapSince(long now) {
        if (firstGap().isEmpty()) {
            firstGapSeenAt = -1;
        } else if (firstGapSeenAt < 0) {
            firstGapSeenAt = now;
        }
        return firstGapSeenAt;
    }
}
