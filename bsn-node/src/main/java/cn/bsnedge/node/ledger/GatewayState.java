package cn.bsnedge.node.ledger;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The ledger index of one gateway: the sizes of its accepted tree heads with the file offset of
 * each record (two growing arrays, 16 bytes per anchor), the latest record in full, and its alarms.
 * Mutated only under the ledger's lock; snapshots share the arrays, whose filled part never changes.
 */
final class GatewayState {

    private final String gatewayId;
    private long[] sizes = new long[4];
    private long[] offsets = new long[4];
    private int count;
    private LedgerRecord.Anchored latest;
    private List<LedgerRecord.Alarm> alarms = List.of();

    GatewayState(String gatewayId) {
        this.gatewayId = gatewayId;
    }

    void add(LedgerRecord r, long offset) {
        switch (r) {
            case LedgerRecord.Anchored a -> {
                if (count == sizes.length) {
                    sizes = Arrays.copyOf(sizes, count * 2);
                    offsets = Arrays.copyOf(offsets, count * 2);
                }
                sizes[count] = a.head().treeSize();
                offsets[count] = offset;
                count++;
                latest = a;
            }
            case LedgerRecord.Alarm a -> {
                LedgerRecord.Alarm[] more = alarms.toArray(new LedgerRecord.Alarm[alarms.size() + 1]);
                more[alarms.size()] = a;
                alarms = List.of(more);
            }
        }
    }

    GatewayRecords snapshot(FileAnchorLedger ledger) {
        return new Snapshot(gatewayId, sizes, offsets, count, latest, alarms, ledger);
    }

    static GatewayRecords empty(String gatewayId, FileAnchorLedger ledger) {
        return new Snapshot(gatewayId, new long[0], new long[0], 0, null, List.of(), ledger);
    }

    private record Snapshot(String gatewayId, long[] sizes, long[] offsets, int count, LedgerRecord.Anchored last,
                            List<LedgerRecord.Alarm> alarms, FileAnchorLedger ledger) implements GatewayRecords {

        @Override
        public Optional<LedgerRecord.Anchored> latestRecord() {
            return Optional.ofNullable(last);
        }

        @Override
        public Optional<LedgerRecord.Anchored> recordAt(long treeSize) throws LedgerException {
            if (last != null && last.head().treeSize() == treeSize) {
                return Optional.of(last);
            }
            int i = Arrays.binarySearch(sizes, 0, count, treeSize);
            return i < 0 ? Optional.empty() : Optional.of(ledger.readAnchored(offsets[i]));
        }

        @Override
        public long anchorCount() {
            return count;
        }
    }
}
