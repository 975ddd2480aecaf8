package cn.bsnedge.agent.store;

import cn.bsnedge.ledger.block.ChainHead;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.block.VerificationException;
import cn.bsnedge.ledger.block.VerificationException.Link;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.crypto.PublicKey;
import cn.bsnedge.ledger.entry.EntryCodec;
import cn.bsnedge.ledger.entry.SensorCode;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The gateway's {@link BlockStore}: a checksummed append-only {@link BlockLog} holds every block
 * with its seq summary, and a MapDB {@link BlockIndex} maps heights to log positions
 * (docs/STORE.md explains why MapDB is the index and not the source of truth).
 *
 * <p>Directory: {@code meta.json} (gateway, suite, key), {@code log/seg-*.log}, {@code index.mapdb},
 * {@code LOCK}. Opening recovers from any crash: a torn record at the end of the log is cut off,
 * and index entries missing or damaged are rebuilt from the log.
 */
public final class LogBlockStore implements BlockStore {

    /** Blocks whose contents, signatures and links are verified whenever a writer opens the store. */
    public static final int TAIL_CHECK_BLOCKS = 16;
    /** The index commits once per this many blocks; the log is durable per block regardless. */
    static final int INDEX_COMMIT_EVERY = 64;
    static final String CREATING_SUFFIX = ".creating";

    private final Path dir;
    private final FileChannel lockChannel;
    private final BlockLog log;
    // volatile: the writer's thread replaces them; readers (anchoring, status) read blocks concurrently
    private volatile BlockIndex index;
    private final List<String> recoveryNotes = new ArrayList<>();
    private volatile ChainHead head;
    private volatile SeqSummary summary = SeqSummary.empty();
    private boolean failed;

