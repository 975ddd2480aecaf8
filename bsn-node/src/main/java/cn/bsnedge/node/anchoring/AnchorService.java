package cn.bsnedge.node.anchoring;

import cn.bsnedge.ledger.anchor.Anchor;
import cn.bsnedge.ledger.anchor.AnchorCheck;
import cn.bsnedge.ledger.anchor.AnchorDecision;
import cn.bsnedge.ledger.anchor.AnchorReceipt;
import cn.bsnedge.ledger.anchor.AnchorRejection;
import cn.bsnedge.ledger.anchor.RejectionReason;
import cn.bsnedge.ledger.anchor.Signed;
import cn.bsnedge.ledger.anchor.TreeHead;
import cn.bsnedge.ledger.crypto.PublicKey;
import cn.bsnedge.ledger.protocol.AnchorResponse;
import cn.bsnedge.ledger.protocol.MessageException;
import cn.bsnedge.ledger.protocol.Messages;
import cn.bsnedge.node.keys.NodeKeyFile.NodeIdentity;
import cn.bsnedge.node.ledger.AlarmKind;
import cn.bsnedge.node.ledger.AnchorLedger;
import cn.bsnedge.node.ledger.GatewayRecords;
import cn.bsnedge.node.ledger.LedgerException;
import cn.bsnedge.node.ledger.LedgerRecord;

