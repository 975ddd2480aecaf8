package cn.bsnedge.agent.store;

import cn.bsnedge.ledger.block.ChainHead;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.block.VerificationException;
import cn.bsnedge.ledger.crypto.PublicKey;
import cn.bsnedge.ledger.entry.EntryCodec;
import cn.bsnedge.ledger.entry.SensorCode;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@link BlockStore} on one MapDB file with its write-ahead log on.
 *
 * <p>Layout, all written in one transaction per block (see docs/STORE.md):
 * <ul>
 *   <li>{@code blocks}: height → sealed-block bytes (FORMAT.md §6), deflated (see
 *       {@link StoredBlockCodec}), values outside B-tree nodes;</li>
 *   <li>{@code seqSummaries}: height → every sensor's highest seq up to that height
 *       ({@link SeqSummary}); finds the block of (sensor, seq) by binary search;</li>
 *   <li>{@code meta}: gateway id, suite and public key, checked on every open.</li>
 * </ul>
 * Both maps grow only at their right edge, so a commit rewrites one leaf path per map rather
 * than a leaf per sensor. MapDB's commit is the unit of SD-card wear (two fsyncs and the WAL
 * copy), so this store commits exactly once per block.
 */
public final class MapDbBlockStore implements BlockStore {

    private static final HexFormat HEX = HexFormat.of();
    static final String CREATING_SUFFIX = ".creating";

    private final Path file;
    private final DB db;
    private final BTreeMap<Long, byte[]> blocks;
    private final BTreeMap<Long, byte[]> seqSummaries;
    private ChainHead head;
    private SeqSummary summary;

    private MapDbBlockStore(Path file, DB db, int hashSize) {
        this.file = file;
        this.db = db;
        this.blocks = blocksMap(db);
        this.seqSummaries = summariesMap(db);
    }

    private static BTreeMap<Long, byte[]> blocksMap(DB db) {
        return db.treeMap("blocks", Serializer.LONG, Serializer.BYTE_ARRAY).valuesOutsideNodesEnable().createOrOpen();
    }

    private static BTreeMap<Long, byte[]> summariesMap(DB db) {
        return db.treeMap("seqSummaries", Serializer.LONG, Serializer.BYTE_ARRAY).createOrOpen();
    }

    /** Reads the head and the latest summary; a store whose last block does not decode is broken. */
    private void loadHead(int hashSize) throws BrokenChainException {
        Long last = blocks.isEmpty() ? null : blocks.lastKey();
        try {
            head = last == null ? ChainHead.genesis(hashSize) : ChainHead.after(block(last).orElseThrow());
            summary = last == null ? SeqSummary.empty() : summaryAt(last);
        } catch (StoreException e) {
            throw new BrokenChainException(VerificationException.Link.FORMAT, "store " + file + ": " + e.getMessage(), e);
        }
    }

    /** Blocks whose contents, signatures and links are verified whenever a writer opens the store. */
    public static final int TAIL_CHECK_BLOCKS = 16;

