package cn.bsnedge.node.ledger;

import cn.bsnedge.ledger.crypto.CryptoSuite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The ledger's append-only file: a header naming the node and its suite, then frames of
 * {@code u32 length ‖ u32 CRC-32C(body) ‖ body}. A frame is written whole and fsynced before the
 * ledger reports it recorded. Only the writer holding the ledger's append lock writes, so a frame
 * that is cut short or fails its checksum can only be the tail of a writer that died mid-append:
 * {@link #scan} reports where the good frames end, and the next writer truncates there. A bad frame
 * followed by a good one is damage, not a torn append, and is refused.
 */
final class LedgerFile {

    static final byte[] MAGIC = "BSNLEDG\0".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int FRAME_OVERHEAD = 8;
    /** No record comes near this; a larger length is damage, not data. */
    static final int MAX_BODY = 64 * 1024 * 1024;

    /** Who the ledger belongs to, from its header. */
    record Header(CryptoSuite suite, String nodeId, int length) {
    }

    /** A good frame: where it starts and its body. */
    record Frame(long offset, byte[] body) {
        long end() {
            return offset + FRAME_OVERHEAD + body.length;
        }
    }

    /** What a scan found: the good frames from the start offset, and where they end. */
    record Scan(List<Frame> frames, long goodEnd, long fileSize, String tailProblem) {
        boolean tornTail() {
            return goodEnd < fileSize;
        }
    }

    private LedgerFile() {
    }

    static byte[] header(CryptoSuite suite, String nodeId) {
        byte[] id = nodeId.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 3 + id.length);
        b.put(MAGIC).put((byte) VERSION).put((byte) suite.id()).put((byte) id.length).put(id);
        return b.array();
    }

    static Header readHeader(FileChannel ch, Path file) throws IOException, LedgerException {
        ByteBuffer fixed = ByteBuffer.allocate(MAGIC.length + 3);
        readFully(ch, fixed, 0);
        if (fixed.hasRemaining()) {
            throw new LedgerException(file + ": " + ch.size() + " bytes, too short for a ledger header");
        }
        byte[] magic = Arrays.copyOf(fixed.array(), MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new LedgerException(file + " is not a bsn-node ledger (its first bytes are not \"BSNLEDG\\0\")");
        }
        int version = fixed.get(MAGIC.length) & 0xff;
        if (version != VERSION) {
            throw new LedgerException(file + ": ledger version " + version + " is not supported; want " + VERSION);
        }
        CryptoSuite suite;
        try {
            suite = CryptoSuite.fromId(fixed.get(MAGIC.length + 1) & 0xff);
        } catch (IllegalArgumentException e) {
            throw new LedgerException(file + ": " + e.getMessage());
        }
        int idLength = fixed.get(MAGIC.length + 2) & 0xff;
        ByteBuffer id = ByteBuffer.allocate(idLength);
        readFully(ch, id, fixed.capacity());
        if (id.hasRemaining()) {
            throw new LedgerException(file + ": header cut short inside the node id");
        }
        return new Header(suite, new String(id.array(), StandardCharsets.US_ASCII), fixed.capacity() + idLength);
    }

    /** Reads good frames from {@code from} to the end of the file (see the class comment for the tail). */
    static Scan scan(FileChannel ch, long from, Path file) throws IOException, LedgerException {
        long size = ch.size();
        List<Frame> frames = new java.util.ArrayList<>();
        long pos = from;
        while (pos < size) {
            Frame f = readFrame(ch, pos, size);
            if (f == null) {
                String problem = describeBad(ch, pos, size);
                if (anyGoodFrameAfter(ch, pos + 1, size)) {
                    throw new LedgerException(file + ": damaged record at byte " + pos + " (" + problem
                            + ") with good records after it; this is not a torn append, so nothing is dropped."
                            + " Restore the ledger from a copy");
                }
                return new Scan(frames, pos, size, problem);
            }
            frames.add(f);
            pos = f.end();
        }
        return new Scan(frames, pos, size, null);
    }

    /** The body of the frame at {@code offset}, checked, or null if there is no good frame there. */
    static Frame readFrame(FileChannel ch, long offset, long size) throws IOException {
        if (size - offset < FRAME_OVERHEAD) {
            return null;
        }
        ByteBuffer head = ByteBuffer.allocate(FRAME_OVERHEAD);
        readFully(ch, head, offset);
        int length = head.getInt(0);
        int crc = head.getInt(4);
        if (length <= 0 || length > MAX_BODY || size - offset - FRAME_OVERHEAD < length) {
            return null;
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        readFully(ch, body, offset + FRAME_OVERHEAD);
        CRC32C c = new CRC32C();
        c.update(body.array());
        return (int) c.getValue() == crc ? new Frame(offset, body.array()) : null;
    }

    private static String describeBad(FileChannel ch, long pos, long size) throws IOException {
        if (size - pos < FRAME_OVERHEAD) {
            return (size - pos) + " bytes, less than a frame header";
        }
        ByteBuffer head = ByteBuffer.allocate(FRAME_OVERHEAD);
        readFully(ch, head, pos);
        int length = head.getInt(0);
        if (length <= 0 || length > MAX_BODY) {
            return "frame length " + length + " is outside 1.." + MAX_BODY;
        }
        if (size - pos - FRAME_OVERHEAD < length) {
            return "frame of " + length + " bytes but only " + (size - pos - FRAME_OVERHEAD) + " follow";
        }
        return "CRC-32C mismatch";
    }

    /** Whether a good frame starts anywhere in (from, size): tells damage from a torn tail. */
    private static boolean anyGoodFrameAfter(FileChannel ch, long from, long size) throws IOException {
        // A torn tail is at most one frame; search a bounded window so a huge file is not rescanned byte by byte.
        long limit = Math.min(size, from + 4L * 1024 * 1024);
        for (long p = from; p + FRAME_OVERHEAD <= limit; p++) {
            if (readFrame(ch, p, size) != null) {
                return true;
            }
        }
        return false;
    }

    static byte[] frame(byte[] body) {
        CRC32C c = new CRC32C();
        c.update(body);
        return ByteBuffer.allocate(FRAME_OVERHEAD + body.length).putInt(body.length).putInt((int) c.getValue()).put(body).array();
    }

    static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                break;
            }
            p += n;
        }
    }

    static void writeFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            p += ch.write(b, p);
        }
    }

    /** Creates a ledger file with its header, durably (file and directory fsynced). */
    static void create(Path file, CryptoSuite suite, String nodeId) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(tmp);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            writeFully(ch, ByteBuffer.wrap(header(suite, nodeId)), 0);
            ch.force(true);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory(file.getParent());
    }

    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some filesystems refuse to open directories for fsync; the rename is still atomic.
        }
    }
}
