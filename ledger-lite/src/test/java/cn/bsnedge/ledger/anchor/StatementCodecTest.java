package cn.bsnedge.ledger.anchor;

import static cn.bsnedge.ledger.Fixtures.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.bsnedge.ledger.Fixtures;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.entry.ClockQuality;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Decoders of the signed statements, on commented byte arrays (hivemq style), and their strictness. */
class StatementCodecTest {

    static final byte[] ROOT = hex("ab".repeat(32));

    static final byte[] TREE_HEAD = hex(
            "01",                                       // version 1
            "01",                                       // suite 1: ed25519-sha256
            "12 38382e313030312e33312f47572d30303037",  // gateway, 18 bytes: "88.1001.31/GW-0007"
            "0000000000000009",                         // tree size 9: heights 0..8
            "ab".repeat(32),                            // root hash
            "0000019aa56d6000",                         // time 1763712000000 ms = 2025-11-21T08:00:00Z
            "01");                                      // clock: synced

    static final byte[] RECEIPT = hex(
            "01",                                       // version 1
            "02",                                       // suite 2: sm2-sm3 (the node's key)
            "13 38382e313030312f42534e2d4e4f44452d3031", // node, 19 bytes: "88.1001/BSN-NODE-01"
            "12 38382e313030312e33312f47572d30303037",  // gateway, 18 bytes: "88.1001.31/GW-0007"
            "0000000000000009",                         // tree size 9
            "ab".repeat(32),                            // root hash
            "000000000000002a",                         // ledger position 42
            "0000019aa56d6fa0");                        // recorded at 1763712004000 ms = 08:00:04Z

    static final byte[] REJECTION = hex(
            "01",                                       // version 1
            "01",                                       // suite 1: ed25519-sha256 (the node's key)
            "13 38382e313030312f42534e2d4e4f44452d3031", // node "88.1001/BSN-NODE-01"
            "12 38382e313030312e33312f47572d30303037",  // gateway "88.1001.31/GW-0007"
            "000000000000000c",                         // the refused anchor's tree size 12
            "08",                                       // reason 0x08: base-mismatch
            "0000000000000009",                         // the node's latest record: size 9 ...
            "ab".repeat(32),                            // ... with this root
            "0000019aa56d6fa0",                         // at 1763712004000 ms
            "0011 70726f6f662066726f6d2073697a652035"); // detail, 17 bytes: "proof from size 5"

    static TreeHead treeHead() {
        return new TreeHead(CryptoSuite.ED25519_SHA256, Fixtures.GATEWAY, 9, ROOT, 1763712000000L, ClockQuality.SYNCED);
    }

    @Test
    void treeHead_decodesTheCommentedBytes_andEncodesBackToThem() throws Exception {
        assertEquals(treeHead(), TreeHead.decode(TREE_HEAD));
        assertArrayEquals(TREE_HEAD, treeHead().encode());
        assertEquals(70, TREE_HEAD.length);
    }

    @Test
    void receipt_decodesTheCommentedBytes_andEncodesBackToThem() throws Exception {
        AnchorReceipt r = new AnchorReceipt(CryptoSuite.SM2_SM3, Fixtures.NODE, Fixtures.GATEWAY, 9, ROOT, 42, 1763712004000L);
        assertEquals(r, AnchorReceipt.decode(RECEIPT));
        assertArrayEquals(RECEIPT, r.encode());
        assertTrue(r.covers(treeHead()));
    }

    @Test
    void rejection_decodesTheCommentedBytes_andEncodesBackToThem() throws Exception {
        AnchorRejection r = AnchorRejection.of(CryptoSuite.ED25519_SHA256, Fixtures.NODE, Fixtures.GATEWAY, 12,
                RejectionReason.BASE_MISMATCH, Optional.of(treeHead()), 1763712004000L, "proof from size 5");
        assertEquals(r, AnchorRejection.decode(REJECTION));
        assertArrayEquals(REJECTION, r.encode());
    }

    @FunctionalInterface
    interface Decoder {
        Object decode(byte[] b) throws FormatException;
    }

