package cn.bsnedge.agent.store;

import cn.bsnedge.ledger.block.ChainHead;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.codec.FormatException;
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
 * <p>Layout, all in one transaction per block (see docs/STORE.md):
 * <ul>
 *   <li>{@code blocks}: height → sealed-block bytes (FORMAT.md §4), values outside B-tree nodes so a
 *       commit rewrites the value once rather than the node that holds it;</li>
 *   <li>{@code seqIndex}: a sparse index, one key per (block, sensor):
 *       "sensor␀first-seq" → [height, last-seq]. A reading is found with one floor lookup and one
 *       block decode, at the cost of ~50 B-tree inserts per block instead of one per reading;</li>
 *   <li>{@code meta}: gateway id, suite and public key, checked on every open.</li>
 * </ul>
 * MapDB's commit is the unit of wear on an SD card (two fsyncs and ~100 KB written whatever the
 * payload), so this store commits exactly once per block.
 */
public final class MapDbBlockStore implements BlockStore {

    private static final HexFormat HEX = HexFormat.of();
    static final String CREATING_SUFFIX = ".creating";

    private final Path file;
    private final DB db;
    private final BTreeMap<Long, byte[]> blocks;
    private final BTreeMap<String, long[]> seqIndex;
    private ChainHead head;

    private MapDbBlockStore(Path file, DB db, int hashSize) {
        this.file = file;
        this.db = db;
        this.blocks = db.treeMap("blocks", Serializer.LONG, Serializer.BYTE_ARRAY).valuesOutsideNodesEnable().createOrOpen();
        this.seqIndex = db.treeMap("seqIndex", Serializer.STRING, Serializer.LONG_ARRAY).createOrOpen();
        Map.Entry<Long, byte[]> last = blocks.lastEntry();
        this.head = last == null ? ChainHead.genesis(hashSize) : headAfter(last.getValue());
    }

    private static ChainHead headAfter(byte[] sealed) {
        try {
            return ChainHead.after(MicroBlock.decode(sealed));
        } catch (FormatException e) {
            throw new IllegalStateException("last stored block does not decode: " + e.getMessage(), e);
        }
    }

    /**
     * Opens the store at {@code file}, creating it when absent. Creation is atomic: the file is
     * made under a temporary name, committed and closed, then renamed into place, because a
     * MapDB file killed during creation can be left unopenable.
     */
    public static MapDbBlockStore openOrCreate(Path file, String gatewayId, PublicKey key) throws StoreException {
        return open(file, gatewayId, key, true);
    }

    /** Opens an existing store; never creates one. */
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
            return new MapDbBlockStore(file, db, key.suite().hash().size());
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
            db.treeMap("blocks", Serializer.LONG, Serializer.BYTE_ARRAY).valuesOutsideNodesEnable().createOrOpen();
            db.treeMap("seqIndex", Serializer.STRING, Serializer.LONG_ARRAY).createOrOpen();
            db.commit();
        } finally {
            db.close();
        }
        deleteLeftovers(creating.resolveSibling(creating.getFileName() + ".wal"));
        Files.move(creating, file, StandardCopyOption.ATOMIC_MOVE);
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
        Map<String, long[]> ranges;
        try {
            ranges = sensorRanges(block);
        } catch (FormatException e) {
            throw new StoreException("refusing block " + block.height() + ": " + e.getMessage(), e);
        }
        try {
            blocks.put(block.height(), block.encode());
            for (Map.Entry<String, long[]> r : ranges.entrySet()) {
                seqIndex.put(indexKey(r.getKey(), r.getValue()[0]), new long[] {block.height(), r.getValue()[1]});
            }
            db.commit();
        } catch (RuntimeException e) {
            db.rollback();
            throw new StoreException("commit of block " + block.height() + " failed: " + e.getMessage(), e);
        }
        head = ChainHead.after(block);
    }

    /** Per sensor in {@code block}: [lowest seq, highest seq]. */
    static Map<String, long[]> sensorRanges(MicroBlock block) throws FormatException {
        Map<String, long[]> ranges = new HashMap<>();
        for (byte[] entry : block.entries()) {
            EntryCodec.Key k = EntryCodec.key(entry);
            long[] r = ranges.get(k.sensor().value());
            if (r == null) {
                ranges.put(k.sensor().value(), new long[] {k.seq(), k.seq()});
            } else {
                r[0] = Math.min(r[0], k.seq());
                r[1] = Math.max(r[1], k.seq());
            }
        }
        return ranges;
    }

    private static String indexKey(String sensor, long seq) {
        // Zero-padded so string order is numeric order; '\0' sorts below every code character.
        return sensor + '\0' + String.format("%019d", seq);
    }

    @Override
    public Optional<MicroBlock> block(long height) throws StoreException {
        byte[] sealed = blocks.get(height);
        if (sealed == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(MicroBlock.decode(sealed));
        } catch (FormatException e) {
            throw new StoreException("stored block " + height + " does not decode: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<ReadingLocation> locate(SensorCode sensor, long seq) throws StoreException {
        Map.Entry<String, long[]> e = seqIndex.floorEntry(indexKey(sensor.value(), seq));
        if (e == null || !e.getKey().startsWith(sensor.value() + '\0') || seq > e.getValue()[1]) {
            return Optional.empty();
        }
        long height = e.getValue()[0];
        MicroBlock block = block(height).orElseThrow(() -> new StoreException("index names missing block " + height));
        try {
            for (int i = 0; i < block.entryCount(); i++) {
                EntryCodec.Key k = EntryCodec.key(block.entries().get(i));
                if (k.seq() == seq && k.sensor().equals(sensor)) {
                    return Optional.of(new ReadingLocation(height, i));
                }
            }
        } catch (FormatException ex) {
            throw new StoreException("stored block " + height + ": " + ex.getMessage(), ex);
        }
        return Optional.empty();
    }

    /** The index entry for (sensor, first seq in a block): [height, last seq], or null. For {@code check}. */
    public long[] indexEntry(String sensor, long firstSeq) {
        return seqIndex.get(indexKey(sensor, firstSeq));
    }

    public long indexSize() {
        return seqIndex.sizeLong();
    }

    /** Number of stored blocks as the B-tree counts them (must equal the head's next height). */
    public long storedBlockCount() {
        return blocks.sizeLong();
    }

    @Override
    public OptionalLong lastSeq(SensorCode sensor) {
        Map.Entry<String, long[]> e = seqIndex.floorEntry(indexKey(sensor.value(), Long.MAX_VALUE));
        if (e == null || !e.getKey().startsWith(sensor.value() + '\0')) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(e.getValue()[1]);
    }

    @Override
    public void close() {
        if (!db.isClosed()) {
            db.close();
        }
    }
}
