package cn.bsnedge.agent.store;

import cn.bsnedge.ledger.codec.FormatException;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * How a sealed block sits in the store (docs/STORE.md): one tag byte, then the FORMAT.md §6
 * sealed-block bytes, raw or deflated. Readings of one block repeat sensor codes, quantities,
 * units and timestamp prefixes, so deflate shrinks a 1,000-reading block about fourfold; on an
 * SD card every byte not written is wear not suffered. The store is internal: what leaves the
 * gateway is always the uncompressed FORMAT.md encoding.
 */
final class StoredBlockCodec {

    static final int RAW = 0x00;
    static final int DEFLATE = 0x01;

    private StoredBlockCodec() {
    }

    static byte[] pack(byte[] sealed) {
        Deflater d = new Deflater(Deflater.BEST_SPEED, true);
        try {
            d.setInput(sealed);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(sealed.length / 3 + 64);
            out.write(DEFLATE);
            byte[] buf = new byte[8192];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            if (out.size() >= sealed.length + 1) { // incompressible (tiny blocks): store raw
                byte[] raw = new byte[sealed.length + 1];
                raw[0] = RAW;
                System.arraycopy(sealed, 0, raw, 1, sealed.length);
                return raw;
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    static byte[] unpack(byte[] stored) throws FormatException {
        if (stored.length == 0) {
            throw new FormatException("stored.tag", 0, "empty stored block");
        }
        return switch (stored[0]) {
            case RAW -> java.util.Arrays.copyOfRange(stored, 1, stored.length);
            case DEFLATE -> inflate(stored);
            default -> throw new FormatException("stored.tag", 0, String.format("unknown stored-block tag 0x%02x", stored[0]));
        };
    }

    private static byte[] inflate(byte[] stored) throws FormatException {
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(stored, 1, stored.length - 1);
            ByteArrayOutputStream out = new ByteArrayOutputStream(stored.length * 4);
            byte[] buf = new byte[16384];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw new FormatException("stored.deflate", 1, "truncated deflate stream");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new FormatException("stored.deflate", 1, "corrupt deflate stream: " + e.getMessage());
        } finally {
            inf.end();
        }
    }
}
