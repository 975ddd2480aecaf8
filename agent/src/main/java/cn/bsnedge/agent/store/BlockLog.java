package cn.bsnedge.agent.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The store's source of truth: append-only segment files of checksummed block records
 * (docs/STORE.md). A group of records is made durable by one {@code fdatasync}; a record torn
 * by a crash fails its checksum and is cut off at the next open. It was never acknowledged,
 * because the append had not returned.
 *
 * <p>Record: {@code u32 magic "BSNR" | u32 payload length | u32 CRC-32C(payload) | payload},
 * payload: {@code u64 height | u32 summary length | summary | stored block}.
 */
final class BlockLog implements AutoCloseable {

    static final int MAGIC = 0x42534E52; // "BSNR"
    static final int RECORD_HEADER = 12;
    static final int MAX_PAYLOAD = 64 << 20;
    /** A new segment starts once the current one passes this size. */
    static final long SEGMENT_BYTES = 64L << 20;

    /** A record to append. */
    record Pending(long height, byte[] summary, byte[] storedBlock) {
    }

    /** One decoded record and where it sits. */
    record Entry(long position, long height, byte[] summary, byte[] storedBlock, int recordLength) {
        long nextPosition() {
            return position + recordLength;
        }
    }

    /** A record that fails its framing or checksum. */
    static final class BadRecord extends Exception {
        final long position;

        BadRecord(long position, String message) {
            super("segment " + segmentOf(position) + " offset " + offsetOf(position) + ": " + message);
            this.position = position;
        }
    }

    private final Path dir;
    // concurrent: readers look segments up while the writer starts a new one
    private final java.util.concurrent.ConcurrentSkipListMap<Integer, FileChannel> segments = new java.util.concurrent.ConcurrentSkipListMap<>();

    private BlockLog(Path dir) {
        this.dir = dir;
    }