    /** Every proper prefix and one trailing byte fail to decode, with a FormatException, never anything else. */
    @Test
    void everyTruncationAndTrailingByte_isAFormatException() {
        List<String> wrong = new ArrayList<>();
        Object[][] cases = {{"treeHead", TREE_HEAD, (Decoder) TreeHead::decode}, {"receipt", RECEIPT, (Decoder) AnchorReceipt::decode},
                {"rejection", REJECTION, (Decoder) AnchorRejection::decode}};
        for (Object[] c : cases) {
            byte[] good = (byte[]) c[1];
            Decoder d = (Decoder) c[2];
            for (int n = 0; n < good.length; n++) {
                expectFormatError(wrong, c[0] + " truncated to " + n, d, Arrays.copyOf(good, n));
            }
            expectFormatError(wrong, c[0] + " + trailing 00", d, Arrays.copyOf(good, good.length + 1));
        }
        assertEquals(List.of(), wrong);
    }

    private static void expectFormatError(List<String> wrong, String what, Decoder d, byte[] bytes) {
        try {
            d.decode(bytes);
            wrong.add(what + ": decoded");
        } catch (FormatException expected) {
            // the only acceptable outcome
        } catch (RuntimeException e) {
            wrong.add(what + ": threw " + e);
        }
    }

    @Test
    void treeHead_outOfRangeFields_areFormatErrorsNamingTheField() {
        assertField("treeHead.version", TreeHead::decode, patch(TREE_HEAD, 0, 0x02));
        assertField("treeHead.suite", TreeHead::decode, patch(TREE_HEAD, 1, 0x09));
        assertField("treeHead.gateway", TreeHead::decode, patch(TREE_HEAD, 2 + 1 + 10, '\\'));  // "/" -> "\": not an id
        assertField("treeHead.treeSize", TreeHead::decode, patch(TREE_HEAD, 2 + 19 + 7, 0x00)); // size 0
        assertField("treeHead.treeSize", TreeHead::decode, patch(TREE_HEAD, 2 + 19, 0x80));     // above 2^63-1
        assertField("treeHead.timestamp", TreeHead::decode, patch(TREE_HEAD, 2 + 19 + 8 + 32, 0xff)); // before 1970
        assertField("treeHead.clock", TreeHead::decode, patch(TREE_HEAD, TREE_HEAD.length - 1, 0x02));
    }

    @Test
    void receiptAndRejection_outOfRangeFields_areFormatErrorsNamingTheField() {
        assertField("receipt.version", AnchorReceipt::decode, patch(RECEIPT, 0, 0x00));
        assertField("receipt.ledgerSeq", AnchorReceipt::decode, patch(RECEIPT, RECEIPT.length - 16, 0x80));
        assertField("rejection.reason", AnchorRejection::decode, patch(REJECTION, 2 + 20 + 19 + 8, 0x0c));
        byte[] zeroRecorded = patch(REJECTION, 2 + 20 + 19 + 8 + 1 + 7, 0x00); // recorded size 0 but a root
        assertField("rejection.recordedRoot", AnchorRejection::decode, zeroRecorded);
        assertField("rejection.detail", AnchorRejection::decode, patch(REJECTION, REJECTION.length - 1, 0x0a)); // a line break
    }

    static byte[] patch(byte[] bytes, int at, int value) {
        byte[] copy = bytes.clone();
        copy[at] = (byte) value;
        return copy;
    }

    private static void assertField(String field, Decoder d, byte[] bytes) {
        FormatException e = assertThrows(FormatException.class, () -> d.decode(bytes));
        assertEquals(field, e.field(), e.getMessage());
    }

    @Test
    void rejectionDetail_longOrWithControls_isCutAndCleanedToValidText() {
        String longText = "a\tb\n" + "测".repeat(400);
        AnchorRejection r = AnchorRejection.of(CryptoSuite.ED25519_SHA256, Fixtures.NODE, Fixtures.GATEWAY, 0,
                RejectionReason.MALFORMED, Optional.empty(), 0, longText);
        assertTrue(r.detail().startsWith("a b "), r.detail());
        assertTrue(cn.bsnedge.ledger.codec.Utf8Text.byteLength(r.detail()) <= AnchorRejection.MAX_DETAIL_BYTES);
        assertEquals(4 + 3 * 169, cn.bsnedge.ledger.codec.Utf8Text.byteLength(r.detail()));
        assertArrayEquals(new byte[32], r.recordedRoot());
    }
}
