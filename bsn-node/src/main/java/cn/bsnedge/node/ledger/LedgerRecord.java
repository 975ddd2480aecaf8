package cn.bsnedge.node.ledger;

import cn.bsnedge.ledger.anchor.AnchorReceipt;
import cn.bsnedge.ledger.anchor.Signed;
import cn.bsnedge.ledger.anchor.TreeHead;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of the node's ledger (docs/NODE.md "Ledger format"). Every record has a position
 * {@link #seq()}, from 0, which a receipt quotes as its {@code ledgerSeq}.
 */
public sealed interface LedgerRecord {

    long seq();

    /** The gateway the record is about. */
    String gatewayId();

    /**
     * A gateway's tree head the node accepted (PROTOCOL.md §3.6), with the receipt it issued:
     * every later duplicate of this head is answered with exactly this receipt.
     *
     * @param prevSize the size the anchor's consistency proof started from (0 for a first anchor)
     */
    record Anchored(long seq, Signed<TreeHead> treeHead, long prevSize, Signed<AnchorReceipt> receipt) implements LedgerRecord {

        public Anchored {
            Objects.requireNonNull(treeHead, "treeHead");
            Objects.requireNonNull(receipt, "receipt");
            if (!receipt.statement().covers(treeHead.statement())) {
                throw new IllegalArgumentException("receipt " + receipt.statement() + " does not cover " + treeHead.statement());
            }
            if (receipt.statement().ledgerSeq() != seq) {
                throw new IllegalArgumentException("receipt names ledger position " + receipt.statement().ledgerSeq()
                        + " but the record is at " + seq);
            }
        }

        @Override
        public String gatewayId() {
            return treeHead.statement().gatewayId();
        }

        public TreeHead head() {
            return treeHead.statement();
        }

        public Instant recordedAt() {
            return receipt.statement().recordedAt();
        }
    }

    /**
     * Evidence against a gateway (or someone using its name): a refused anchor whose reason is an
     * alarm (PROTOCOL.md §3.5), or telemetry that fails verification or forks.
     *
     * @param relatedSeq the record this one conflicts with (a fork's recorded head), or -1
     * @param evidence   the offending payload as received (an anchor message, a sealed block)
     */
    record Alarm(long seq, String gatewayId, long atMillis, AlarmKind kind, long relatedSeq, String detail, byte[] evidence)
            implements LedgerRecord {

        public Alarm {
            Objects.requireNonNull(gatewayId, "gatewayId");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(detail, "detail");
            evidence = evidence.clone();
        }

        @Override
        public byte[] evidence() {
            return evidence.clone();
        }

        public Instant at() {
            return Instant.ofEpochMilli(atMillis);
        }

        /** Same kind and the same evidence bytes: a redelivery of something already on record. */
        public boolean sameEvidence(AlarmKind k, byte[] e) {
            return kind == k && Arrays.equals(evidence, e);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Alarm a && seq == a.seq && gatewayId.equals(a.gatewayId) && atMillis == a.atMillis
                    && kind == a.kind && relatedSeq == a.relatedSeq && detail.equals(a.detail) && Arrays.equals(evidence, a.evidence);
        }

        @Override
        public int hashCode() {
            return Objects.hash(seq, gatewayId, atMillis, kind, relatedSeq, detail) * 31 + Arrays.hashCode(evidence);
        }

        @Override
        public String toString() {
            return "Alarm[#" + seq + " " + kind.label() + " " + gatewayId + " at " + at() + ": " + detail + "]";
        }
    }
}