    /** Opens every segment in {@code dir}; does not validate records (see {@link #scan}). */
    static BlockLog open(Path dir) throws IOException {
        BlockLog log = new BlockLog(dir);
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().matches("seg-\\d{8}\\.log")).sorted().toList()) {
                int n = Integer.parseInt(p.getFileName().toString().substring(4, 12));
                log.segments.put(n, FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE));
            }
        }
        return log;
    }

    static long position(int segment, long offset) {
        return ((long) segment << 32) | offset;
    }

    static int segmentOf(long position) {
        return (int) (position >>> 32);
    }

    static long offsetOf(long position) {
        return position & 0xffffffffL;
    }

    /** Where the next record goes now: the end of the last segment. */
    long end() throws IOException {
        if (segments.isEmpty()) {
            return position(0, 0);
        }
        var last = segments.lastEntry();
        return position(last.getKey(), last.getValue().size());
    }

    private Path segmentPath(int n) {
        return dir.resolve(String.format("seg-%08d.log", n));
    }

    /**
     * Appends one record per element and makes them durable with one fdatasync (plus a directory
     * fsync when a segment is started). Returns each record's position.
     */
    List<Long> append(List<Pending> records) throws IOException {
        FileChannel ch = writableSegment();
        int segment = segments.lastKey();
        long offset = ch.size();
        List<Long> positions = new ArrayList<>(records.size());
        int total = 0;
        for (Pending r : records) {
            total += RECORD_HEADER + 12 + r.summary().length + r.storedBlock().length;
        }
        ByteBuffer buf = ByteBuffer.allocate(total);
        for (Pending r : records) {
            positions.add(position(segment, offset + buf.position()));
            byte[] summary = r.summary();
            byte[] stored = r.storedBlock();
            int payloadLength = 12 + summary.length + stored.length;
            ByteBuffer payload = ByteBuffer.allocate(payloadLength)
                    .putLong(r.height()).putInt(summary.length).put(summary).put(stored);
            CRC32C crc = new CRC32C();
            crc.update(payload.array());
            buf.putInt(MAGIC).putInt(payloadLength).putInt((int) crc.getValue()).put(payload.array());
        }
        buf.flip();
        long at = offset;
        while (buf.hasRemaining()) {
            at += ch.write(buf, at);
        }
        ch.force(false);
        return positions;
    }

    private FileChannel writableSegment() throws IOException {
        if (!segments.isEmpty() && segments.lastEntry().getValue().size() < SEGMENT_BYTES) {
            return segments.lastEntry().getValue();
        }
        int n = segments.isEmpty() ? 0 : segments.lastKey() + 1;
        FileChannel ch = FileChannel.open(segmentPath(n), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        StoreMeta.fsyncDirectory(dir);
        segments.put(n, ch);
        return ch;
    }

    /** Reads and checks the record at {@code position}. */
    Entry read(long position) throws BadRecord, IOException {
        FileChannel ch = segments.get(segmentOf(position));
        if (ch == null) {
            throw new BadRecord(position, "no such segment");
        }
        long offset = offsetOf(position);
        ByteBuffer head = ByteBuffer.allocate(RECORD_HEADER);
        readFully(ch, head, offset);
        if (head.position() < RECORD_HEADER) {
            throw new BadRecord(position, "truncated record header (" + head.position() + " of " + RECORD_HEADER + " bytes)");
        }
        head.flip();
        int magic = head.getInt();
        int length = head.getInt();
        int crc = head.getInt();
        if (magic != MAGIC) {
            throw new BadRecord(position, String.format("bad record magic 0x%08x", magic));
        }
        if (length < 12 || length > MAX_PAYLOAD) {
            throw new BadRecord(position, "record length " + length + " is outside 12.." + MAX_PAYLOAD);
        }
        ByteBuffer payload = ByteBuffer.allocate(length);
        readFully(ch, payload, offset + RECORD_HEADER);
        if (payload.position() < length) {
            throw new BadRecord(position, "truncated record (" + payload.position() + " of " + length + " payload bytes)");
        }
        CRC32C c = new CRC32C();
        c.update(payload.array());
        if ((int) c.getValue() != crc) {
            throw new BadRecord(position, String.format("record checksum mismatch: got %08x, want %08x", (int) c.getValue(), crc));
        }
        payload.flip();
        long height = payload.getLong();
        int summaryLength = payload.getInt();
        if (summaryLength < 0 || summaryLength > length - 12) {
            throw new BadRecord(position, "summary length " + summaryLength + " exceeds the record");
        }
        byte[] summary = new byte[summaryLength];
        payload.get(summary);
        byte[] stored = new byte[payload.remaining()];
        payload.get(stored);
        return new Entry(position, height, summary, stored, RECORD_HEADER + length);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long at) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, at + buf.position());
            if (n < 0) {
                return;
            }
        }
    }

    /** Visits records from {@code from} to the end; stops at the first bad one and throws it. */
    interface Visitor {
        void visit(Entry e) throws IOException, StoreException;
    }

    void scan(long from, Visitor visitor) throws IOException, BadRecord, StoreException {
        long pos = from;
        while (true) {
            FileChannel ch = segments.get(segmentOf(pos));
            if (ch == null) {
                return;
            }
            if (offsetOf(pos) >= ch.size()) {
                Integer next = segments.higherKey(segmentOf(pos));
                if (next == null) {
                    return;
                }
                pos = position(next, 0);
                continue;
            }
            Entry e = read(pos);
            visitor.visit(e);
            pos = e.nextPosition();
        }
    }

    /** Cuts the log at {@code position}: later bytes and later segments go (a torn tail). */
    void truncate(long position) throws IOException {
        int seg = segmentOf(position);
        for (Integer later : List.copyOf(segments.tailMap(seg, false).keySet())) {
            segments.remove(later).close();
            Files.delete(segmentPath(later));
        }
        FileChannel ch = segments.get(seg);
        if (ch != null) {
            ch.truncate(offsetOf(position));
            ch.force(true);
        }
        StoreMeta.fsyncDirectory(dir);
    }

    /** True when {@code position} is in the last segment (where a torn write can be). */
    boolean inLastSegment(long position) {
        return segments.isEmpty() || segmentOf(position) >= segments.lastKey();
    }

    @Override
    public void close() throws IOException {
        for (FileChannel ch : segments.values()) {
            ch.close();
        }
        segments.clear();
    }
}
