package cn.bsnedge.ledger.block;

import java.nio.charset.StandardCharsets;

/**
 * Domain separation for every signature in the system (FORMAT.md §3.2): the signed message is
 * the ASCII context string, one 0x00 byte, then the payload. A signature over a block header
 * can therefore never be replayed as a tree head, a receipt or any later message kind.
 */
public enum SigningContext {
    /** A block header, signed by the gateway (FORMAT.md §3.2). */
    MICRO_BLOCK_HEADER("bsn-edge/v1/micro-block-header"),
    /** A tree head over the gateway's block-hash log, signed by the gateway (PROTOCOL.md §3.2). */
    TREE_HEAD("bsn-edge/v1/tree-head"),
    /** A city node's receipt for a recorded tree head, signed by the node (PROTOCOL.md §3.4). */
    ANCHOR_RECEIPT("bsn-edge/v1/anchor-receipt"),
    /** A city node's refusal of an anchor, signed by the node (PROTOCOL.md §3.5). */
    ANCHOR_REJECTION("bsn-edge/v1/anchor-rejection"),
    /** A gateway's birth certificate, published retained on connect (PROTOCOL.md §4.3). */
    GATEWAY_BIRTH("bsn-edge/v1/gateway-birth"),
    /** A gateway's death notice, its MQTT Last Will (PROTOCOL.md §4.4). */
    GATEWAY_DEATH("bsn-edge/v1/gateway-death");

    private final byte[] prefix;
    private final String label;

    SigningContext(String label) {
        this.label = label;
        byte[] ascii = label.getBytes(StandardCharsets.US_ASCII);
        this.prefix = new byte[ascii.length + 1];
        System.arraycopy(ascii, 0, prefix, 0, ascii.length);
    }

    public String label() {
        return label;
    }

    /** context ‖ 0x00 ‖ payload */
    public byte[] message(byte[] payload) {
        byte[] m = new byte[prefix.length + payload.length];
        System.arraycopy(prefix, 0, m, 0, prefix.length);
        System.arraycopy(payload, 0, m, prefix.length, payload.length);
        return m;
    }
}
