package cn.bsnedge.ledger.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes the big-endian, length-prefixed primitives of FORMAT.md. */
public final class ByteWriter {

    private final ByteArrayOutputStream out;

    public ByteWriter(int expectedSize) {
        this.out = new ByteArrayOutputStream(expectedSize);
    }

    public ByteWriter u8(int v) {
        if (v < 0 || v > 0xff) {
            throw new IllegalArgumentException("u8 out of range: " + v);
        }
        out.write(v);
        return this;
    }

    public ByteWriter i8(int v) {
        if (v < -128 || v > 127) {
            throw new IllegalArgumentException("i8 out of range: " + v);
        }
        out.write(v & 0xff);
        return this;
    }

    public ByteWriter u16(int v) {
        if (v < 0 || v > 0xffff) {
            throw new IllegalArgumentException("u16 out of range: " + v);
        }
        out.write(v >>> 8);
        out.write(v & 0xff);
        return this;
    }

    public ByteWriter u32(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("u32 out of range: " + v);
        }
        out.write(v >>> 24);
        out.write((v >>> 16) & 0xff);
        out.write((v >>> 8) & 0xff);
        out.write(v & 0xff);
        return this;
    }

    public ByteWriter i64(long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift) & 0xff);
        }
        return this;
    }

    public ByteWriter bytes(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    /** u8 length then the ASCII bytes; callers validate content before encoding. */
    public ByteWriter ascii8(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        u8(b.length);
        return bytes(b);
    }

    /** {@code utf8_16}: u16 byte length then the UTF-8 bytes; callers validate content (see {@link Utf8Text}). */
    public ByteWriter utf8_16(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u16(b.length);
        return bytes(b);
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
