package cn.bsnedge.ledger.anchor;

import cn.bsnedge.ledger.block.SigningContext;
import cn.bsnedge.ledger.codec.ByteReader;
import cn.bsnedge.ledger.codec.ByteWriter;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.codec.Utf8Text;
import cn.bsnedge.ledger.crypto.CryptoSuite;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A city node's refusal of an anchor (PROTOCOL.md §3.5), sent where a receipt would have gone.
 * It carries the node's latest record for the gateway ({@code recordedSize}, {@code
 * recordedRoot}; 0 and zeros when there is none), so a gateway whose receipt was lost can
 * rebase its next anchor on what the node really holds. Signed by the node under {@link
 * SigningContext#ANCHOR_REJECTION}. A gateway never drops a pending anchor because of one.
 *
 * @param treeSize the refused anchor's tree size, or 0 when the anchor did not decode
 * @param detail   what was wrong, for people: UTF-8 text (FORMAT.md {@code utf8_16}), at most 512 bytes
 */
public record AnchorRejection(CryptoSuite suite, String nodeId, String gatewayId, long treeSize, RejectionReason reason,
                              long recordedSize, byte[] recordedRoot, long atMillis, String detail) implements Statement {

    public static final int VERSION = 1;
    public static final int MAX_DETAIL_BYTES = 512;

    public AnchorRejection {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(reason, "reason");
        Fields.requireCode(nodeId, "node id");
        Fields.requireCode(gatewayId, "gateway id");
        if (treeSize < 0 || recordedSize < 0) {
            throw new IllegalArgumentException("tree sizes must be non-negative, got " + treeSize + " and " + recordedSize);
        }
        recordedRoot = Fields.requireHash(recordedRoot, suite, "recorded root");
        if (recordedSize == 0 && !Fields.allZero(recordedRoot)) {
            throw new IllegalArgumentException("recorded root must be all zeros when nothing is recorded (size 0)");
        }
        Fields.requireMillis(atMillis, "rejection time");
        String problem = Utf8Text.problem(detail, 0, MAX_DETAIL_BYTES);
        if (problem != null) {
            throw new IllegalArgumentException("rejection detail " + problem);
        }
    }

    /**
     * A rejection carrying the node's latest record for the gateway, or none. Detail text longer
     * than {@link #MAX_DETAIL_BYTES} is cut at a character boundary; control characters become spaces.
     */
    public static AnchorRejection of(CryptoSuite nodeSuite, String nodeId, String gatewayId, long treeSize,
                                     RejectionReason reason, java.util.Optional<TreeHead> recorded, long atMillis, String detail) {
        long size = recorded.map(TreeHead::treeSize).orElse(0L);
        byte[] root = recorded.map(TreeHead::rootHash).orElse(new byte[nodeSuite.hash().size()]);
        return new AnchorRejection(nodeSuite, nodeId, gatewayId, treeSize, reason, size, root, atMillis, printable(detail));
    }

    private static String printable(String text) {
        StringBuilder s = new StringBuilder();
        String nfc = Utf8Text.normalize(text == null ? "" : text);
        int bytes = 0;
        for (int i = 0; i < nfc.length(); ) {
            int cp = nfc.codePointAt(i);
            boolean bad = Character.getType(cp) == Character.CONTROL || (cp >= 0xd800 && cp <= 0xdfff);
            String c = bad ? " " : new String(Character.toChars(cp));
            bytes += Utf8Text.byteLength(c);
            if (bytes > MAX_DETAIL_BYTES) {
                break;
            }
            s.append(c);
            i += Character.charCount(cp);
        }
        // A cut can leave a prefix that is not NFC (a base without its combining mark): shorten it.
        while (!s.isEmpty() && Utf8Text.problem(s.toString(), 0, MAX_DETAIL_BYTES) != null) {
            s.setLength(s.offsetByCodePoints(s.length(), -1));
        }
        return s.toString();
    }

    @Override
    public byte[] recordedRoot() {
        return recordedRoot.clone();
    }

    @Override
    public SigningContext context() {
        return SigningContext.ANCHOR_REJECTION;
    }

    @Override
    public byte[] encode() {
        return new ByteWriter(128 + nodeId.length() + gatewayId.length() + detail.length() * 3).u8(VERSION).u8(suite.id())
                .ascii8(nodeId).ascii8(gatewayId).i64(treeSize).u8(reason.code()).i64(recordedSize).bytes(recordedRoot)
                .i64(atMillis).utf8_16(detail).toByteArray();
    }

    public static AnchorRejection decode(byte[] bytes) throws FormatException {
        ByteReader in = new ByteReader(bytes);
        Fields.version(in, "rejection.version", VERSION);
        CryptoSuite suite = Fields.suite(in, "rejection.suite");
        String node = Fields.code(in, "rejection.node");
        String gateway = Fields.code(in, "rejection.gateway");
        long size = in.u63("rejection.treeSize");
        int at = in.position();
        RejectionReason reason;
        try {
            reason = RejectionReason.fromCode(in.u8("rejection.reason"));
        } catch (IllegalArgumentException e) {
            throw new FormatException("rejection.reason", at, e.getMessage());
        }
        long recordedSize = in.u63("rejection.recordedSize");
        at = in.position();
        byte[] recordedRoot = in.bytes("rejection.recordedRoot", suite.hash().size());
        if (recordedSize == 0 && !Fields.allZero(recordedRoot)) {
            throw new FormatException("rejection.recordedRoot", at, "must be all zeros when recordedSize is 0");
        }
        long time = Fields.millis(in, "rejection.time");
        String detail = in.utf8_16("rejection.detail", 0, MAX_DETAIL_BYTES);
        in.expectEnd("rejection");
        return new AnchorRejection(suite, node, gateway, size, reason, recordedSize, recordedRoot, time, detail);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnchorRejection r && Arrays.equals(encode(), r.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return "AnchorRejection[" + reason.label() + " by " + nodeId + " of " + gatewayId + " size=" + treeSize
                + "; recorded size=" + recordedSize + " root=" + HexFormat.of().formatHex(recordedRoot) + ": " + detail + "]";
    }
}
