package cn.bsnedge.agent.store;

import cn.bsnedge.agent.store.BlockStore.ReadingLocation;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.block.VerificationException.Link;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.entry.EntryCodec;
import cn.bsnedge.ledger.entry.SensorCode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds readings by (sensor, seq) in a {@link LogBlockStore}: a sensor's highest seq never
 * decreases with height, so a binary search over the per-block seq summaries names the only
 * block that can hold a given seq (docs/STORE.md).
 */
final class SeqLookup {

    private final LogBlockStore store;

    SeqLookup(LogBlockStore store) {
        this.store = store;
    }

    private long lastSeq(String sensor) {
        return store.lastSeq(SensorCode.of(sensor)).orElse(-1);
    }

    /** The first height whose running maximum seq for {@code sensor} reaches {@code seq}, or -1. */
    long firstHeightReaching(String sensor, long seq) throws StoreException {
        if (store.head().nextHeight() == 0 || lastSeq(sensor) < seq) {
            return -1;
        }
        long lo = 0;
        long hi = store.head().nextHeight() - 1;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (store.summaryAt(mid).lastSeq(sensor) >= seq) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    List<ReadingLocation> locateRange(SensorCode sensor, long fromSeq, long toSeq) throws StoreException {
        List<ReadingLocation> out = new ArrayList<>();
        long hi = Math.min(toSeq, lastSeq(sensor.value()));
        long start = fromSeq > hi ? -1 : firstHeightReaching(sensor.value(), fromSeq);
        if (start < 0) {
            return out;
        }
        store.forEachBlock(start, store.head().nextHeight(), block -> {
            List<byte[]> entries = block.entries();
            boolean done = false;
            for (int i = 0; i < entries.size(); i++) {
                try {
                    EntryCodec.Key k = EntryCodec.key(entries.get(i));
                    if (k.sensor().equals(sensor)) {
                        if (k.seq() >= fromSeq && k.seq() <= hi) {
                            out.add(new ReadingLocation(block.height(), i));
                        }
                        done |= k.seq() >= hi;
                    }
                } catch (FormatException e) {
                    throw new BrokenChainException(Link.ENTRY, "block " + block.height() + " entry " + i + ": " + e.getMessage(), e);
                }
            }
            return !done;
        });
        return out;
    }

    Optional<ReadingLocation> locate(SensorCode sensor, long seq) throws StoreException {
        // The first height whose running maximum reaches seq holds seq if any block does.
        long lo = firstHeightReaching(sensor.value(), seq);
        if (lo < 0) {
            return Optional.empty();
        }
        MicroBlock block = store.block(lo).orElseThrow(() -> new StoreException("summary names a missing block"));
        try {
            List<byte[]> entries = block.entries();
            for (int i = 0; i < entries.size(); i++) {
                EntryCodec.Key k = EntryCodec.key(entries.get(i));
                if (k.seq() == seq && k.sensor().equals(sensor)) {
                    return Optional.of(new ReadingLocation(lo, i));
                }
            }
        } catch (FormatException e) {
            throw new BrokenChainException(Link.ENTRY, "stored block " + lo + ": " + e.getMessage(), e);
        }
        return Optional.empty();
    }
}
