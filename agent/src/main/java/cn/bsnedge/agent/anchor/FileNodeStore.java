package cn.bsnedge.agent.anchor;

import cn.bsnedge.ledger.anchor.NodeStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The block-hash log's nodes in one flat file ({@code DATA/anchor/nodes.dat}), in the order a
 * {@code BlockHashLog} completes them (post-order, as a Merkle mountain range lays them out), so
 * node {@code (level, index)} has a fixed slot computed from its coordinates and appending never
 * rewrites a byte. Record: the hash, then {@code u32 CRC-32C(u8 level ‖ u64 index ‖ hash)}; a
 * record torn or zeroed by a crash fails its checksum when read, and a partial tail is cut when
 * opened. Derived data: {@link ChainHashLog} rebuilds it from the chain whenever it is damaged.
 *
 * <p>Writes are buffered and reach the file on {@link #flush()}; {@link #force()} also syncs. A
 * lost tail is harmless: the next open finds fewer blocks and appends them again from the chain.
 * Single writer; {@link #get} may run on another thread only under the owner's lock.
 */
final class FileNodeStore implements NodeStore, AutoCloseable {

    /** A node whose bytes are not what was written: the store must be rebuilt from the chain. */
    static final class DamagedException extends RuntimeException {
        DamagedException(String message) {
            super(message);
        }
    }

    private static final int BUFFER_RECORDS = 2048;

    private final Path file;
    private final int hashSize;
    private final int recordSize;
    private final FileChannel channel;
    /** Records in the file plus the buffer. */
    private long records;
    private final ByteBuffer buffer;
    private long bufferStart;

    private FileNodeStore(Path file, int hashSize, FileChannel channel, long records) {
        this.file = file;
        this.hashSize = hashSize;
        this.recordSize = hashSize + 4;
        this.channel = channel;
        this.records = records;
        this.buffer = ByteBuffer.allocate(recordSize * BUFFER_RECORDS);
        this.bufferStart = records;
    }

    /** Opens or creates the file, cutting a partial tail back to the last whole block's nodes. */
    static FileNodeStore open(Path file, int hashSize) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long whole = ch.size() / (hashSize + 4);
            long leaves = leavesWithin(whole);
            long keep = nodesFor(leaves);
            if (ch.size() != keep * (hashSize + 4)) {
                ch.truncate(keep * (hashSize + 4));
            }
            return new FileNodeStore(file, hashSize, ch, keep);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Nodes a log of {@code leaves} leaves has completed: {@code 2n − popcount(n)}. */
    static long nodesFor(long leaves) {
        return 2 * leaves - Long.bitCount(leaves);
    }

    /** The most leaves whose nodes fit in {@code records} records. */
    static long leavesWithin(long records) {
        long lo = 0;
        long hi = records;
        while (lo < hi) {
            long mid = (lo + hi + 1) >>> 1;
            if (nodesFor(mid) <= records) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** The slot of node (level, index): nodes are completed in post-order. */
    static long slot(int level, long index) {
        long n = (index + 1) << level; // leaves appended when this node is completed
        return nodesFor(n) - 1 - (Long.numberOfTrailingZeros(n) - level);
    }

    /** Leaves whose nodes are all stored. */
    long leaves() {
        return leavesWithin(records);
    }

    @Override
    public Optional<byte[]> get(int level, long index) {
        if (level < 0 || level > 62 || index < 0 || index > (Long.MAX_VALUE >> (level + 1))) {
            return Optional.empty();
        }
        long slot = slot(level, index);
        if (slot >= records) {
            return Optional.empty();
        }
        ByteBuffer rec = ByteBuffer.allocate(recordSize);
        if (slot >= bufferStart) {
            rec.put(buffer.array(), (int) ((slot - bufferStart) * recordSize), recordSize);
        } else {
            try {
                long at = slot * recordSize;
                while (rec.hasRemaining()) {
                    int n = channel.read(rec, at + rec.position());
                    if (n < 0) {
                        throw new DamagedException(file + ": node (" + level + ", " + index + ") lies past the end of the file");
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading node (" + level + ", " + index + ") of " + file, e);
            }
        }
        byte[] hash = Arrays.copyOf(rec.array(), hashSize);
        int crc = ByteBuffer.wrap(rec.array(), hashSize, 4).getInt();
        if (crc != checksum(level, index, hash)) {
            throw new DamagedException(file + ": node (" + level + ", " + index + ") at slot " + slot
                    + " fails its checksum (" + HexFormat.of().formatHex(rec.array()) + ")");
        }
        return Optional.of(hash);
    }

    @Override
    public void put(int level, long index, byte[] hash) {
        if (hash.length != hashSize) {
            throw new IllegalArgumentException("node hash of " + hash.length + " bytes, want " + hashSize);
        }
        long slot = slot(level, index);
        if (slot < records) {
            byte[] have = get(level, index).orElseThrow();
            if (!Arrays.equals(have, hash)) {
                throw new IllegalStateException("node (" + level + ", " + index + ") is already " + HexFormat.of().formatHex(have)
                        + ", refusing to overwrite it with " + HexFormat.of().formatHex(hash) + ": a log only appends");
            }
            return;
        }
        if (slot != records) {
            throw new IllegalStateException("node (" + level + ", " + index + ") put at slot " + slot + ", want slot " + records);
        }
        if (!buffer.hasRemaining()) {
            flush();
        }
        buffer.put(hash).putInt(checksum(level, index, hash));
        records++;
    }

    /** Writes buffered nodes to the file (no sync). */
    void flush() {
        if (buffer.position() == 0) {
            return;
        }
        buffer.flip();
        try {
            long at = bufferStart * recordSize;
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing nodes of " + file, e);
        } finally {
            buffer.clear();
        }
        bufferStart = records;
    }

    /** Writes and syncs. */
    void force() throws IOException {
        flush();
        channel.force(false);
    }

    /** Drops every node of leaves {@code leaves} and later (the file only ever shrinks to a whole log). */
    void truncateTo(long leaves) throws IOException {
        flush();
        long keep = nodesFor(leaves);
        if (keep < records) {
            channel.truncate(keep * recordSize);
            records = keep;
            bufferStart = keep;
        }
    }

    private static int checksum(int level, long index, byte[] hash) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(9).put((byte) level).putLong(index).array());
        crc.update(hash);
        return (int) crc.getValue();
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            channel.close();
        }
    }
}
