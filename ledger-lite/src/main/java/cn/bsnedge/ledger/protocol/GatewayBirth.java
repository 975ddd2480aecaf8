package cn.bsnedge.ledger.protocol;

import cn.bsnedge.ledger.anchor.Fields;
import cn.bsnedge.ledger.anchor.Statement;
import cn.bsnedge.ledger.block.ChainHead;
import cn.bsnedge.ledger.block.SigningContext;
import cn.bsnedge.ledger.codec.ByteReader;
import cn.bsnedge.ledger.codec.ByteWriter;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PublicKey;
import cn.bsnedge.ledger.entry.ClockQuality;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A gateway's birth certificate (PROTOCOL.md §4.3), published retained each time it connects,
 * like a Sparkplug NBIRTH: which key it signs with, where its chain stands and how much of it
 * the node has receipted. Signed by the gateway under {@link SigningContext#GATEWAY_BIRTH}.
 *
 * @param session        connection counter, +1 per connect; its Last Will ({@link GatewayDeath})
 *                       carries the same number, so the gateway is online iff the retained
 *                       birth's session is greater than the retained death's
 * @param keyFingerprint {@code H(suiteId ‖ publicKey)} (FORMAT.md §5) as 32 raw bytes
 * @param blockCount     blocks in the chain: the next block's height
 * @param headHash       block hash of height {@code blockCount-1}; 32 zero bytes when empty
 * @param anchoredSize   tree size of the latest receipt the gateway holds, 0 if none
 * @param agent          software and version, printable ASCII, 1-64 bytes, e.g. {@code bsn-edge/0.4.0}
 */
public record GatewayBirth(CryptoSuite suite, String gatewayId, long session, byte[] keyFingerprint, long blockCount,
                           byte[] headHash, long anchoredSize, long timestampMillis, ClockQuality clock, String agent)
        implements Statement {

    public static final int VERSION = 1;
    public static final int MAX_AGENT = 64;

    public GatewayBirth {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(clock, "clock");
        Fields.requireCode(gatewayId, "gateway id");
        keyFingerprint = Fields.requireHash(keyFingerprint, suite, "key fingerprint");
        headHash = Fields.requireHash(headHash, suite, "head hash");
        if (session < 0 || blockCount < 0 || anchoredSize < 0 || anchoredSize > blockCount) {
            throw new IllegalArgumentException("want 0 <= session, 0 <= anchoredSize <= blockCount; got session " + session
                    + ", anchoredSize " + anchoredSize + ", blockCount " + blockCount);
        }
        if (blockCount == 0 && !Arrays.equals(headHash, new byte[headHash.length])) {
            throw new IllegalArgumentException("an empty chain's head hash is all zeros");
        }
        Fields.requireMillis(timestampMillis, "birth time");
        if (agent == null || !agent.matches("[\\x21-\\x7e]{1," + MAX_AGENT + "}")) {
            throw new IllegalArgumentException("agent '" + agent + "' must be 1.." + MAX_AGENT + " printable ASCII characters");
        }
    }

    /** The birth of a gateway holding {@code key} whose chain attaches its next block at {@code head}. */
    public static GatewayBirth of(PublicKey key, String gatewayId, long session, ChainHead head, long anchoredSize,
                                  long timestampMillis, ClockQuality clock, String agent) {
        return new GatewayBirth(key.suite(), gatewayId, session, HexFormat.of().parseHex(key.fingerprint()),
                head.nextHeight(), head.headHash(), anchoredSize, timestampMillis, clock, agent);
    }

    @Override
    public byte[] keyFingerprint() {
        return keyFingerprint.clone();
    }

    @Override
    public byte[] headHash() {
        return headHash.clone();
    }

    @Override
    public SigningContext context() {
        return SigningContext.GATEWAY_BIRTH;
    }

    @Override
    public byte[] encode() {
        return new ByteWriter(160 + gatewayId.length()).u8(VERSION).u8(suite.id()).ascii8(gatewayId).i64(session)
                .bytes(keyFingerprint).i64(blockCount).bytes(headHash).i64(anchoredSize).i64(timestampMillis)
                .u8(clock.code()).ascii8(agent).toByteArray();
    }

    public static GatewayBirth decode(byte[] bytes) throws FormatException {
        ByteReader in = new ByteReader(bytes);
        Fields.version(in, "birth.version", VERSION);
        CryptoSuite suite = Fields.suite(in, "birth.suite");
        String gateway = Fields.code(in, "birth.gateway");
        long session = in.u63("birth.session");
        byte[] fingerprint = in.bytes("birth.keyFingerprint", suite.hash().size());
        long count = in.u63("birth.blockCount");
        int at = in.position();
        byte[] head = in.bytes("birth.headHash", suite.hash().size());
        if (count == 0 && !Arrays.equals(head, new byte[head.length])) {
            throw new FormatException("birth.headHash", at, "must be all zeros when blockCount is 0");
        }
        at = in.position();
        long anchored = in.u63("birth.anchoredSize");
        if (anchored > count) {
            throw new FormatException("birth.anchoredSize", at, "anchored size " + anchored + " exceeds block count " + count);
        }
        long time = Fields.millis(in, "birth.timestamp");
        ClockQuality clock = Fields.clock(in, "birth.clock");
        String agent = in.ascii8("birth.agent", 1, MAX_AGENT);
        in.expectEnd("birth");
        return new GatewayBirth(suite, gateway, session, fingerprint, count, head, anchored, time, clock, agent);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GatewayBirth b && Arrays.equals(encode(), b.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "GatewayBirth[" + gatewayId + " session " + session + " " + suite.label() + " key " + hex.formatHex(keyFingerprint)
                + ", " + blockCount + " blocks, head " + hex.formatHex(headHash) + ", anchored " + anchoredSize + ", " + agent + "]";
    }
}
