package cn.bsnedge.node.ledger;

import cn.bsnedge.ledger.anchor.RejectionReason;

/** What an {@link LedgerRecord.Alarm} is about; the code is its byte in the ledger file. */
public enum AlarmKind {
    /** An anchor whose tree head names another gateway than its topic. */
    GATEWAY_MISMATCH(1, "anchor-gateway-mismatch"),
    /** An anchor whose tree-head signature fails under the gateway's registered keys. */
    SIGNATURE(2, "anchor-signature"),
    /** An anchor whose tree does not extend the recorded one: a rewritten history. */
    INCONSISTENT(3, "anchor-inconsistent"),
    /** Two signed tree heads of one size with different roots. */
    FORK(4, "anchor-fork"),
    /** A telemetry block whose signature, contents or chain link fails verification. */
    BLOCK_INVALID(5, "block-invalid"),
    /** Two different valid blocks at one height of a gateway's chain. */
    BLOCK_FORK(6, "block-fork");

    private final int code;
    private final String label;

    AlarmKind(int code, String label) {
        this.code = code;
        this.label = label;
    }

    public int code() {
        return code;
    }

    public String label() {
        return label;
    }

    public static AlarmKind fromCode(int code) {
        for (AlarmKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        throw new IllegalArgumentException("alarm kind " + code + " is not one of 1.." + values().length);
    }

    /** The alarm for a refused anchor, if its reason raises one. */
    public static AlarmKind of(RejectionReason reason) {
        return switch (reason) {
            case GATEWAY_MISMATCH -> GATEWAY_MISMATCH;
            case SIGNATURE -> SIGNATURE;
            case INCONSISTENT -> INCONSISTENT;
            case FORK -> FORK;
            default -> throw new IllegalArgumentException("rejection reason " + reason.label() + " raises no alarm");
        };
    }
}
