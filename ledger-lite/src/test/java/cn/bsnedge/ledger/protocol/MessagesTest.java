package cn.bsnedge.ledger.protocol;

import static cn.bsnedge.ledger.Fixtures.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cn.bsnedge.ledger.Fixtures;
import cn.bsnedge.ledger.anchor.Anchor;
import cn.bsnedge.ledger.anchor.AnchorReceipt;
import cn.bsnedge.ledger.anchor.Signed;
import cn.bsnedge.ledger.anchor.TreeHead;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.protocol.MessageException.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The MQTT payload codecs on commented byte arrays (hivemq style), and what they refuse. */
class MessagesTest {

    static final String GW = "12 38382e313030312e33312f47572d30303037";   // gateway, 18 bytes: "88.1001.31/GW-0007"
    static final String NODE = "13 38382e313030312f42534e2d4e4f44452d3031"; // node, 19 bytes: "88.1001/BSN-NODE-01"
    static final String TREE_HEAD = String.join("",
            "01 01", GW,                 // tree head version 1, suite ed25519-sha256, gateway
            "000000000000000c",          // tree size 12
            "ab".repeat(32),             // root
            "0000019aa56d6000 01");      // 2025-11-21T08:00:00Z, synced
    static final String SIG = "5a".repeat(64);

    static final byte[] FIRST_ANCHOR = hex(
            "01",                        // protocol version 1
            "01",                        // kind 0x01: anchor
            "0046", TREE_HEAD,           // tree head, 70 bytes
            "0040", SIG,                 // signature, 64 bytes
            "0000000000000000",          // previous size 0: the gateway's first anchor
            "00");                       // no proof hashes

    static final byte[] NEXT_ANCHOR = hex(
            "01 01",                     // version 1, anchor
            "0046", TREE_HEAD,           // tree head, 70 bytes
            "0040", SIG,                 // signature
            "0000000000000008",          // previous size 8 (the node's receipted size)
            "02",                        // 2 proof hashes
            "11".repeat(32),             // proof[0]
            "22".repeat(32));            // proof[1]

    static final byte[] RECEIPT = hex(
            "01 02",                     // version 1, kind 0x02: receipt
            "0061",                      // receipt, 97 bytes:
            "01 01", NODE, GW,           //   version 1, suite ed25519-sha256, node, gateway
            "000000000000000c",          //   tree size 12
            "ab".repeat(32),             //   root
            "000000000000002a",          //   ledger position 42
            "0000019aa56d6fa0",          //   recorded 08:00:04Z
            "0040", SIG);                // node signature

    static final byte[] RESEND = hex(
            "01 07",                     // version 1, kind 0x07: resend
            GW,                          // of gateway "88.1001.31/GW-0007"
            NODE,                        // asked by node "88.1001/BSN-NODE-01"
            "0000000000000007",          // from height 7
            "0002");                     // 2 blocks: heights 7 and 8

    static final byte[] BIRTH = hex(
            "01 04",                     // version 1, kind 0x04: birth
            "0085",                      // birth statement, 133 bytes:
            "01 01", GW,                 //   version 1, suite ed25519-sha256, gateway
            "0000000000000003",          //   session 3
            "cd".repeat(32),             //   key fingerprint
            "0000000000000009",          //   9 blocks (next height 9)
            "ef".repeat(32),             //   head hash: block 8
            "0000000000000009",          //   anchored size 9
            "0000019aa56d6000 01",       //   08:00:00Z, synced
            "0e 62736e2d656467652f302e342e30", // agent, 14 bytes: "bsn-edge/0.4.0"
            "0040", SIG);                // gateway signature

    static final byte[] DEATH = hex(
            "01 05",                     // version 1, kind 0x05: death
            "0026",                      // death statement, 38 bytes:
            "01 01", GW,                 //   version 1, suite ed25519-sha256, gateway
            "0000000000000003",          //   session 3 (the birth's)
            "0000019aa56d6000 01",       //   composed at connect, 08:00:00Z, synced
            "0040", SIG);                // gateway signature

    static TreeHead head() {
        return new TreeHead(CryptoSuite.ED25519_SHA256, Fixtures.GATEWAY, 12, hex("ab".repeat(32)), 1763712000000L, ClockQuality.SYNCED);
    }

