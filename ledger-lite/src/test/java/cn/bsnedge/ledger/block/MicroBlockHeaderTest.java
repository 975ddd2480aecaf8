package cn.bsnedge.ledger.block;

import static cn.bsnedge.ledger.Fixtures.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.bsnedge.ledger.Fixtures;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.junit.jupiter.api.Test;

/** FORMAT.md §3 block headers, decoded from a hand-written, commented byte array. */
class MicroBlockHeaderTest {

    static final String PREV = "11".repeat(32);
    static final String ROOT = "22".repeat(32);

    /** 113 bytes. Offsets in the comments are the field's first byte. */
    static final byte[] HEADER = hex(
            "01",                                       // [0]   u8 version 1
            "01",                                       // [1]   u8 suite id 1 (ed25519-sha256)
            "12",                                       // [2]   gateway id length (18)
            "38382e313030312e33312f47572d30303037",     // [3]   "88.1001.31/GW-0007"
            "0000000000000007",                         // [21]  u64 height 7
            PREV,                                       // [29]  32-byte prevHash (0x11 × 32)
            ROOT,                                       // [61]  32-byte merkleRoot (0x22 × 32)
            "00000003",                                 // [93]  u32 entryCount 3
            "00064416333f0000",                         // [97]  i64 firstTimeMicros 1763712000000000
            "000644163342d091");                        // [105] i64 lastTimeMicros 1763712000250001

    static MicroBlockHeader expected(CryptoSuite suite) {
        return new MicroBlockHeader(suite, Fixtures.GATEWAY, 7, hex(PREV), hex(ROOT), 3, 1763712000000000L, 1763712000250001L);
    }

    @Test
    void decode_commentedBytes_givesTheHeader_andEncodeGivesTheBytes() throws FormatException {
        assertEquals(113, HEADER.length);
        MicroBlockHeader h = MicroBlockHeader.decode(HEADER);
        assertEquals(expected(CryptoSuite.ED25519_SHA256), h);
        assertEquals(Fixtures.GATEWAY, h.gatewayId());
        assertEquals(7, h.height());
        assertArrayEquals(hex(PREV), h.prevHash());
        assertArrayEquals(hex(ROOT), h.merkleRoot());
        assertEquals(3, h.entryCount());
        assertArrayEquals(HEADER, h.encode());
    }

    @Test
    void decode_eachSuiteId_roundTrips() throws FormatException {
        for (CryptoSuite suite : CryptoSuite.values()) {
            byte[] b = HEADER.clone();
            b[1] = (byte) suite.id();
            MicroBlockHeader h = MicroBlockHeader.decode(b);
            assertEquals(suite, h.suite());
            assertArrayEquals(b, h.encode());
        }
    }

    @Test
    void hash_isSha256Of0x02ThenHeader_computedIndependently() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update((byte) 0x02);
        byte[] want = sha.digest(HEADER);
        assertArrayEquals(want, MicroBlockHeader.decode(HEADER).hash());
        // Not the plain hash, nor an RFC 9162 leaf (0x00) or node (0x01) hash of the same bytes.
        assertTrue(!Arrays.equals(MessageDigest.getInstance("SHA-256").digest(HEADER), want));
    }

    @Test
    void hash_sm2Suite_isSm3Of0x02ThenHeader() throws FormatException {
        byte[] b = HEADER.clone();
        b[1] = 2;
        SM3Digest sm3 = new SM3Digest();
        sm3.update((byte) 0x02);
        sm3.update(b, 0, b.length);
        byte[] want = new byte[32];
        sm3.doFinal(want, 0);
        assertArrayEquals(want, MicroBlockHeader.decode(b).hash());
    }

    @Test
    void signingMessage_isContextNulThenHeader() throws FormatException {
        byte[] ctx = "bsn-edge/v1/micro-block-header".getBytes(StandardCharsets.US_ASCII);
        byte[] msg = MicroBlockHeader.decode(HEADER).signingMessage();
        assertEquals(ctx.length + 1 + HEADER.length, msg.length);
        assertArrayEquals(ctx, Arrays.copyOf(msg, ctx.length));
        assertEquals(0, msg[ctx.length]);
        assertArrayEquals(HEADER, Arrays.copyOfRange(msg, ctx.length + 1, msg.length));
    }

    static FormatException assertRejected(byte[] bytes, String field, int offset) {
        FormatException e = assertThrows(FormatException.class, () -> MicroBlockHeader.decode(bytes));
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
        return e;
    }

    static byte[] with(byte[] base, int index, int value) {
        byte[] b = base.clone();
        b[index] = (byte) value;
        return b;
    }

    @Test
    void decode_wrongVersion_namesHeaderVersion() {
        assertRejected(with(HEADER, 0, 2), "header.version", 0);
    }

    @Test
    void decode_unknownSuiteId_namesHeaderSuite() {
        for (int id : new int[] {0, 4, 0xff}) {
            assertTrue(assertRejected(with(HEADER, 1, id), "header.suite", 1).getMessage().contains("unknown crypto suite id " + id));
        }
    }

    @Test
    void decode_badGatewayId_namesHeaderGateway() {
        assertRejected(with(HEADER, 13, '-'), "header.gateway", 2);
        assertRejected(with(HEADER, 10, 0x00), "header.gateway", 10);
        assertRejected(with(HEADER, 2, 0), "header.gateway.length", 2);
    }

    @Test
    void decode_heightAbove2pow63minus1_namesHeaderHeight() {
        assertRejected(with(HEADER, 21, 0x80), "header.height", 21);
    }

    @Test
    void decode_shortHashes_areTruncationsNamingTheHash() {
        assertTrue(assertRejected(Arrays.copyOf(HEADER, 29 + 31), "header.prevHash", 29).getMessage().contains("need 32 bytes, have 31"));
        assertRejected(Arrays.copyOf(HEADER, 61 + 5), "header.merkleRoot", 61);
    }

    @Test
    void decode_truncatedAtEveryLength_failsAsTruncated() {
        List<String> wrong = new ArrayList<>();
        for (int n = 0; n < HEADER.length; n++) {
            try {
                MicroBlockHeader.decode(Arrays.copyOf(HEADER, n));
                wrong.add(n + ": accepted");
            } catch (FormatException e) {
                if (!e.getMessage().contains("truncated") || !e.field().startsWith("header.") || e.offset() > n) {
                    wrong.add(n + ": " + e.getMessage());
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void decode_countZero_namesEntryCount() {
        assertTrue(assertRejected(with(HEADER, 96, 0), "header.entryCount", 93).getMessage().contains("at least 1"));
        assertRejected(with(HEADER, 93, 0x80), "header.entryCount", 93);
    }

    @Test
    void decode_lastBeforeFirst_namesLastTime() {
        assertRejected(with(HEADER, 105, 0x00 | 0x80), "header.lastTime", 105);
        assertRejected(with(HEADER, 97, 0x7f), "header.lastTime", 105);
    }

    @Test
    void decode_firstEqualsLast_isAccepted() throws FormatException {
        byte[] b = HEADER.clone();
        System.arraycopy(HEADER, 97, b, 105, 8);
        assertEquals(1763712000000000L, MicroBlockHeader.decode(b).lastTimeMicros());
    }

    @Test
    void decode_trailingBytes_namesHeader() {
        assertRejected(Arrays.copyOf(HEADER, HEADER.length + 1), "header", 113);
    }
}