    private LogBlockStore(Path dir, FileChannel lockChannel, BlockLog log) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.log = log;
    }

    /**
     * Opens the store for appending, creating it when absent, and verifies its last
     * {@link #TAIL_CHECK_BLOCKS} blocks: a broken chain is refused with
     * {@link BrokenChainException} rather than extended.
     */
    public static LogBlockStore openOrCreate(Path dir, String gatewayId, PublicKey key) throws StoreException {
        LogBlockStore store = open(dir, gatewayId, key, true);
        try {
            ChainAudit.checkTail(store, key, TAIL_CHECK_BLOCKS);
        } catch (VerificationException e) {
            store.close();
            throw new BrokenChainException(e.link(), "refusing to extend the broken chain in " + dir + ": "
                    + e.getMessage() + " (run 'bsn-edge check' for a full report)", e);
        } catch (StoreException | RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** Opens an existing store (recovering from a crash as any open does) without verifying its blocks. */
    public static LogBlockStore openExisting(Path dir, String gatewayId, PublicKey key) throws StoreException {
        return open(dir, gatewayId, key, false);
    }

    private static LogBlockStore open(Path dir, String gatewayId, PublicKey key, boolean create) throws StoreException {
        FileChannel lockChannel = null;
        BlockLog log = null;
        try {
            Path creating = dir.resolveSibling(dir.getFileName() + CREATING_SUFFIX);
            if (Files.exists(creating)) {
                StoreMeta.deleteTree(creating);
            }
            if (!Files.isDirectory(dir)) {
                if (!create) {
                    throw new StoreException("no store at " + dir + " (run bsn-edge demo --data DIR first)");
                }
                StoreMeta.createAtomically(dir, creating, gatewayId, key);
            }
            lockChannel = FileChannel.open(dir.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new StoreException("store " + dir + " is in use by another bsn-edge process (stop the agent first)");
            }
            StoreMeta.check(dir, gatewayId, key);
            log = BlockLog.open(dir.resolve("log"));
            LogBlockStore store = new LogBlockStore(dir, lockChannel, log);
            try {
                store.recover(key.suite().hash().size());
            } catch (IOException | StoreException | RuntimeException e) {
                if (store.index != null) {
                    try {
                        store.index.close();
                    } catch (RuntimeException ignored) {
                        // Reporting the recovery failure matters more.
                    }
                }
                throw e;
            }
            return store;
        } catch (StoreException e) {
            closeQuietly(log, lockChannel);
            throw e;
        } catch (IOException | RuntimeException e) {
            closeQuietly(log, lockChannel);
            throw new StoreException("cannot open store " + dir + ": " + e, e);
        }
    }

    private static void closeQuietly(BlockLog log, FileChannel lock) {
        try {
            if (log != null) {
                log.close();
            }
            if (lock != null) {
                lock.close();
            }
        } catch (IOException ignored) {
            // Already failing; the original error is the one to report.
        }
    }

    /** Brings the index up to the log's end, cutting a torn tail and rebuilding a damaged index. */
    private void recover(int hashSize) throws IOException, StoreException {
        String damage;
        try {
            index = BlockIndex.open(indexFile());
            damage = checkIndexHead();
        } catch (RuntimeException e) {
            damage = "MapDB cannot open it: " + e;
        }
        if (damage != null) {
            rebuildIndex(damage);
        }
        try {
            indexTail();
        } catch (RuntimeException e) {
            // MapDB can open a damaged file and fail only on the next update (seen: "Broken bit parity").
            rebuildIndex("MapDB failed while updating it: " + e);
            indexTail();
        }
        long top = index.lastHeight();
        head = ChainHead.genesis(hashSize);
        if (top >= 0) {
            BlockLog.Entry e = readAt(top);
            try {
                head = ChainHead.after(MicroBlock.decode(StoredBlockCodec.unpack(e.storedBlock())));
                summary = SeqSummary.decode(e.summary());
            } catch (FormatException ex) {
                throw new BrokenChainException(Link.FORMAT, "store " + dir + ": last block " + top
                        + " does not decode: " + ex.getMessage(), ex);
            }
        }
    }

    private Path indexFile() {
        return dir.resolve("index.mapdb");
    }

    /** Replaces the index with an empty one; {@link #indexTail} then fills it from the whole log. */
    private void rebuildIndex(String why) throws IOException {
        recoveryNotes.add("index unusable (" + why + "); rebuilt from the log");
        if (index != null) {
            try {
                index.close();
            } catch (RuntimeException ignored) {
                // A damaged MapDB may fail to close; it is deleted next.
            }
        }
        BlockIndex.delete(indexFile());
        index = BlockIndex.open(indexFile());
    }

    /** Indexes every log record after the index's last entry; cuts a torn record at the log's end. */
    private void indexTail() throws IOException, StoreException {
        long last = index.lastHeight();
        long from = last < 0 ? BlockLog.position(0, 0) : readAt(last).nextPosition();
        long[] expected = {last + 1};
        try {
            log.scan(from, e -> {
                if (e.height() == last + 1 && last + 1 > 0) {
                    recoveryNotes.add("indexed blocks written after the index's last commit, from height " + e.height());
                }
                if (e.height() != expected[0]) {
                    throw new BrokenChainException(Link.CHAIN, "log record at segment " + BlockLog.segmentOf(e.position())
                            + " offset " + BlockLog.offsetOf(e.position()) + " has height " + e.height()
                            + ", want " + expected[0], null);
                }
                index.put(e.height(), e.position());
                expected[0]++;
            });
        } catch (BlockLog.BadRecord bad) {
            if (!log.inLastSegment(bad.position)) {
                throw new BrokenChainException(Link.FORMAT, "store " + dir + ": " + bad.getMessage(), bad);
            }
            long cut = log.end() - bad.position;
            log.truncate(bad.position);
            recoveryNotes.add("cut a torn record at the end of the log (" + bad.getMessage() + "; " + cut
                    + " bytes): it was never acknowledged as committed");
        }
        index.commit();
    }

    /**
     * Why the index's newest entry cannot be trusted (so it is rebuilt), or null when it can.
     * The index only ever records blocks already durable in the log, so an entry past the log's
     * end means the log lost committed blocks: that is refused, never papered over by a rebuild.
     */
    private String checkIndexHead() throws IOException, StoreException {
        long h = index.lastHeight();
        if (h < 0) {
            return null;
        }
        long pos = index.position(h);
        if (pos >= log.end() || BlockLog.segmentOf(pos) > BlockLog.segmentOf(log.end())) {
            throw new BrokenChainException(Link.CHAIN, "store " + dir + ": block " + h
                    + " was committed, but the log ends before it: committed blocks are missing", null);
        }
        try {
            BlockLog.Entry e = log.read(pos);
            return e.height() == h ? null : "it places block " + h + " at a record of block " + e.height();
        } catch (BlockLog.BadRecord e) {
            throw new BrokenChainException(Link.FORMAT, "store " + dir + ": committed block " + h + ": " + e.getMessage(), e);
        }
    }

    private BlockLog.Entry readAt(long height) throws StoreException {
        long pos = index.position(height);
        if (pos < 0) {
            throw new StoreException("block " + height + " is not in the index");
        }
        try {
            BlockLog.Entry e = log.read(pos);
            if (e.height() != height) {
                throw new BrokenChainException(Link.INDEX, "index points block " + height + " at a record of height " + e.height(), null);
            }
            return e;
        } catch (BlockLog.BadRecord e) {
            throw new BrokenChainException(Link.FORMAT, "block " + height + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StoreException("reading block " + height + ": " + e.getMessage(), e);
        }
    }

    /** What opening had to repair (torn tail, rebuilt index); empty after a clean shutdown. */
    public List<String> recoveryNotes() {
        return List.copyOf(recoveryNotes);
    }

    public Path dir() {
        return dir;
    }

    @Override
    public ChainHead head() {
        return head;
    }

    @Override
    public void append(MicroBlock block) throws StoreException {
        appendAll(List.of(block));
    }

    /** One durable log write (one fdatasync) for all of {@code group}; each must attach to the one before. */
    @Override
    public void appendAll(List<MicroBlock> group) throws StoreException {
        if (failed) {
            throw new StoreException("store " + dir + " failed earlier; reopen it to recover");
        }
        if (group.isEmpty()) {
            return;
        }
        ChainHead at = head;
        SeqSummary running = summary;
        List<BlockLog.Pending> pending = new ArrayList<>(group.size());
        List<SeqSummary> summaries = new ArrayList<>(group.size());
        for (MicroBlock block : group) {
            if (block.height() != at.nextHeight() || !Arrays.equals(block.header().prevHash(), at.headHash())) {
                throw new StoreException("refusing block " + block.height() + ": it does not attach at " + at);
            }
            try {
                running = running.plus(blockMaxSeqs(block));
            } catch (FormatException e) {
                throw new StoreException("refusing block " + block.height() + ": " + e.getMessage(), e);
            }
            pending.add(new BlockLog.Pending(block.height(), running.encode(), StoredBlockCodec.pack(block.encode())));
            summaries.add(running);
            at = ChainHead.after(block);
        }
        long end = -1;
        List<Long> positions;
        try {
            end = log.end();
            positions = log.append(pending);
        } catch (IOException | RuntimeException e) {
            try {
                if (end >= 0) {
                    log.truncate(end);
                }
            } catch (IOException cut) {
                failed = true; // The log's end is now unknown: no more appends until a reopen recovers it.
            }
            throw new StoreException("writing blocks " + group.getFirst().height() + ".." + group.getLast().height()
                    + " failed: " + e.getMessage(), e);
        }
        // Durable from here on: whatever happens to the index, these blocks are committed. The head
        // moves only after the index has them, so a concurrent reader never sees a height it cannot read.
        try {
            for (int i = 0; i < group.size(); i++) {
                index.put(group.get(i).height(), positions.get(i));
            }
            if (index.uncommitted() >= INDEX_COMMIT_EVERY) {
                index.commit();
            }
        } catch (RuntimeException e) {
            try {
                rebuildIndex("MapDB failed while updating it: " + e);
                indexTail();
            } catch (IOException | StoreException | RuntimeException again) {
                failed = true;
                summary = summaries.getLast();
                head = at;
                throw new StoreException("blocks up to " + at.nextHeight() + " are committed, but the index cannot be"
                        + " rebuilt (" + again.getMessage() + "); reopen the store", again);
            }
        }
        summary = summaries.getLast();
        head = at;
    }

    /** Per sensor in {@code block}: its highest seq there. */
    static Map<String, Long> blockMaxSeqs(MicroBlock block) throws FormatException {
        Map<String, Long> max = new HashMap<>();
        for (byte[] entry : block.entries()) {
            EntryCodec.Key k = EntryCodec.key(entry);
            max.merge(k.sensor().value(), k.seq(), Math::max);
        }
        return max;
    }

    @Override
    public Optional<MicroBlock> block(long height) throws StoreException {
        if (height < 0 || height >= head.nextHeight()) {
            return Optional.empty();
        }
        try {
            return Optional.of(MicroBlock.decode(StoredBlockCodec.unpack(readAt(height).storedBlock())));
        } catch (FormatException e) {
            throw new BrokenChainException(Link.FORMAT, "stored block " + height + " does not decode: " + e.getMessage(), e);
        }
    }

    /** The stored summary at {@code height} (every sensor's highest seq up to it). */
    SeqSummary summaryAt(long height) throws StoreException {
        try {
            return SeqSummary.decode(readAt(height).summary());
        } catch (FormatException e) {
            throw new BrokenChainException(Link.INDEX, "seq summary of block " + height + " does not decode: " + e.getMessage(), e);
        }
    }

    @Override
    public List<ReadingLocation> locateRange(SensorCode sensor, long fromSeq, long toSeq) throws StoreException {
        return new SeqLookup(this).locateRange(sensor, fromSeq, toSeq);
    }

    @Override
    public Optional<ReadingLocation> locate(SensorCode sensor, long seq) throws StoreException {
        return new SeqLookup(this).locate(sensor, seq);
    }

    @Override
    public OptionalLong lastSeq(SensorCode sensor) {
        long last = summary.lastSeq(sensor.value());
        return last < 0 ? OptionalLong.empty() : OptionalLong.of(last);
    }

    /** Every log record from the start, in order, for a full check independent of the index. */
    void scanLog(BlockLog.Visitor visitor) throws StoreException {
        try {
            log.scan(BlockLog.position(0, 0), visitor);
        } catch (BlockLog.BadRecord e) {
            throw new BrokenChainException(Link.FORMAT, "log " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StoreException("reading the log: " + e.getMessage(), e);
        }
    }

    /** The index's position for {@code height}, or -1. */
    long indexedPosition(long height) {
        return index.position(height);
    }

    long indexSize() {
        return index.size();
    }

    @Override
    public void close() throws StoreException {
        try {
            if (index != null) {
                index.close();
            }
            log.close();
            lockChannel.close();
        } catch (IOException | RuntimeException e) {
            throw new StoreException("closing store " + dir + ": " + e.getMessage(), e);
        }
    }
}