    /**
     * Opens the store for appending, creating it when absent, and verifies its last
     * {@link #TAIL_CHECK_BLOCKS} blocks: a broken chain is refused with
     * {@link BrokenChainException} rather than extended. Creation is atomic: the file is made
     * under a temporary name, committed and closed, then renamed into place, because a MapDB
     * file killed during creation can be left unopenable.
     */
    public static MapDbBlockStore openOrCreate(Path file, String gatewayId, PublicKey key) throws StoreException {
        MapDbBlockStore store = open(file, gatewayId, key, true);
        try {
            ChainAudit.checkTail(store, key, TAIL_CHECK_BLOCKS);
        } catch (VerificationException e) {
            store.close();
            throw new BrokenChainException(e.link(), "refusing to extend the broken chain in " + file + ": "
                    + e.getMessage() + " (run 'bsn-edge check' for a full report)", e);
        } catch (StoreException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** Opens an existing store without verifying it (for {@code check} and {@code proof}); never creates one. */
    public static MapDbBlockStore openExisting(Path file, String gatewayId, PublicKey key) throws StoreException {
        return open(file, gatewayId, key, false);
    }

    private static MapDbBlockStore open(Path file, String gatewayId, PublicKey key, boolean create) throws StoreException {
        Path creating = file.resolveSibling(file.getFileName() + CREATING_SUFFIX);
        try {
            if (!Files.exists(file) && !create) {
                throw new StoreException("no store at " + file + " (run bsn-edge demo --data DIR first, or check --data)");
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            deleteLeftovers(creating);
            if (!Files.exists(file)) {
                createAtomically(file, creating, gatewayId, key);
            }
        } catch (IOException e) {
            throw new StoreException("cannot create store " + file + ": " + e.getMessage(), e);
        }
        DB db;
        try {
            db = open(file);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open store " + file + ": " + e.getMessage()
                    + " (is another bsn-edge process using this data directory?)", e);
        }
        try {
            checkMeta(file, db, gatewayId, key);
            MapDbBlockStore store = new MapDbBlockStore(file, db, key.suite().hash().size());
            store.loadHead(key.suite().hash().size());
            return store;
        } catch (StoreException | RuntimeException e) {
            db.close();
            throw e instanceof StoreException se ? se : new StoreException("store " + file + ": " + e.getMessage(), e);
        }
    }

    private static DB open(Path file) {
        return DBMaker.fileDB(file.toFile()).transactionEnable().fileChannelEnable().make();
    }

    private static void deleteLeftovers(Path creating) throws IOException {
        try (var siblings = Files.list(creating.toAbsolutePath().getParent())) {
            for (Path p : (Iterable<Path>) siblings::iterator) {
                if (p.getFileName().toString().startsWith(creating.getFileName().toString())) {
                    Files.delete(p);
                }
            }
        }
    }

    private static void createAtomically(Path file, Path creating, String gatewayId, PublicKey key) throws IOException {
        DB db = open(creating);
        try {
            Map<String, String> meta = db.hashMap("meta", Serializer.STRING, Serializer.STRING).createOrOpen();
            meta.putAll(metaFor(gatewayId, key));
            blocksMap(db);
            summariesMap(db);
            db.commit();
        } finally {
            db.close();
        }
        deleteLeftovers(creating.resolveSibling(creating.getFileName() + ".wal"));
        Files.move(creating, file, StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory(file.toAbsolutePath().getParent());
    }

    /** Makes a rename durable: without it a power cut can forget the new directory entry. */
    static void fsyncDirectory(Path dir) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static Map<String, String> metaFor(String gatewayId, PublicKey key) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "bsn-edge-store/1");
        m.put("gateway", gatewayId);
        m.put("suite", key.suite().label());
        m.put("publicKey", HEX.formatHex(key.encoded()));
        return m;
    }

    private static void checkMeta(Path file, DB db, String gatewayId, PublicKey key) throws StoreException {
        Map<String, String> meta = db.hashMap("meta", Serializer.STRING, Serializer.STRING).createOrOpen();
        for (Map.Entry<String, String> want : metaFor(gatewayId, key).entrySet()) {
            String got = meta.get(want.getKey());
            if (!want.getValue().equals(got)) {
                throw new StoreException("store " + file + " belongs to " + want.getKey() + " '" + got
                        + "', but this gateway's " + want.getKey() + " is '" + want.getValue()
                        + "'; refusing to mix chains (use another --data directory)");
            }
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public ChainHead head() {
        return head;
    }

    @Override
    public void append(MicroBlock block) throws StoreException {
        if (block.height() != head.nextHeight()
                || !java.util.Arrays.equals(block.header().prevHash(), head.headHash())) {
            throw new StoreException("refusing block " + block.height() + ": it does not attach at " + head);
        }
        SeqSummary next;
        try {
            next = summary.plus(blockMaxSeqs(block));
        } catch (FormatException e) {
            throw new StoreException("refusing block " + block.height() + ": " + e.getMessage(), e);
        }
        try {
            blocks.put(block.height(), StoredBlockCodec.pack(block.encode()));
            seqSummaries.put(block.height(), next.encode());
            db.commit();
        } catch (RuntimeException e) {
            db.rollback();
            throw new StoreException("commit of block " + block.height() + " failed: " + e.getMessage(), e);
        }
        head = ChainHead.after(block);
        summary = next;
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
        byte[] stored = blocks.get(height);
        if (stored == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(MicroBlock.decode(StoredBlockCodec.unpack(stored)));
        } catch (FormatException e) {
            throw new StoreException("stored block " + height + " does not decode: " + e.getMessage(), e);
        }
    }

    /** The stored summary at {@code height} (every sensor's highest seq up to it). */
    SeqSummary summaryAt(long height) throws StoreException {
        byte[] b = seqSummaries.get(height);
        if (b == null) {
            throw new StoreException("seq summary of block " + height + " is missing");
        }
        try {
            return SeqSummary.decode(b);
        } catch (FormatException e) {
            throw new StoreException("seq summary of block " + height + " does not decode: " + e.getMessage(), e);
        }
    }

    /** Number of stored seq summaries (one per block in a sound store). */
    long summaryCount() {
        return seqSummaries.sizeLong();
    }

    @Override
    public Optional<ReadingLocation> locate(SensorCode sensor, long seq) throws StoreException {
        String s = sensor.value();
        if (head.nextHeight() == 0 || summary.lastSeq(s) < seq) {
            return Optional.empty();
        }
        // First height whose running maximum reaches seq: that block holds seq if anything does.
        long lo = 0;
        long hi = head.nextHeight() - 1;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (summaryAt(mid).lastSeq(s) >= seq) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        MicroBlock block = block(lo).orElseThrow(() -> new StoreException("summary names missing block"));
        try {
            for (int i = 0; i < block.entryCount(); i++) {
                EntryCodec.Key k = EntryCodec.key(block.entries().get(i));
                if (k.seq() == seq && k.sensor().equals(sensor)) {
                    return Optional.of(new ReadingLocation(lo, i));
                }
            }
        } catch (FormatException ex) {
            throw new StoreException("stored block " + lo + ": " + ex.getMessage(), ex);
        }
        return Optional.empty();
    }

    /** Number of stored blocks as the B-tree counts them (must equal the head's next height). */
    public long storedBlockCount() {
        return blocks.sizeLong();
    }

    @Override
    public OptionalLong lastSeq(SensorCode sensor) {
        long last = summary.lastSeq(sensor.value());
        return last < 0 ? OptionalLong.empty() : OptionalLong.of(last);
    }

    @Override
    public void close() {
        if (!db.isClosed()) {
            db.close();
        }
    }
}
