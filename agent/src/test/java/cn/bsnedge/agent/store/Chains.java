package cn.bsnedge.agent.store;

import cn.bsnedge.ledger.block.BlockSealer;
import cn.bsnedge.ledger.block.ChainHead;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PrivateKey;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.entry.Reading;
import cn.bsnedge.ledger.entry.ReadingValue;
import cn.bsnedge.ledger.entry.SensorCode;
import cn.bsnedge.ledger.entry.Timestamp;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test fixtures: real signed chains of interleaved readings, and raw access to a store's MapDB file. */
public final class Chains {

    public static final String GATEWAY = "88.1001.31/GW-TEST-01";
    public static final SensorCode TMP = SensorCode.of("88.1001.31/TMP-0001");
    public static final SensorCode WTR = SensorCode.of("88.1001.31/WTR-0001234");
    public static final SensorCode HUM = SensorCode.of("88.1001.31/HUM-0001");
    private static final List<SensorCode> SENSORS = List.of(TMP, WTR, HUM);
    private static final long T0_MILLIS = 1_790_000_000_000L;

    private Chains() {
    }

    public static PrivateKey newKey(CryptoSuite suite) {
        return PrivateKey.generate(suite, new SecureRandom());
    }

    /**
     * Seals {@code blocks} blocks of {@code perBlock} readings each on top of {@code head}. Sensors
     * take turns reading by reading, so every block holds runs of several sensors and every
     * sensor spans several blocks. {@code nextSeq} (sensor → next seq) is advanced in place.
     * Times step 7 ms per reading, so a block's first and last times always differ.
     */
    public static List<MicroBlock> seal(PrivateKey key, ChainHead head, int blocks, int perBlock, Map<SensorCode, Long> nextSeq)
            throws GeneralSecurityException {
        BlockSealer sealer = new BlockSealer(key.signer(), GATEWAY);
        List<MicroBlock> out = new ArrayList<>();
        int n = nextSeq.values().stream().mapToInt(Long::intValue).sum();
        for (int b = 0; b < blocks; b++) {
            List<Reading> batch = new ArrayList<>();
            for (int i = 0; i < perBlock; i++, n++) {
                SensorCode s = SENSORS.get(n % SENSORS.size());
                long seq = nextSeq.merge(s, 1L, Long::sum) - 1;
                batch.add(new Reading(s, seq, Timestamp.ofMillis(T0_MILLIS + 7L * n), ClockQuality.SYNCED,
                        "temperature", "Cel", new ReadingValue.Decimal(1850 + n, 2)));
            }
            MicroBlock block = sealer.seal(head, batch);
            out.add(block);
            head = ChainHead.after(block);
        }
        return out;
    }

    /** Fresh seq counters: every sensor starts at seq 1, as the agent does. */
    public static Map<SensorCode, Long> firstSeqs() {
        Map<SensorCode, Long> m = new HashMap<>();
        SENSORS.forEach(s -> m.put(s, 1L));
        return m;
    }

    /** Creates a store at {@code file} holding {@code blocks} blocks and closes it; returns the blocks. */
    public static List<MicroBlock> build(Path file, PrivateKey key, int blocks, int perBlock) throws Exception {
        try (MapDbBlockStore store = MapDbBlockStore.openOrCreate(file, GATEWAY, key.publicKey())) {
            List<MicroBlock> sealed = seal(key, store.head(), blocks, perBlock, firstSeqs());
            for (MicroBlock b : sealed) {
                store.append(b);
            }
            return sealed;
        }
    }

    /** The store file opened behind MapDbBlockStore's back, with its map names and serializers. */
    public record Raw(DB db, BTreeMap<Long, byte[]> blocks, BTreeMap<String, long[]> seqIndex) implements AutoCloseable {

        public static Raw open(Path file) {
            DB db = DBMaker.fileDB(file.toFile()).transactionEnable().fileChannelEnable().make();
            return new Raw(db,
                    db.treeMap("blocks", Serializer.LONG, Serializer.BYTE_ARRAY).valuesOutsideNodesEnable().createOrOpen(),
                    db.treeMap("seqIndex", Serializer.STRING, Serializer.LONG_ARRAY).createOrOpen());
        }

        public static String indexKey(SensorCode sensor, long firstSeq) {
            return sensor.value() + '\0' + String.format("%019d", firstSeq);
        }

        @Override
        public void close() {
            db.commit();
            db.close();
        }
    }
}
