package cn.bsnedge.ledger.anchor;

import cn.bsnedge.ledger.block.SigningContext;
import cn.bsnedge.ledger.codec.ByteReader;
import cn.bsnedge.ledger.codec.ByteWriter;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.entry.ClockQuality;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A tree head over a gateway's {@link BlockHashLog} (PROTOCOL.md §3.2), RFC 9162 style: the
 * gateway states that its first {@code treeSize} blocks (heights {@code 0 .. treeSize-1}) have
 * the log root {@code rootHash}. Signed by the gateway under {@link SigningContext#TREE_HEAD},
 * it is the core of an anchor.
 *
 * @param suite           the gateway's suite: its key signs, its hash built the tree
 * @param gatewayId       the gateway's identification code
 * @param treeSize        number of blocks covered, at least 1
 * @param rootHash        RFC 9162 root of the block-hash log of {@code treeSize} leaves
 * @param timestampMillis when the gateway signed it, ms since the epoch (UTC); see {@code clock}
 * @param clock           whether the gateway's clock was synchronised then; the time of an
 *                        unsynced gateway orders nothing and proves nothing
 */
public record TreeHead(CryptoSuite suite, String gatewayId, long treeSize, byte[] rootHash, long timestampMillis,
                       ClockQuality clock) implements Statement {

    public static final int VERSION = 1;

    public TreeHead {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(clock, "clock");
        Fields.requireCode(gatewayId, "gateway id");
        if (treeSize < 1) {
            throw new IllegalArgumentException("tree size " + treeSize + "; a tree head covers at least one block");
        }
        rootHash = Fields.requireHash(rootHash, suite, "root hash");
        Fields.requireMillis(timestampMillis, "tree head time");
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    @Override
    public SigningContext context() {
        return SigningContext.TREE_HEAD;
    }

    public Instant time() {
        return Instant.ofEpochMilli(timestampMillis);
    }

    /** True if both heads state the same size and root (times may differ). */
    public boolean sameTree(TreeHead o) {
        return gatewayId.equals(o.gatewayId) && treeSize == o.treeSize && Arrays.equals(rootHash, o.rootHash);
    }

    @Override
    public byte[] encode() {
        return new ByteWriter(64 + gatewayId.length()).u8(VERSION).u8(suite.id()).ascii8(gatewayId)
                .i64(treeSize).bytes(rootHash).i64(timestampMillis).u8(clock.code()).toByteArray();
    }

    public static TreeHead decode(byte[] bytes) throws FormatException {
        ByteReader in = new ByteReader(bytes);
        Fields.version(in, "treeHead.version", VERSION);
        CryptoSuite suite = Fields.suite(in, "treeHead.suite");
        String gateway = Fields.code(in, "treeHead.gateway");
        long size = Fields.treeSize(in, "treeHead.treeSize");
        byte[] root = in.bytes("treeHead.rootHash", suite.hash().size());
        long time = Fields.millis(in, "treeHead.timestamp");
        ClockQuality clock = Fields.clock(in, "treeHead.clock");
        in.expectEnd("treeHead");
        return new TreeHead(suite, gateway, size, root, time, clock);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TreeHead t && Arrays.equals(encode(), t.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return "TreeHead[" + suite.label() + " " + gatewayId + " size=" + treeSize + " root="
                + HexFormat.of().formatHex(rootHash) + " at " + time() + " (" + clock.label() + ")]";
    }
}
