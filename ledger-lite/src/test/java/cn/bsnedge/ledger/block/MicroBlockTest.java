package cn.bsnedge.ledger.block;

import static cn.bsnedge.ledger.Fixtures.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.bsnedge.ledger.Fixtures;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.entry.EntryCodec;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FORMAT.md §6 sealed-block framing. */
class MicroBlockTest {

    private static final MicroBlock BLOCK = Fixtures.vectorBlock(CryptoSuite.ED25519_SHA256);
    private static final byte[] H = BLOCK.header().encode();
    private static final byte[] SIG = BLOCK.signature();
    private static final int SIG_LEN_AT = 3 + H.length;
    private static final int COUNT_AT = SIG_LEN_AT + 2 + 64;

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] u16(int v) {
        return new byte[] {(byte) (v >>> 8), (byte) v};
    }

    /** The sealed block written field by field, independently of MicroBlock.encode(). */
    private static byte[] handFramed() {
        List<byte[]> parts = new ArrayList<>(List.of(
                hex("01"),                  // u8 sealed-block version 1
                u16(H.length), H,           // u16 header length (113) + header
                hex("0040"), SIG,           // u16 signature length (64) + signature
                hex("00000003")));          // u32 entry count 3
        for (int i = 0; i < 3; i++) {
            byte[] e = EntryCodec.encode(Fixtures.threeReadings().get(i));
            parts.add(u16(e.length));       // u16 entry length
            parts.add(e);                   // entry bytes (FORMAT.md §2)
        }
        return concat(parts.toArray(byte[][]::new));
    }

    @Test
    void encode_matchesHandFraming_andDecodeRoundTrips() throws FormatException {
        assertEquals(113, H.length);
        byte[] sealed = handFramed();
        assertArrayEquals(sealed, BLOCK.encode());
        MicroBlock back = MicroBlock.decode(sealed);
        assertEquals(BLOCK.header(), back.header());
        assertArrayEquals(SIG, back.signature());
        assertEquals(3, back.entryCount());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(BLOCK.entry(i), back.entry(i));
        }
        assertArrayEquals(sealed, back.encode());
    }

    @Test
    void roundTrip_everySuite() throws FormatException {
        for (CryptoSuite suite : CryptoSuite.values()) {
            MicroBlock b = Fixtures.vectorBlock(suite);
            assertArrayEquals(b.encode(), MicroBlock.decode(b.encode()).encode(), suite.label());
        }
    }

    private static FormatException assertRejected(byte[] bytes, String field, int offset) {
        FormatException e = assertThrows(FormatException.class, () -> MicroBlock.decode(bytes));
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
        return e;
    }

    private static byte[] with(byte[] base, int index, int value) {
        byte[] b = base.clone();
        b[index] = (byte) value;
        return b;
    }

    @Test
    void decode_wrongVersion_namesBlockVersion() {
        assertRejected(with(BLOCK.encode(), 0, 2), "block.version", 0);
    }

    @Test
    void decode_countMismatch_namesEntriesCount() {
        byte[] sealed = BLOCK.encode();
        assertTrue(assertRejected(with(sealed, COUNT_AT + 3, 2), "block.entries.count", COUNT_AT)
                .getMessage().contains("frames 2 entries, header says 3"));
        assertRejected(with(sealed, COUNT_AT + 3, 4), "block.entries.count", COUNT_AT);
    }

    @Test
    void decode_wrongSignatureLength_namesSignatureLength() {
        byte[] sealed = BLOCK.encode();
        assertTrue(assertRejected(with(sealed, SIG_LEN_AT + 1, 63), "block.signature.length", SIG_LEN_AT)
                .getMessage().contains("63 bytes"));
        assertRejected(with(sealed, SIG_LEN_AT + 1, 65), "block.signature.length", SIG_LEN_AT);
    }

    @Test
    void decode_wrongHeaderLength_failsInsideTheHeader() {
        byte[] sealed = BLOCK.encode();
        FormatException shorter = assertThrows(FormatException.class, () -> MicroBlock.decode(with(sealed, 2, H.length - 1)));
        assertTrue(shorter.field().startsWith("header."), shorter.getMessage());
        FormatException longer = assertThrows(FormatException.class, () -> MicroBlock.decode(with(sealed, 2, H.length + 1)));
        assertEquals("header", longer.field(), longer.getMessage());
    }

    @Test
    void decode_trailingBytes_namesBlock() {
        byte[] sealed = BLOCK.encode();
        assertTrue(assertRejected(Arrays.copyOf(sealed, sealed.length + 2), "block", sealed.length)
                .getMessage().contains("2 trailing"));
    }

    @Test
    void decode_entryLengthTooLong_isTruncationOfTheLastEntry() {
        byte[] sealed = BLOCK.encode();
        int lastLenAt = sealed.length - 2 - BLOCK.entry(2).length;
        FormatException e = assertThrows(FormatException.class,
                () -> MicroBlock.decode(with(sealed, lastLenAt + 1, sealed[lastLenAt + 1] + 1)));
        assertEquals("block.entries[2]", e.field(), e.getMessage());
    }

    @Test
    void decode_truncatedAtEveryLength_fails() {
        byte[] sealed = BLOCK.encode();
        List<String> wrong = new ArrayList<>();
        for (int n = 0; n < sealed.length; n++) {
            try {
                MicroBlock.decode(Arrays.copyOf(sealed, n));
                wrong.add(n + ": accepted");
            } catch (FormatException e) {
                if (!e.getMessage().contains("truncated")) {
                    wrong.add(n + ": " + e.getMessage());
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void decode_hugeEntryCountWithNoEntries_failsAsTruncationNotOutOfMemory() throws FormatException {
        // A header may claim 2^31-1 entries; the decoder must not allocate for that claim up front.
        MicroBlockHeader h = BLOCK.header();
        MicroBlockHeader huge = new MicroBlockHeader(h.suite(), h.gatewayId(), h.height(), h.prevHash(), h.merkleRoot(),
                Integer.MAX_VALUE, h.firstTimeMicros(), h.lastTimeMicros());
        byte[] hb = huge.encode();
        byte[] sealed = concat(hex("01"), u16(hb.length), hb, hex("0040"), SIG, hex("7fffffff"));
        FormatException e = assertRejected(sealed, "block.entries[0].length", sealed.length);
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
}
