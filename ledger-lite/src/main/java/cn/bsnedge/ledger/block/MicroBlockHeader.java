package cn.bsnedge.ledger.block;

import cn.bsnedge.ledger.codec.ByteReader;
import cn.bsnedge.ledger.codec.ByteWriter;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.entry.SensorCode;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The signed part of a micro-block (FORMAT.md §3). Its canonical bytes are what the gateway
 * signs and what the block hash covers; entries are bound to it through {@link #merkleRoot()}.
 *
 * @param suite           crypto suite; its hash is used for the root, the block hash and the chain
 * @param gatewayId       the gateway's identification code (same scheme as sensor codes)
 * @param height          0 for the first block, then +1 per block
 * @param prevHash        block hash of height-1; all zero bytes at height 0
 * @param merkleRoot      RFC 9162 root over the block's encoded entries, in order
 * @param entryCount      number of entries, at least 1
 * @param firstTimeMicros earliest entry time, µs since the epoch (floored)
 * @param lastTimeMicros  latest entry time, µs since the epoch (floored)
 */
public record MicroBlockHeader(CryptoSuite suite, String gatewayId, long height, byte[] prevHash,
                               byte[] merkleRoot, int entryCount, long firstTimeMicros, long lastTimeMicros) {

    public static final int VERSION = 1;
    /** Prefix of the block-hash input, distinct from RFC 9162's 0x00 leaf and 0x01 node prefixes. */
    public static final byte BLOCK_HASH_PREFIX = 0x02;

    public MicroBlockHeader {
        String idProblem = SensorCode.problem(gatewayId);
        if (idProblem != null) {
            throw new IllegalArgumentException("gateway id '" + gatewayId + "' " + idProblem);
        }
        if (height < 0) {
            throw new IllegalArgumentException("height " + height + " is negative");
        }
        int n = suite.hash().size();
        if (prevHash.length != n || merkleRoot.length != n) {
            throw new IllegalArgumentException("prevHash and merkleRoot must be " + n + " bytes for " + suite.label());
        }
        if (entryCount < 1) {
            throw new IllegalArgumentException("entry count " + entryCount + " must be at least 1");
        }
        if (lastTimeMicros < firstTimeMicros) {
            throw new IllegalArgumentException("last time " + lastTimeMicros + " is before first time " + firstTimeMicros);
        }
        prevHash = prevHash.clone();
        merkleRoot = merkleRoot.clone();
    }

    @Override
    public byte[] prevHash() {
        return prevHash.clone();
    }

    @Override
    public byte[] merkleRoot() {
        return merkleRoot.clone();
    }

    public byte[] encode() {
        return new ByteWriter(128).u8(VERSION).u8(suite.id()).ascii8(gatewayId).i64(height)
                .bytes(prevHash).bytes(merkleRoot).u32(entryCount)
                .i64(firstTimeMicros).i64(lastTimeMicros).toByteArray();
    }

    /** H(0x02 ‖ header bytes) with the suite's hash. */
    public byte[] hash() {
        return suite.hash().hash(new byte[] {BLOCK_HASH_PREFIX}, encode());
    }

    /** The exact bytes a gateway signs for this header. */
    public byte[] signingMessage() {
        return SigningContext.MICRO_BLOCK_HEADER.message(encode());
    }

    public static MicroBlockHeader decode(byte[] bytes) throws FormatException {
        ByteReader in = new ByteReader(bytes);
        int version = in.u8("header.version");
        if (version != VERSION) {
            throw new FormatException("header.version", 0, "block format version " + version + " is not supported; want " + VERSION);
        }
        int suiteId = in.u8("header.suite");
        CryptoSuite suite;
        try {
            suite = CryptoSuite.fromId(suiteId);
        } catch (IllegalArgumentException e) {
            throw new FormatException("header.suite", 1, e.getMessage());
        }
        int at = in.position();
        String gatewayId = in.ascii8("header.gateway", 1, SensorCode.MAX_LENGTH);
        if (SensorCode.problem(gatewayId) != null) {
            throw new FormatException("header.gateway", at, "gateway id '" + gatewayId + "' " + SensorCode.problem(gatewayId));
        }
        long height = in.u63("header.height");
        int n = suite.hash().size();
        byte[] prev = in.bytes("header.prevHash", n);
        byte[] root = in.bytes("header.merkleRoot", n);
        at = in.position();
        int count = in.u32("header.entryCount");
        if (count < 1) {
            throw new FormatException("header.entryCount", at, "entry count 0; a block holds at least 1 entry");
        }
        at = in.position();
        long first = in.i64("header.firstTime");
        long last = in.i64("header.lastTime");
        if (last < first) {
            throw new FormatException("header.lastTime", at + 8, "last time " + last + " is before first time " + first);
        }
        in.expectEnd("header");
        return new MicroBlockHeader(suite, gatewayId, height, prev, root, count, first, last);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MicroBlockHeader h && Arrays.equals(encode(), h.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "MicroBlockHeader[" + suite.label() + " " + gatewayId + " height=" + height
                + " prev=" + hex.formatHex(prevHash) + " root=" + hex.formatHex(merkleRoot)
                + " entries=" + entryCount + " time=" + firstTimeMicros + ".." + lastTimeMicros + "]";
    }
}
