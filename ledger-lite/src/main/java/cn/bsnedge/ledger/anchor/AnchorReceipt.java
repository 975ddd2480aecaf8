package cn.bsnedge.ledger.anchor;

import cn.bsnedge.ledger.block.SigningContext;
import cn.bsnedge.ledger.codec.ByteReader;
import cn.bsnedge.ledger.codec.ByteWriter;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.crypto.CryptoSuite;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A city node's receipt (PROTOCOL.md §3.4): node {@code nodeId} recorded that gateway {@code
 * gatewayId}'s log of {@code treeSize} blocks has root {@code rootHash}, as entry {@code
 * ledgerSeq} of its ledger, at {@code recordedAtMillis}. Signed by the node under {@link
 * SigningContext#ANCHOR_RECEIPT}; with it, a reading's proof bundle shows the city held the
 * block before anyone could change it.
 *
 * @param suite            the node key's suite (independent of the gateway's)
 * @param rootHash         the tree head's root: 32 bytes in every suite
 * @param ledgerSeq        position in the node's ledger, from 0; unique per node
 * @param recordedAtMillis when the node recorded it, ms since the epoch (UTC, the node's clock)
 */
public record AnchorReceipt(CryptoSuite suite, String nodeId, String gatewayId, long treeSize, byte[] rootHash,
                            long ledgerSeq, long recordedAtMillis) implements Statement {

    public static final int VERSION = 1;

    public AnchorReceipt {
        Objects.requireNonNull(suite, "suite");
        Fields.requireCode(nodeId, "node id");
        Fields.requireCode(gatewayId, "gateway id");
        if (treeSize < 1) {
            throw new IllegalArgumentException("tree size " + treeSize + "; a receipt covers at least one block");
        }
        rootHash = Fields.requireHash(rootHash, suite, "root hash");
        if (ledgerSeq < 0) {
            throw new IllegalArgumentException("ledger position " + ledgerSeq + " is negative");
        }
        Fields.requireMillis(recordedAtMillis, "recording time");
    }

    /** The receipt a node issues for {@code head}. */
    public static AnchorReceipt of(CryptoSuite nodeSuite, String nodeId, TreeHead head, long ledgerSeq, long recordedAtMillis) {
        return new AnchorReceipt(nodeSuite, nodeId, head.gatewayId(), head.treeSize(), head.rootHash(), ledgerSeq, recordedAtMillis);
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    @Override
    public SigningContext context() {
        return SigningContext.ANCHOR_RECEIPT;
    }

    public Instant recordedAt() {
        return Instant.ofEpochMilli(recordedAtMillis);
    }

    /** True if the receipt is for exactly this gateway, size and root. */
    public boolean covers(TreeHead head) {
        return gatewayId.equals(head.gatewayId()) && treeSize == head.treeSize() && Arrays.equals(rootHash, head.rootHash());
    }

    @Override
    public byte[] encode() {
        return new ByteWriter(96 + nodeId.length() + gatewayId.length()).u8(VERSION).u8(suite.id()).ascii8(nodeId)
                .ascii8(gatewayId).i64(treeSize).bytes(rootHash).i64(ledgerSeq).i64(recordedAtMillis).toByteArray();
    }

    public static AnchorReceipt decode(byte[] bytes) throws FormatException {
        ByteReader in = new ByteReader(bytes);
        Fields.version(in, "receipt.version", VERSION);
        CryptoSuite suite = Fields.suite(in, "receipt.suite");
        String node = Fields.code(in, "receipt.node");
        String gateway = Fields.code(in, "receipt.gateway");
        long size = Fields.treeSize(in, "receipt.treeSize");
        byte[] root = in.bytes("receipt.rootHash", suite.hash().size());
        long seq = in.u63("receipt.ledgerSeq");
        long at = Fields.millis(in, "receipt.recordedAt");
        in.expectEnd("receipt");
        return new AnchorReceipt(suite, node, gateway, size, root, seq, at);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnchorReceipt r && Arrays.equals(encode(), r.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return "AnchorReceipt[" + suite.label() + " node " + nodeId + " ledger #" + ledgerSeq + ": " + gatewayId
                + " size=" + treeSize + " root=" + HexFormat.of().formatHex(rootHash) + " at " + recordedAt() + "]";
    }
}
