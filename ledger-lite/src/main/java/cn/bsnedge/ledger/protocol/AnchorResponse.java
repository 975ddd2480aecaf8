package cn.bsnedge.ledger.protocol;

import cn.bsnedge.ledger.anchor.AnchorReceipt;
import cn.bsnedge.ledger.anchor.AnchorRejection;
import cn.bsnedge.ledger.anchor.Signed;

/** What a node sends back for an anchor, on the gateway's receipt topic: one of two kinds. */
public sealed interface AnchorResponse {

    /** The gateway the response is about. */
    String gatewayId();

    record Receipt(Signed<AnchorReceipt> receipt) implements AnchorResponse {
        @Override
        public String gatewayId() {
            return receipt.statement().gatewayId();
        }
    }

    record Rejection(Signed<AnchorRejection> rejection) implements AnchorResponse {
        @Override
        public String gatewayId() {
            return rejection.statement().gatewayId();
        }
    }
}
