package cn.bsnedge.node.ledger;

import cn.bsnedge.ledger.anchor.AnchorCheck;
import cn.bsnedge.ledger.anchor.TreeHead;

import java.util.List;
import java.util.Optional;

/**
 * What the ledger holds for one gateway: its accepted tree heads (each with its receipt) and its
 * alarms. A snapshot: it does not change after it was handed out.
 */
public interface GatewayRecords extends AnchorCheck.Recorded {

    String gatewayId();

    /** The record of the largest accepted tree head, if any. */
    Optional<LedgerRecord.Anchored> latestRecord();

    /** The record of the tree head accepted at exactly {@code treeSize}, if any. */
    Optional<LedgerRecord.Anchored> recordAt(long treeSize) throws LedgerException;

    /** Number of accepted tree heads. */
    long anchorCount();

    List<LedgerRecord.Alarm> alarms();

    @Override
    default Optional<TreeHead> latest() {
        return latestRecord().map(LedgerRecord.Anchored::head);
    }

    @Override
    default Optional<TreeHead> at(long treeSize) {
        try {
            return recordAt(treeSize).map(LedgerRecord.Anchored::head);
        } catch (LedgerException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
