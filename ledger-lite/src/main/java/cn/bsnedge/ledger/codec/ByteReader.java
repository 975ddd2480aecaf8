package cn.bsnedge.ledger.codec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the big-endian, length-prefixed primitives of FORMAT.md. Every read names the field it
 * reads, so a short or malformed input fails with the field and offset rather than an index
 * exception.
 */
public final class ByteReader {

    private final byte[] buf;
    private int pos;

    public ByteReader(byte[] buf) {
        this.buf = buf;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return buf.length - pos;
    }

    private void need(String field, int n) throws FormatException {
        if (remaining() < n) {
            throw new FormatException(field, pos, "truncated: need " + n + " bytes, have " + remaining());
        }
    }

    public int u8(String field) throws FormatException {
        need(field, 1);
        return buf[pos++] & 0xff;
    }

    public int i8(String field) throws FormatException {
        need(field, 1);
        return buf[pos++];
    }

    public int u16(String field) throws FormatException {
        need(field, 2);
        int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    /** An unsigned 32-bit value that must fit a non-negative Java int. */
    public int u32(String field) throws FormatException {
        need(field, 4);
        long v = ((long) (buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16)
                | ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
        if (v > Integer.MAX_VALUE) {
            throw new FormatException(field, pos, "value " + v + " exceeds " + Integer.MAX_VALUE);
        }
        pos += 4;
        return (int) v;
    }

    public long i64(String field) throws FormatException {
        need(field, 8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos + i] & 0xff);
        }
        pos += 8;
        return v;
    }

    /** An unsigned 64-bit value restricted to 0..2^63-1, the range FORMAT.md allows. */
    public long u63(String field) throws FormatException {
        int at = pos;
        long v = i64(field);
        if (v < 0) {
            throw new FormatException(field, at, "value exceeds 2^63-1");
        }
        return v;
    }

    public byte[] bytes(String field, int n) throws FormatException {
        need(field, n);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    /** A u8 length then that many bytes of printable ASCII (0x21..0x7e). */
    public String ascii8(String field, int minLen, int maxLen) throws FormatException {
        int at = pos;
        int len = u8(field + ".length");
        if (len < minLen || len > maxLen) {
            throw new FormatException(field + ".length", at, "length " + len + " is outside " + minLen + ".." + maxLen);
        }
        byte[] raw = bytes(field, len);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] < 0x21 || raw[i] > 0x7e) {
                throw new FormatException(field, at + 1 + i,
                        String.format("byte 0x%02x is not printable ASCII (0x21..0x7e)", raw[i] & 0xff));
            }
        }
        return new String(raw, StandardCharsets.US_ASCII);
    }

    /**
     * {@code utf8_16}: a u16 byte length then that many bytes of UTF-8 text obeying
     * {@link Utf8Text} (well-formed, NFC, no control characters). Errors point at the length
     * for a bad length, at the first offending byte for malformed UTF-8 or a control
     * character, and at the first text byte for text that is not NFC.
     */
    public String utf8_16(String field, int minBytes, int maxBytes) throws FormatException {
        int at = pos;
        int len = u16(field + ".length");
        if (len < minBytes || len > maxBytes) {
            throw new FormatException(field + ".length", at, "length " + len + " is outside " + minBytes + ".." + maxBytes);
        }
        int start = pos;
        need(field, len);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(buf, start, len);
        CharBuffer out = CharBuffer.allocate(len);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            throw new FormatException(field, in.position(), String.format(
                    "byte 0x%02x starts a malformed UTF-8 sequence (overlong, surrogate, truncated or invalid)", buf[in.position()] & 0xff));
        }
        String text = out.flip().toString();
        int control = Utf8Text.firstControl(text);
        if (control >= 0) {
            int byteAt = start + text.substring(0, control).getBytes(StandardCharsets.UTF_8).length;
            throw new FormatException(field, byteAt, String.format(
                    "control character U+%04X is not allowed in text", text.codePointAt(control)));
        }
        String problem = Utf8Text.problem(text, minBytes, maxBytes);
        if (problem != null) {
            throw new FormatException(field, start, "text " + problem);
        }
        pos += len;
        return text;
    }

    /** Fails unless every byte has been consumed: trailing garbage is never ignored. */
    public void expectEnd(String what) throws FormatException {
        if (remaining() != 0) {
            throw new FormatException(what, pos, remaining() + " trailing bytes after the end");
        }
    }
}