    static Signed<TreeHead> signedHead() {
        return new Signed<>(head(), hex(SIG));
    }

    @Test
    void anchors_decodeTheCommentedBytes_andEncodeBackToThem() throws Exception {
        Anchor first = new Anchor(signedHead(), 0, List.of());
        assertEquals(first, Messages.decodeAnchor(FIRST_ANCHOR));
        assertArrayEquals(FIRST_ANCHOR, Messages.encodeAnchor(first));
        Anchor next = new Anchor(signedHead(), 8, List.of(hex("11".repeat(32)), hex("22".repeat(32))));
        assertEquals(next, Messages.decodeAnchor(NEXT_ANCHOR));
        assertArrayEquals(NEXT_ANCHOR, Messages.encodeAnchor(next));
    }

    @Test
    void anchorSize_is131BytesPlusTheGatewayIdPlus32PerProofHash() throws Exception {
        for (int k = 0; k <= Messages.MAX_PROOF_HASHES; k += 8) {
            List<byte[]> path = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                path.add(new byte[32]);
            }
            Anchor a = new Anchor(signedHead(), k == 0 ? 0 : 8, path);
            assertEquals(131 + Fixtures.GATEWAY.length() + 32 * k, Messages.encodeAnchor(a).length);
        }
    }

    @Test
    void responses_decodeToReceiptOrRejection() throws Exception {
        AnchorResponse r = Messages.decodeResponse(RECEIPT);
        AnchorReceipt receipt = assertInstanceOf(AnchorResponse.Receipt.class, r).receipt().statement();
        assertEquals(new AnchorReceipt(CryptoSuite.ED25519_SHA256, Fixtures.NODE, Fixtures.GATEWAY, 12, hex("ab".repeat(32)), 42,
                1763712004000L), receipt);
        assertArrayEquals(RECEIPT, Messages.encodeResponse(r));
        assertEquals(Fixtures.GATEWAY, r.gatewayId());
    }

    @Test
    void birthDeathAndResend_decodeTheCommentedBytes_andEncodeBackToThem() throws Exception {
        Signed<GatewayBirth> birth = Messages.decodeBirth(BIRTH);
        assertEquals(new GatewayBirth(CryptoSuite.ED25519_SHA256, Fixtures.GATEWAY, 3, hex("cd".repeat(32)), 9, hex("ef".repeat(32)), 9,
                1763712000000L, ClockQuality.SYNCED, "bsn-edge/0.4.0"), birth.statement());
        assertArrayEquals(BIRTH, Messages.encodeBirth(birth));
        Signed<GatewayDeath> death = Messages.decodeDeath(DEATH);
        assertEquals(new GatewayDeath(CryptoSuite.ED25519_SHA256, Fixtures.GATEWAY, 3, 1763712000000L, ClockQuality.SYNCED), death.statement());
        assertArrayEquals(DEATH, Messages.encodeDeath(death));
        ResendRequest resend = new ResendRequest(Fixtures.GATEWAY, Fixtures.NODE, 7, 2);
        assertEquals(resend, Messages.decodeResend(RESEND));
        assertArrayEquals(RESEND, Messages.encodeResend(resend));
    }

    @Test
    void birth_inconsistentChainFields_areMalformedNamingTheField() {
        int statement = 2 + 2;
        int anchored = statement + 2 + 19 + 8 + 32 + 8 + 32; // anchoredSize 9 -> 10 > blockCount 9
        MessageException e = fail(() -> Messages.decodeBirth(patch(BIRTH, anchored + 7, 0x0a)));
        assertEquals("birth.anchoredSize", e.field());
        int count = statement + 2 + 19 + 8 + 32;
        byte[] empty = patch(patch(BIRTH, count + 7, 0x00), anchored + 7, 0x00); // 0 blocks, but a head hash
        assertEquals("birth.headHash", fail(() -> Messages.decodeBirth(empty)).field());
    }

    static byte[] blocksPayload(MicroBlock... blocks) {
        StringBuilder s = new StringBuilder("01 06" + GW + "00" + String.format("%04x", blocks.length)); // version, blocks, gateway, live, count
        for (MicroBlock b : blocks) {
            s.append(String.format("%08x", b.encode().length)).append(HexFormat.of().formatHex(b.encode())); // u32 length, sealed block
        }
        return hex(s.toString());
    }

    @Test
    void blocks_carryConsecutiveSealedBlocksOfTheirGateway() throws Exception {
        MicroBlock seven = Fixtures.vectorBlock(CryptoSuite.ED25519_SHA256);
        MicroBlock eight = Fixtures.registryBlock(CryptoSuite.ED25519_SHA256);
        byte[] payload = blocksPayload(seven, eight);
        BlockBatch batch = Messages.decodeBlocks(payload);
        assertEquals(new BlockBatch(Fixtures.GATEWAY, BlockBatch.Cause.LIVE, List.of(seven, eight)).blocks().size(), batch.blocks().size());
        assertArrayEquals(seven.encode(), batch.blocks().get(0).encode());
        assertArrayEquals(payload, Messages.encodeBlocks(batch));
        assertEquals(Kind.MALFORMED, fail(() -> Messages.decodeBlocks(blocksPayload(eight, seven))).kind(), "descending heights");
        assertEquals(Kind.MALFORMED, fail(() -> Messages.decodeBlocks(blocksPayload(seven, seven))).kind(), "repeated height");
        byte[] badVersion = payload.clone();
        badVersion[2 + 19 + 1 + 2 + 4] = 0x02; // the first block's sealed-block version
        assertEquals(Kind.UNSUPPORTED_VERSION, fail(() -> Messages.decodeBlocks(badVersion)).kind());
        byte[] otherGateway = payload.clone();
        otherGateway[2 + 18] = '8'; // "…GW-0008": the blocks are GW-0007's
        assertEquals(Kind.MALFORMED, fail(() -> Messages.decodeBlocks(otherGateway)).kind());
    }

    @Test
    void pack_splitsConsecutiveBlocksIntoMessagesUnderTheTarget() {
        MicroBlock seven = Fixtures.vectorBlock(CryptoSuite.ED25519_SHA256);
        MicroBlock eight = Fixtures.registryBlock(CryptoSuite.ED25519_SHA256);
        assertEquals(1, BlockBatch.pack(Fixtures.GATEWAY, BlockBatch.Cause.RESEND, List.of(seven, eight), BlockBatch.TARGET_BYTES).size());
        List<BlockBatch> two = BlockBatch.pack(Fixtures.GATEWAY, BlockBatch.Cause.RESEND, List.of(seven, eight), 600);
        assertEquals(List.of(7L, 8L), two.stream().map(BlockBatch::firstHeight).toList());
    }

    interface Decode {
        Object run() throws MessageException;
    }

    static MessageException fail(Decode d) {
        return assertThrows(MessageException.class, d::run);
    }

    @Test
    void envelope_versionKindAndSize_areCheckedBeforeTheBody() {
        assertEquals(Kind.UNSUPPORTED_VERSION, fail(() -> Messages.decodeAnchor(patch(FIRST_ANCHOR, 0, 0x02))).kind());
        assertEquals(Kind.UNSUPPORTED_VERSION, fail(() -> Messages.decodeAnchor(patch(FIRST_ANCHOR, 4, 0x02))).kind(), "tree head version 2");
        assertEquals(Kind.UNSUPPORTED_VERSION, fail(() -> Messages.decodeResponse(patch(RECEIPT, 4, 0x02))).kind(), "receipt version 2");
        assertEquals(Kind.WRONG_KIND, fail(() -> Messages.decodeAnchor(RECEIPT)).kind());
        assertEquals(Kind.WRONG_KIND, fail(() -> Messages.decodeResponse(FIRST_ANCHOR)).kind());
        assertEquals(Kind.WRONG_KIND, fail(() -> Messages.decodeAnchor(patch(FIRST_ANCHOR, 1, 0x7f))).kind(), "unknown kind");
        assertEquals(Kind.MALFORMED, fail(() -> Messages.decodeAnchor(new byte[] {1})).kind());
        byte[] huge = Arrays.copyOf(FIRST_ANCHOR, MessageKind.ANCHOR.maxBytes() + 1);
        MessageException e = fail(() -> Messages.decodeAnchor(huge));
        assertEquals(Kind.TOO_LARGE, e.kind(), e.getMessage());
        assertEquals(MessageKind.ANCHOR, assertDoesNotThrowKind(FIRST_ANCHOR));
    }

    private static MessageKind assertDoesNotThrowKind(byte[] p) {
        try {
            return Messages.kindOf(p);
        } catch (MessageException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anchorBody_structuralErrors_areMalformedNamingTheField() {
        MessageException e = fail(() -> Messages.decodeAnchor(patch(FIRST_ANCHOR, FIRST_ANCHOR.length - 1, 0x01)));
        assertEquals(Kind.MALFORMED, e.kind());
        assertEquals("anchor.proof.count", e.field(), "a proof for a first anchor");
        byte[] prevTooBig = patch(NEXT_ANCHOR, 2 + 2 + 70 + 2 + 64 + 7, 0x0d); // previous size 13 > tree size 12
        assertEquals("anchor.prevSize", fail(() -> Messages.decodeAnchor(prevTooBig)).field());
        byte[] shortSig = patch(FIRST_ANCHOR, 2 + 2 + 70 + 1, 0x3f);
        assertEquals(Kind.MALFORMED, fail(() -> Messages.decodeAnchor(shortSig)).kind());
        byte[] badRoot = patch(FIRST_ANCHOR, 2 + 2 + 1, 0x09); // suite 9 inside the tree head
        e = fail(() -> Messages.decodeAnchor(badRoot));
        assertEquals("treeHead.suite", e.field());
        assertEquals(5, e.offset(), "offsets count from the start of the payload");
    }

    static byte[] patch(byte[] bytes, int at, int value) {
        byte[] copy = bytes.clone();
        copy[at] = (byte) value;
        return copy;
    }

    /** Truncation anywhere, a trailing byte, and 3000 random byte changes: always a MessageException or a valid decode, never a crash. */
    @Test
    void everyTruncationTrailingByteAndRandomCorruption_isRefusedCleanly() {
        Object[][] cases = {{"first anchor", FIRST_ANCHOR, (Decoder) Messages::decodeAnchor}, {"next anchor", NEXT_ANCHOR, (Decoder) Messages::decodeAnchor},
                {"receipt", RECEIPT, (Decoder) Messages::decodeResponse}, {"resend", RESEND, (Decoder) Messages::decodeResend},
                {"birth", BIRTH, (Decoder) Messages::decodeBirth}, {"death", DEATH, (Decoder) Messages::decodeDeath},
                {"blocks", blocksPayload(Fixtures.vectorBlock(CryptoSuite.SM2_SM3)), (Decoder) Messages::decodeBlocks}};
        List<String> wrong = new ArrayList<>();
        Random random = new Random(7);
        for (Object[] c : cases) {
            byte[] good = (byte[]) c[1];
            Decoder d = (Decoder) c[2];
            for (int n = 0; n < good.length; n++) {
                expectKind(wrong, c[0] + " truncated to " + n, d, Arrays.copyOf(good, n), Kind.MALFORMED);
            }
            expectKind(wrong, c[0] + " + trailing byte", d, Arrays.copyOf(good, good.length + 1), Kind.MALFORMED);
            for (int i = 0; i < 3000 / cases.length; i++) {
                byte[] bad = good.clone();
                bad[random.nextInt(bad.length)] ^= (byte) (1 + random.nextInt(255));
                try {
                    d.decode(bad);
                } catch (MessageException expected) {
                    // refused, with a kind
                } catch (RuntimeException e) {
                    wrong.add(c[0] + " corrupted: threw " + e);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @FunctionalInterface
    interface Decoder {
        Object decode(byte[] b) throws MessageException;
    }

    private static void expectKind(List<String> wrong, String what, Decoder d, byte[] bytes, Kind want) {
        try {
            d.decode(bytes);
            wrong.add(what + ": decoded");
        } catch (MessageException e) {
            if (e.kind() != want) {
                wrong.add(what + ": got " + e.kind() + ", want " + want + " (" + e.getMessage() + ")");
            }
        } catch (RuntimeException e) {
            wrong.add(what + ": threw " + e);
        }
    }
}
