package cn.bsnedge.ledger.codec;

import static cn.bsnedge.ledger.Fixtures.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** FORMAT.md §1 {@code utf8_16}: u16 length, then well-formed NFC UTF-8 without control characters. */
class Utf8TextTest {

    /** "北京路 12号" (Beijing Road no. 12): 15 UTF-8 bytes, the kind of text a location description holds. */
    static final byte[] STREET = hex(
            "000f",           // [0] u16 length 15
            "e58c97",         // [2] 北 U+5317
            "e4baac",         // [5] 京 U+4EAC
            "e8b7af",         // [8] 路 U+8DEF
            "20",             // [11] space (allowed: text, not str8)
            "3132",           // [12] "12"
            "e58fb7");        // [14] 号 U+53F7  -> 17 bytes in all

    private static FormatException rejected(byte[] bytes, int min, int max) {
        return assertThrows(FormatException.class, () -> new ByteReader(bytes).utf8_16("text", min, max));
    }

    @Test
    void utf8_16_chineseStreetName_roundTripsByteForByte() throws FormatException {
        ByteReader in = new ByteReader(STREET);
        assertEquals("北京路 12号", in.utf8_16("text", 0, 1024));
        assertEquals(0, in.remaining());
        assertArrayEquals(STREET, new ByteWriter(17).utf8_16("北京路 12号").toByteArray());
    }

    @Test
    void utf8_16_empty_isTwoZeroBytes() throws FormatException {
        assertArrayEquals(hex("0000"), new ByteWriter(2).utf8_16("").toByteArray());
        assertEquals("", new ByteReader(hex("0000")).utf8_16("text", 0, 10));
    }

    @Test
    void utf8_16_lengthOutsideRange_namesLengthAtItsOffset() {
        FormatException e = rejected(STREET, 0, 14);
        assertEquals("text.length", e.field());
        assertEquals(0, e.offset());
        assertEquals("text.length", rejected(hex("0000"), 1, 10).field());
    }

    @Test
    void utf8_16_malformedUtf8_namesTheFirstBadByte() {
        // overlong NUL, encoded surrogate U+D800, lone continuation byte, 5-byte form, above U+10FFFF, truncated sequence
        String[] bad = {"c080", "eda080", "80", "f888808080", "f4908080", "e58c"};
        for (String b : bad) {
            byte[] bytes = hex(String.format("%04x", b.length() / 2 + 1), "41", b);
            FormatException e = rejected(bytes, 0, 100);
            assertEquals("text", e.field(), b);
            assertEquals(3, e.offset(), b + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("malformed UTF-8"), e.getMessage());
        }
    }

    @Test
    void utf8_16_controlCharacters_areRejectedAtTheirByte() {
        for (String c : new String[] {"00", "09", "0a", "0d", "1b", "7f", "c280", "c29f"}) {
            byte[] bytes = hex(String.format("%04x", 4 + c.length() / 2), "e58c97", "41", c);
            FormatException e = rejected(bytes, 0, 100);
            assertEquals(6, e.offset(), c + ": " + e.getMessage());
            assertTrue(e.getMessage().contains("control character"), e.getMessage());
        }
    }

    @Test
    void utf8_16_decomposedText_isNotNfc_andIsRejected() {
        // "é" as e + U+0301 COMBINING ACUTE: the same text as U+00E9, so only the NFC form is canonical
        FormatException e = rejected(hex("0003", "65", "cc81"), 0, 10);
        assertEquals(2, e.offset());
        assertTrue(e.getMessage().contains("NFC"), e.getMessage());
        assertNull(Utf8Text.problem("\u00e9", 0, 10));
        assertTrue(Utf8Text.problem("e\u0301", 0, 10).contains("NFC"));
        assertEquals("\u00e9", Utf8Text.normalize("e\u0301"));
    }

    @Test
    void utf8_16_truncatedText_namesTextAndNeededBytes() {
        FormatException e = rejected(Arrays.copyOf(STREET, 10), 0, 100);
        assertEquals("text", e.field());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertEquals("text.length", rejected(hex("00"), 0, 100).field());
    }

    @Test
    void problem_countsBytesNotCharacters() {
        String han1023Bytes = "路".repeat(341);
        assertNull(Utf8Text.problem(han1023Bytes, 0, 1024));
        assertTrue(Utf8Text.problem(han1023Bytes + "路", 0, 1024).contains("1026 UTF-8 bytes"));
        assertTrue(Utf8Text.problem("a\uD800b", 0, 10).contains("unpaired surrogate"));
        assertNull(Utf8Text.problem("\uD83D\uDCA7", 0, 10)); // 💧, a supplementary character, is fine
    }
}
