package cn.bsnedge.ledger.protocol;

import cn.bsnedge.ledger.anchor.Fields;

/**
 * The city asks a gateway to publish {@code count} blocks from {@code fromHeight} again
 * (PROTOCOL.md §4.6), e.g. after its audit found a gap. Unsigned: who may publish it is the
 * broker's access control; the worst a forged one can cause is traffic, which the gateway
 * paces. The gateway answers on its blocks topic with cause {@code resend}.
 *
 * @param requesterId the node (or auditor) asking, for the gateway's log
 * @param count       1..{@value #MAX_COUNT} blocks
 */
public record ResendRequest(String gatewayId, String requesterId, long fromHeight, int count) {

    public static final int MAX_COUNT = 1024;

    public ResendRequest {
        Fields.requireCode(gatewayId, "gateway id");
        Fields.requireCode(requesterId, "requester id");
        if (fromHeight < 0 || count < 1 || count > MAX_COUNT || fromHeight > Long.MAX_VALUE - count) {
            throw new IllegalArgumentException("want fromHeight >= 0 and count 1.." + MAX_COUNT + ", got " + fromHeight + " and " + count);
        }
    }

    /** The height after the last one requested. */
    public long endHeight() {
        return fromHeight + count;
    }
}
