package cn.bsnedge.node.telemetry;

import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.protocol.Topics;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The blocks a node received as telemetry, kept as evidence for the audit: {@code DATA/blocks/<gateway
 * level>/<segment>.blocks}, each file written by one process only (its segment name is unique to
 * the process run), frames of {@code u32 length ‖ u32 CRC-32C ‖ u8 status ‖ sealed block}. Several
 * node processes sharing a data directory each write their own segments; readers merge all of them.
 * A block received twice may be stored twice; readers deduplicate by height and hash. A torn frame
 * at the end of a segment (a process killed mid-write) ends that segment for readers.
 */
public final class BlockArchive implements AutoCloseable {

    /** What the receiving node made of a block when it stored it. */
    public enum Status {
        /** Signature and contents verified under a registered key. */
        VERIFIED(0),
        /** Signature or contents failed: kept as evidence. */
        INVALID(1),
        /** No registered key for the gateway then; the audit verifies it later. */
        UNCHECKED(2);

        final int code;

        Status(int code) {
            this.code = code;
        }

        static Status of(int code) {
            for (Status s : values()) {
                if (s.code == code) {
                    return s;
                }
            }
            return UNCHECKED;
        }
    }

    /** One stored block as read back. */
    public record Archived(MicroBlock block, Status status, Path segment) {
    }

    private final Path root;
    private final String segmentName;
    private final Map<String, FileChannel> open = new HashMap<>();

    private BlockArchive(Path root, String segmentName) {
        this.root = root;
        this.segmentName = segmentName;
    }

    /** The archive under {@code DATA/blocks}, writing segments named {@code segmentName}. */
    public static BlockArchive open(Path dataDir, String segmentName) throws IOException {
        Path root = dataDir.resolve("blocks");
        Files.createDirectories(root);
        return new BlockArchive(root, segmentName);
    }

    /** A segment name unique to this process run. */
    public static String segmentName(long startMillis) {
        return "seg-" + startMillis + "-" + ProcessHandle.current().pid();
    }

    /** Appends {@code blocks} of {@code gatewayId}, fsynced before returning. */
    public synchronized void append(String gatewayId, List<MicroBlock> blocks, List<Status> statuses) throws IOException {
        FileChannel ch = open.get(gatewayId);
        if (ch == null) {
            Path dir = root.resolve(Topics.gatewayLevel(gatewayId));
            Files.createDirectories(dir);
            ch = FileChannel.open(dir.resolve(segmentName + ".blocks"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            open.put(gatewayId, ch);
        }
        for (int i = 0; i < blocks.size(); i++) {
            byte[] bytes = blocks.get(i).encode();
            byte[] body = ByteBuffer.allocate(1 + bytes.length).put((byte) statuses.get(i).code).put(bytes).array();
            CRC32C crc = new CRC32C();
            crc.update(body);
            ByteBuffer frame = ByteBuffer.allocate(8 + body.length).putInt(body.length).putInt((int) crc.getValue()).put(body).flip();
            while (frame.hasRemaining()) {
                ch.write(frame);
            }
        }
        ch.force(false);
    }

    /** Gateways with archived blocks (ids, from the directory names). */
    public static List<String> gateways(Path dataDir) throws IOException {
        Path root = dataDir.resolve("blocks");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).map(p -> Topics.gatewayId(p.getFileName().toString()))
                    .flatMap(Optional::stream).sorted().toList();
        }
    }

    /** Reads every segment of a gateway; {@code sink} sees each good frame, in file order per segment. */
    public static void read(Path dataDir, String gatewayId, Sink sink) throws IOException {
        Path dir = dataDir.resolve("blocks").resolve(Topics.gatewayLevel(gatewayId));
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> segments;
        try (Stream<Path> s = Files.list(dir)) {
            segments = s.filter(p -> p.getFileName().toString().endsWith(".blocks")).sorted().toList();
        }
        for (Path seg : segments) {
            new SegmentReader(seg).readFrom(0, sink);
        }
    }

    /** Receives archived blocks; {@code problem} is non-null for a frame that does not decode. */
    @FunctionalInterface
    public interface Sink {
        void accept(Archived block);

        default void undecodable(Path segment, long offset, String problem) {
        }
    }

    /** Reads one segment from an offset; remembers where the good frames end, for tailing. */
    static final class SegmentReader {
        private final Path file;

        SegmentReader(Path file) {
            this.file = file;
        }

        /** Returns the offset after the last good frame read. */
        long readFrom(long offset, Sink sink) throws IOException {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = ch.size();
                long pos = offset;
                ByteBuffer head = ByteBuffer.allocate(8);
                while (size - pos >= 8) {
                    head.clear();
                    readFully(ch, head, pos);
                    int length = head.getInt(0);
                    if (length < 2 || length > 64 * 1024 * 1024 || size - pos - 8 < length) {
                        break;
                    }
                    ByteBuffer body = ByteBuffer.allocate(length);
                    readFully(ch, body, pos + 8);
                    CRC32C crc = new CRC32C();
                    crc.update(body.array());
                    if ((int) crc.getValue() != head.getInt(4)) {
                        break;
                    }
                    byte[] b = body.array();
                    try {
                        MicroBlock block = MicroBlock.decode(java.util.Arrays.copyOfRange(b, 1, b.length));
                        sink.accept(new Archived(block, Status.of(b[0]), file));
                    } catch (FormatException e) {
                        sink.undecodable(file, pos, e.getMessage());
                    }
                    pos += 8 + length;
                }
                return pos;
            }
        }

        private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
            while (b.hasRemaining()) {
                int n = ch.read(b, pos);
                if (n < 0) {
                    return;
                }
                pos += n;
            }
        }
    }

    /** Every segment file under the archive, for tailing. */
    List<Path> segments() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                try (Stream<Path> s = Files.list(d)) {
                    s.filter(p -> p.getFileName().toString().endsWith(".blocks")).forEach(out::add);
                }
            }
        }
        return out;
    }

    @Override
    public synchronized void close() throws IOException {
        for (FileChannel ch : open.values()) {
            ch.close();
        }
        open.clear();
    }
}
