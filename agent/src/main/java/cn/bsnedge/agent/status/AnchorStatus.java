package cn.bsnedge.agent.status;

import java.util.List;

/**
 * Anchoring as {@code bsn-edge status} shows it (docs/ANCHOR.md).
 *
 * @param link               the MQTT link: connecting, connected, disconnected (with why), closed
 * @param chainBlocks        blocks in the block-hash log
 * @param anchoredSize       tree size of the latest verified receipt; 0 if none
 * @param receiptNode        the node that signed it, or empty
 * @param receiptLedgerSeq   its position in the node's ledger, or -1
 * @param receiptRecordedAt  when the node recorded it (ISO 8601), or empty
 * @param backlogBlocks      sealed blocks not covered by a receipt yet
 * @param pendingSize        tree size of the outstanding anchor, 0 if none
 * @param telemetryPublished blocks below this height were published as telemetry and acknowledged by the broker
 * @param lastRejection      the node's last rejection (reason and detail), or empty
 * @param halted             anchoring stopped on an alarm until an operator resolves it (docs/ANCHOR.md)
 * @param alarms             alarms since start, newest last (a halting one first)
 */
public record AnchorStatus(String link, long chainBlocks, long anchoredSize, String receiptNode, long receiptLedgerSeq,
                           String receiptRecordedAt, long backlogBlocks, long pendingSize, long telemetryPublished,
                           String lastRejection, boolean halted, List<String> alarms) {

    public AnchorStatus {
        alarms = alarms == null ? List.of() : List.copyOf(alarms);
    }
}