import java.security.GeneralSecurityException;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The node's handling of one anchor payload (PROTOCOL.md §3.6, §6), free of MQTT: decode, decide
 * against the gateway's registered keys and its records, record, and compose the signed answer.
 * The decision and the append run in one {@link AnchorLedger#update}, so deliveries of one
 * gateway's anchors are decided one after another whichever thread or process receives them.
 * Thread-safe.
 */
public final class AnchorService {

    /** The gateway's registered public keys (empty if unknown). */
    @FunctionalInterface
    public interface GatewayKeys {
        List<PublicKey> keys(String gatewayId);
    }

    public enum Result {
        /** A new tree head, recorded; the answer is its new receipt. */
        ACCEPTED,
        /** A tree head recorded before; the answer is the receipt issued then. */
        DUPLICATE,
        /** Refused; the answer is a rejection. */
        REJECTED
    }

    /**
     * What became of an anchor.
     *
     * @param alarm the alarm recorded for it, if its rejection raised a new one
     */
    public record Outcome(Result result, AnchorResponse response, Optional<LedgerRecord.Alarm> alarm) {

        public Optional<RejectionReason> reason() {
            return response instanceof AnchorResponse.Rejection r ? Optional.of(r.rejection().statement().reason()) : Optional.empty();
        }
    }

    private final NodeIdentity node;
    private final GatewayKeys keys;
    private final AnchorLedger ledger;
    private final InstantSource clock;

    public AnchorService(NodeIdentity node, GatewayKeys keys, AnchorLedger ledger, InstantSource clock) {
        this.node = Objects.requireNonNull(node, "node");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Handles {@code payload}, received on the anchor topic of {@code gatewayId}. */
    public Outcome handle(String gatewayId, byte[] payload) {
        Anchor anchor;
        try {
            anchor = Messages.decodeAnchor(payload);
        } catch (MessageException e) {
            RejectionReason reason = switch (e.kind()) {
                case TOO_LARGE -> RejectionReason.TOO_LARGE;
                case UNSUPPORTED_VERSION -> RejectionReason.UNSUPPORTED_VERSION;
                case MALFORMED, WRONG_KIND -> RejectionReason.MALFORMED;
            };
            return rejectOutsideLedger(gatewayId, 0, reason, e.getMessage());
        }
        List<PublicKey> gatewayKeys = keys.keys(gatewayId);
        try {
            return ledger.update(tx -> decide(tx, gatewayId, anchor, payload, gatewayKeys));
        } catch (LedgerException e) {
            org.slf4j.LoggerFactory.getLogger(AnchorService.class).error("cannot record the anchor of {} (tree size {}): {}",
                    gatewayId, anchor.head().treeSize(), e.getMessage());
            return rejectOutsideLedger(gatewayId, anchor.head().treeSize(), RejectionReason.UNAVAILABLE,
                    "the node cannot record now: " + e.getMessage());
        }
    }

    private Outcome decide(AnchorLedger.Transaction tx, String gatewayId, Anchor anchor, byte[] payload,
                           List<PublicKey> gatewayKeys) throws LedgerException {
        GatewayRecords records = tx.records(gatewayId);
        AnchorDecision decision = AnchorCheck.check(anchor, gatewayId, gatewayKeys, records);
        long now = clock.millis();
        return switch (decision) {
            case AnchorDecision.Accepted a -> {
                long seq = tx.nextSeq();
                Signed<AnchorReceipt> receipt = sign(AnchorReceipt.of(node.key().suite(), node.nodeId(), anchor.head(), seq, now));
                tx.append(new LedgerRecord.Anchored(seq, anchor.treeHead(), anchor.prevSize(), receipt));
                yield new Outcome(Result.ACCEPTED, new AnchorResponse.Receipt(receipt), Optional.empty());
            }
            case AnchorDecision.Duplicate d -> {
                LedgerRecord.Anchored then = records.recordAt(d.recorded().treeSize()).orElseThrow(() -> new LedgerException(
                        "ledger lost the record of " + gatewayId + " at tree size " + d.recorded().treeSize()));
                yield new Outcome(Result.DUPLICATE, new AnchorResponse.Receipt(then.receipt()), Optional.empty());
            }
            case AnchorDecision.Rejected r -> {
                Optional<LedgerRecord.Alarm> alarm = Optional.empty();
                if (r.alarm()) {
                    AlarmKind kind = AlarmKind.of(r.reason());
                    boolean known = records.alarms().stream().anyMatch(x -> x.sameEvidence(kind, payload));
                    if (!known) {
                        LedgerRecord.Alarm rec = new LedgerRecord.Alarm(tx.nextSeq(), gatewayId, now, kind,
                                related(records, anchor.head()), r.detail(), payload);
                        tx.append(rec);
                        alarm = Optional.of(rec);
                    }
                }
                yield new Outcome(Result.REJECTED, rejection(gatewayId, anchor.head().treeSize(), r.reason(), records.latest(),
                        now, r.detail()), alarm);
            }
        };
    }

    /** The record a refused head conflicts with: the head recorded at its size, else the latest. */
    private static long related(GatewayRecords records, TreeHead head) throws LedgerException {
        Optional<LedgerRecord.Anchored> same = records.recordAt(head.treeSize());
        if (same.isPresent()) {
            return same.get().seq();
        }
        return records.latestRecord().map(LedgerRecord.Anchored::seq).orElse(-1L);
    }

    private Outcome rejectOutsideLedger(String gatewayId, long treeSize, RejectionReason reason, String detail) {
        Optional<TreeHead> latest;
        try {
            latest = ledger.records(gatewayId).latest();
        } catch (LedgerException | RuntimeException e) {
            latest = Optional.empty();
        }
        return new Outcome(Result.REJECTED, rejection(gatewayId, treeSize, reason, latest, clock.millis(), detail), Optional.empty());
    }

    private AnchorResponse rejection(String gatewayId, long treeSize, RejectionReason reason, Optional<TreeHead> latest,
                                     long now, String detail) {
        return new AnchorResponse.Rejection(sign(AnchorRejection.of(node.key().suite(), node.nodeId(), gatewayId, treeSize,
                reason, latest, now, detail)));
    }

    private <T extends cn.bsnedge.ledger.anchor.Statement> Signed<T> sign(T statement) {
        try {
            return Signed.sign(statement, node.key().signer());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the node key failed to sign: " + e.getMessage(), e);
        }
    }
}
