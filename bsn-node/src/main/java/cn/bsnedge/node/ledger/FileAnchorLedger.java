package cn.bsnedge.node.ledger;

import cn.bsnedge.ledger.anchor.CompactRange;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.merkle.MerkleHasher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The node's default {@link AnchorLedger}: one append-only file, {@code DIR/anchors.ledger}
 * ({@link LedgerFile}), whose record bodies are the leaves of an RFC 9162 tree, plus an index in
 * memory rebuilt by reading the file at open.
 *
 * <p><b>Several processes, one ledger.</b> Every {@link #update} takes an exclusive lock on
 * {@code DIR/ledger.lock} (an OS file lock, released by the kernel if the process dies), reads the
 * records other processes appended since its last update, decides, appends, fsyncs, and unlocks.
 * Node processes on one host that share the directory therefore split a city's anchors (the
 * broker's shared subscription hands each anchor to one of them) and still decide every anchor
 * on the gateway's latest record, with one sequence of ledger positions. The file system must
 * honour POSIX locks between the processes (a local disk; not NFS without lockd). Inside one
 * process, open a directory once and share the instance: a second instance is refused.
 *
 * <p>A writer that dies mid-append leaves a torn frame at the end; the next update (or open)
 * truncates it, which is safe because nothing was acknowledged for it.
 */
public final class FileAnchorLedger implements AnchorLedger {

    public static final String FILE = "anchors.ledger";
    public static final String LOCK_FILE = "ledger.lock";

    private final Path file;
    private final boolean readOnly;
    private final FileChannel data;
    private final FileChannel lockChannel;
    private final FileLock openLock;
    private final ReentrantLock lock = new ReentrantLock();
    private final LedgerFile.Header header;
    private final MerkleHasher hasher;
    private final TreeMap<String, GatewayState> gateways = new TreeMap<>();
    private CompactRange range;
    private long end;
    private boolean failed;

    private FileAnchorLedger(Path file, boolean readOnly, FileChannel data, FileChannel lockChannel, FileLock openLock,
                             LedgerFile.Header header) {
        this.file = file;
        this.readOnly = readOnly;
        this.data = data;
        this.lockChannel = lockChannel;
        this.openLock = openLock;
        this.header = header;
        this.hasher = new MerkleHasher(header.suite().hash());
        this.range = CompactRange.empty(hasher);
        this.end = header.length();
    }

    /**
     * Opens (creating if absent) the ledger in {@code dir} for node {@code nodeId}, whose key suite
     * {@code suite} also hashes the ledger's tree. A ledger of another node or suite is refused.
     */
    public static FileAnchorLedger open(Path dir, String nodeId, CryptoSuite suite) throws LedgerException {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(FILE);
            FileChannel lockCh = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock open;
            try {
                // A shared lock on byte 1 for as long as this instance lives: a second instance in this
                // process overlaps it and is refused (closing it would drop this one's locks too).
                open = lockCh.tryLock(1, 1, true);
            } catch (OverlappingFileLockException e) {
                lockCh.close();
                throw new LedgerException("ledger " + dir + " is already open in this process; share that instance");
            }
            if (open == null) {
                lockCh.close();
                throw new LedgerException("cannot lock " + dir.resolve(LOCK_FILE) + " (held exclusively elsewhere)");
            }
            FileAnchorLedger ledger;
            FileLock append = lockCh.lock(0, 1, false);
            try {
                if (!Files.exists(file)) {
                    LedgerFile.create(file, suite, nodeId);
                }
                FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
                LedgerFile.Header h = LedgerFile.readHeader(ch, file);
                if (!h.nodeId().equals(nodeId) || h.suite() != suite) {
                    ch.close();
                    throw new LedgerException(file + " is the ledger of node " + h.nodeId() + " (" + h.suite().label()
                            + "), not of " + nodeId + " (" + suite.label() + "); a node never adopts another's ledger");
                }
                ledger = new FileAnchorLedger(file, false, ch, lockCh, open, h);
                ledger.catchUp();
            } finally {
                append.release();
            }
            return ledger;
        } catch (IOException e) {
            throw new LedgerException("cannot open the ledger in " + dir + ": " + e, e);
        }
    }

    /**
     * Opens an existing ledger to read it while a node may be writing it (for list, audit, export):
     * no locks, a torn or in-progress tail is left alone.
     */
    public static FileAnchorLedger openReadOnly(Path dir) throws LedgerException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            throw new LedgerException("no ledger at " + file + " (has `bsn-node run` been started with this data directory?)");
        }
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            FileAnchorLedger ledger = new FileAnchorLedger(file, true, ch, null, null, LedgerFile.readHeader(ch, file));
            ledger.catchUp();
            return ledger;
        } catch (IOException e) {
            throw new LedgerException("cannot read the ledger " + file + ": " + e, e);
        }
    }

    public String nodeId() {
        return header.nodeId();
    }

    public CryptoSuite suite() {
        return header.suite();
    }

    @Override
    public <T> T update(Update<T> update) throws LedgerException {
        if (readOnly) {
            throw new IllegalStateException("ledger " + file + " was opened read-only");
        }
        lock.lock();
        try {
            if (failed) {
                throw new LedgerException("ledger " + file + " failed an earlier write and records nothing until the node restarts");
            }
            FileLock append;
            try {
                append = lockChannel.lock(0, 1, false);
            } catch (IOException e) {
                throw new LedgerException("cannot lock " + file.resolveSibling(LOCK_FILE) + ": " + e, e);
            }
            try {
                catchUp();
                Tx tx = new Tx();
                T result = update.apply(tx);
                if (!tx.frames.isEmpty()) {
                    write(tx);
                }
                return result;
            } finally {
                try {
                    append.release();
                } catch (IOException ignored) {
                    // Closing the channel releases it at the latest.
                }
            }
        } catch (IOException e) {
            throw new LedgerException("ledger " + file + ": " + e, e);
        } finally {
            lock.unlock();
        }
    }

    private void write(Tx tx) throws LedgerException {
        int total = tx.frames.stream().mapToInt(f -> f.length).sum();
        ByteBuffer all = ByteBuffer.allocate(total);
        tx.frames.forEach(all::put);
        all.flip();
        long start = end - total;
        try {
            LedgerFile.writeFully(data, all, start);
            data.force(false);
        } catch (IOException e) {
            failed = true;
            try {
                data.truncate(start);
            } catch (IOException ignored) {
                // The next open finds a torn tail and truncates it then.
            }
            throw new LedgerException("cannot append to " + file + ": " + e + "; nothing of this update was recorded", e);
        }
    }

    /** Reads whatever other processes appended; truncates a torn tail when this process may write. */
    private void catchUp() throws IOException, LedgerException {
        if (data.size() == end) {
            return;
        }
        LedgerFile.Scan scan = LedgerFile.scan(data, end, file);
        for (LedgerFile.Frame f : scan.frames()) {
            apply(f);
        }
        if (scan.tornTail() && !readOnly) {
            org.slf4j.LoggerFactory.getLogger(FileAnchorLedger.class).warn(
                    "{}: dropping a torn append at byte {} ({}), left by a writer that stopped mid-append",
                    file, scan.goodEnd(), scan.tailProblem());
            data.truncate(scan.goodEnd());
            data.force(true);
        }
    }

    private void apply(LedgerFile.Frame f) throws LedgerException {
        LedgerRecord r;
        try {
            r = RecordCodec.decode(f.body());
        } catch (FormatException e) {
            throw new LedgerException(file + ": record at byte " + f.offset() + " passes its checksum but does not decode: "
                    + e.getMessage(), e);
        }
        if (r.seq() != range.size()) {
            throw new LedgerException(file + ": record at byte " + f.offset() + " says position " + r.seq() + ", want "
                    + range.size());
        }
        index(r, f.offset(), f.body());
        end = f.end();
    }

    private void index(LedgerRecord r, long offset, byte[] body) {
        range = range.append(hasher.leafHash(body), (level, index, hash) -> { });
        gateways.computeIfAbsent(r.gatewayId(), GatewayState::new).add(r, offset);
    }

    LedgerRecord.Anchored readAnchored(long offset) throws LedgerException {
        try {
            LedgerFile.Frame f = LedgerFile.readFrame(data, offset, data.size());
            if (f == null) {
                throw new LedgerException(file + ": no good record at byte " + offset + " any more");
            }
            return (LedgerRecord.Anchored) RecordCodec.decode(f.body());
        } catch (IOException | FormatException | ClassCastException e) {
            throw new LedgerException(file + ": cannot read the record at byte " + offset + ": " + e, e);
        }
    }

    @Override
    public GatewayRecords records(String gatewayId) throws LedgerException {
        lock.lock();
        try {
            refreshIfReadOnly();
            GatewayState s = gateways.get(gatewayId);
            return s == null ? GatewayState.empty(gatewayId, this) : s.snapshot(this);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<GatewayRecords> gateways() throws LedgerException {
        lock.lock();
        try {
            refreshIfReadOnly();
            List<GatewayRecords> out = new ArrayList<>(gateways.size());
            for (GatewayState s : gateways.values()) {
                out.add(s.snapshot(this));
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public LedgerHead head() throws LedgerException {
        refresh();
        lock.lock();
        try {
            return new LedgerHead(range.size(), range.root());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads what other processes appended and returns where the records end. A writer does it under
     * the append lock: a frame another process is writing right now must not look like a torn tail.
     */
    private long refresh() throws LedgerException {
        lock.lock();
        try {
            if (readOnly) {
                refreshIfReadOnly();
                return end;
            }
            FileLock append = lockChannel.lock(0, 1, false);
            try {
                catchUp();
                return end;
            } finally {
                append.release();
            }
        } catch (IOException e) {
            throw new LedgerException("ledger " + file + ": " + e, e);
        } finally {
            lock.unlock();
        }
    }

    private void refreshIfReadOnly() throws LedgerException {
        if (readOnly) {
            try {
                catchUp();
            } catch (IOException e) {
                throw new LedgerException("ledger " + file + ": " + e, e);
            }
        }
    }

    @Override
    public void forEach(Consumer<LedgerRecord> action) throws LedgerException {
        long limit = refresh();
        try {
            long pos = header.length();
            while (pos < limit) {
                LedgerFile.Frame f = LedgerFile.readFrame(data, pos, limit);
                if (f == null) {
                    throw new LedgerException(file + ": no good record at byte " + pos);
                }
                action.accept(RecordCodec.decode(f.body()));
                pos = f.end();
            }
        } catch (IOException | FormatException e) {
            throw new LedgerException("cannot read " + file + ": " + e, e);
        }
    }

    @Override
    public void close() throws LedgerException {
        lock.lock();
        try {
            data.close();
            if (lockChannel != null) {
                openLock.release();
                lockChannel.close();
            }
        } catch (IOException e) {
            throw new LedgerException("closing " + file + ": " + e, e);
        } finally {
            lock.unlock();
        }
    }

    private final class Tx implements Transaction {
        final List<byte[]> frames = new ArrayList<>();

        @Override
        public GatewayRecords records(String gatewayId) {
            GatewayState s = gateways.get(gatewayId);
            return s == null ? GatewayState.empty(gatewayId, FileAnchorLedger.this) : s.snapshot(FileAnchorLedger.this);
        }

        @Override
        public long nextSeq() {
            return range.size();
        }

        @Override
        public void append(LedgerRecord record) {
            if (record.seq() != range.size()) {
                throw new IllegalArgumentException("record at position " + record.seq() + ", want " + range.size());
            }
            byte[] body = RecordCodec.encode(record);
            byte[] frame = LedgerFile.frame(body);
            frames.add(frame);
            // Visible to the rest of this update at once; if the write then fails the ledger refuses
            // every later update, so the index is never trusted ahead of the file.
            index(record, end, body);
            end += frame.length;
        }
    }
}
