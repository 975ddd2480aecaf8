package cn.bsnedge.drivers.pms5003;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds frames in the PMS5003's byte stream: 0x42 0x4D, length 28 (big-endian), 13 data words,
 * and a 16-bit sum of all preceding bytes. After garbage, a bad length or a bad checksum it
 * drops one byte and searches for the next 0x42 0x4D, so one corrupt byte costs one frame.
 * Not thread-safe.
 */
final class Pms5003FrameReader {

    static final int START_1 = 0x42;
    static final int START_2 = 0x4D;
    static final int FRAME_LENGTH = 32;
    static final int LENGTH_FIELD = 28;   // 13 data words + checksum
    private static final int MAX_BUFFER = 4 * FRAME_LENGTH;

    /** What feeding some bytes produced: whole frames, and how many candidate frames failed their checksum. */
    record Result(List<Pms5003Frame> frames, int checksumErrors, String lastError) {
    }

    private final byte[] buf = new byte[MAX_BUFFER];
    private int len;

    Result feed(byte[] data, int off, int n) {
        List<Pms5003Frame> frames = new ArrayList<>();
        int errors = 0;
        String lastError = null;
        for (int i = 0; i < n; i++) {
            if (len == buf.length) {
                drop(1);   // cannot happen with the scan below, but never overflow on a hostile stream
            }
            buf[len++] = data[off + i];
            while (len > 0) {
                if (u8(0) != START_1) {
                    drop(1);
                    continue;
                }
                if (len < 2) {
                    break;
                }
                if (u8(1) != START_2) {
                    drop(1);
                    continue;
                }
                if (len < 4) {
                    break;
                }
                if (u16(2) != LENGTH_FIELD) {
                    drop(1);
                    continue;
                }
                if (len < FRAME_LENGTH) {
                    break;
                }
                int sum = 0;
                for (int j = 0; j < FRAME_LENGTH - 2; j++) {
                    sum += u8(j);
                }
                int want = u16(FRAME_LENGTH - 2);
                if ((sum & 0xFFFF) != want) {
                    errors++;
                    lastError = String.format("frame checksum 0x%04x, computed 0x%04x", want, sum & 0xFFFF);
                    drop(1);
                    continue;
                }
                frames.add(new Pms5003Frame(u16(4), u16(6), u16(8), u16(10), u16(12), u16(14),
                        u16(16), u16(18), u16(20), u16(22), u16(24), u16(26)));
                drop(FRAME_LENGTH);
            }
        }
        return new Result(frames, errors, lastError);
    }

    private int u8(int i) {
        return buf[i] & 0xFF;
    }

    private int u16(int i) {
        return u8(i) << 8 | u8(i + 1);
    }

    private void drop(int n) {
        System.arraycopy(buf, n, buf, 0, len - n);
        len -= n;
    }
}
