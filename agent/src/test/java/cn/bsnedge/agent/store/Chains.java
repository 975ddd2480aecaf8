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

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test fixtures: real signed chains of interleaved readings, and raw access to a store's log. */
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
        try (LogBlockStore store = LogBlockStore.openOrCreate(file, GATEWAY, key.publicKey())) {
            List<MicroBlock> sealed = seal(key, store.head(), blocks, perBlock, firstSeqs());
            for (MicroBlock b : sealed) {
                store.append(b);
            }
            return sealed;
        }
    }

    /**
     * A closed store's log read record by record, to tamper with as an attacker would: changes
     * are written back with valid checksums, and the index is deleted so the next open rebuilds
     * it from the tampered log. What is left to catch the change is the chain's own evidence.
     */
    public static final class Raw implements AutoCloseable {
        /** One block record: height, stored seq summary, and the sealed block (FORMAT.md §6), unpacked. */
        public record Rec(long height, byte[] summary, byte[] sealed) {
        }

        private final Path dir;
        public final List<Rec> records = new ArrayList<>();

        private Raw(Path dir) {
            this.dir = dir;
        }

        public static Raw open(Path storeDir) throws Exception {
            Raw raw = new Raw(storeDir);
            try (BlockLog log = BlockLog.open(storeDir.resolve("log"))) {
                log.scan(BlockLog.position(0, 0), e -> {
                    try {
                        raw.records.add(new Rec(e.height(), e.summary(), StoredBlockCodec.unpack(e.storedBlock())));
                    } catch (cn.bsnedge.ledger.codec.FormatException ex) {
                        throw new IllegalStateException(ex);
                    }
                });
            }
            return raw;
        }

        public Rec at(long height) {
            return records.stream().filter(r -> r.height() == height).findFirst().orElseThrow();
        }

        /** Rewrites the log from {@link #records} and drops the index. */
        @Override
        public void close() throws Exception {
            try (var segs = java.nio.file.Files.list(dir.resolve("log"))) {
                for (Path p : segs.toList()) {
                    java.nio.file.Files.delete(p);
                }
            }
            try (BlockLog log = BlockLog.open(dir.resolve("log"))) {
                List<BlockLog.Pending> pending = new ArrayList<>();
                for (Rec r : records) {
                    pending.add(new BlockLog.Pending(r.height(), r.summary(), StoredBlockCodec.pack(r.sealed())));
                }
                if (!pending.isEmpty()) {
                    log.append(pending);
                }
            }
            BlockIndex.delete(dir.resolve("index.mapdb"));
        }
    }
}
