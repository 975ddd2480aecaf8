package cn.bsnedge.agent.store;

import cn.bsnedge.agent.store.BlockStore.ReadingLocation;
import cn.bsnedge.ledger.block.ChainHead;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PrivateKey;
import cn.bsnedge.ledger.entry.EntryCodec;
import cn.bsnedge.ledger.entry.SensorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogBlockStoreTest {

    private static final PrivateKey KEY = Chains.newKey(CryptoSuite.ED25519_SHA256);

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("store");
    }

    @Test
    void append_thenRead_returnsSameBytesAndAdvancesHead() throws Exception {
        try (LogBlockStore store = LogBlockStore.openOrCreate(file(), Chains.GATEWAY, KEY.publicKey())) {
            assertEquals(0, store.size());
            assertEquals(Optional.empty(), store.block(0));
            List<MicroBlock> blocks = Chains.seal(KEY, store.head(), 3, 5, Chains.firstSeqs());
            for (MicroBlock b : blocks) {
                store.append(b);
                assertEquals(ChainHead.after(b).nextHeight(), store.head().nextHeight());
                assertArrayEquals(b.hash(), store.head().headHash());
            }
            for (MicroBlock b : blocks) {
                assertArrayEquals(b.encode(), store.block(b.height()).orElseThrow().encode());
            }
            assertEquals(Optional.empty(), store.block(3));
        }
    }

    @Test
    void locate_everyReadingOfInterleavedBlocks_namesItsHeightAndLeaf() throws Exception {
        List<MicroBlock> blocks = Chains.build(file(), KEY, 6, 11);
        try (LogBlockStore store = LogBlockStore.openExisting(file(), Chains.GATEWAY, KEY.publicKey())) {
            int located = 0;
            for (MicroBlock b : blocks) {
                for (int i = 0; i < b.entryCount(); i++) {
                    EntryCodec.Key k = EntryCodec.key(b.entry(i));
                    assertEquals(Optional.of(new ReadingLocation(b.height(), i)), store.locate(k.sensor(), k.seq()),
                            k.sensor() + " seq " + k.seq());
                    located++;
                }
            }
            assertEquals(66, located);
            // 66 readings over 3 sensors in turn: 22 each, seq 1..22.
            assertEquals(Optional.empty(), store.locate(Chains.TMP, 0));
            assertEquals(Optional.empty(), store.locate(Chains.TMP, 23));
            assertEquals(Optional.empty(), store.locate(SensorCode.of("88.1001.31/TMP-00011"), 5));
            assertEquals(Optional.empty(), store.locate(SensorCode.of("88.1001.31/TMP-000"), 5));
        }
    }

    @Test
    void lastSeq_perSensor_isHighestCommittedSeq() throws Exception {
        try (LogBlockStore store = LogBlockStore.openOrCreate(file(), Chains.GATEWAY, KEY.publicKey())) {
            assertEquals(OptionalLong.empty(), store.lastSeq(Chains.TMP));
            Map<SensorCode, Long> next = Chains.firstSeqs();
            // 7 readings: TMP, WTR, HUM, TMP, WTR, HUM, TMP.
            store.append(Chains.seal(KEY, store.head(), 1, 7, next).getFirst());
            assertEquals(OptionalLong.of(3), store.lastSeq(Chains.TMP));
            assertEquals(OptionalLong.of(2), store.lastSeq(Chains.WTR));
            assertEquals(OptionalLong.of(2), store.lastSeq(Chains.HUM));
            assertEquals(OptionalLong.empty(), store.lastSeq(SensorCode.of("88.1001.31/TMP-00011")));
            assertEquals(OptionalLong.empty(), store.lastSeq(SensorCode.of("88.1001.31/TMP-000")));
            store.append(Chains.seal(KEY, store.head(), 1, 2, next).getFirst()); // WTR 3, HUM 3
            assertEquals(OptionalLong.of(3), store.lastSeq(Chains.TMP));
            assertEquals(OptionalLong.of(3), store.lastSeq(Chains.WTR));
        }
    }

    @Test
    void append_wrongHeight_isRefusedAndStoreUnchanged() throws Exception {
        try (LogBlockStore store = LogBlockStore.openOrCreate(file(), Chains.GATEWAY, KEY.publicKey())) {
            List<MicroBlock> blocks = Chains.seal(KEY, store.head(), 2, 4, Chains.firstSeqs());
            store.append(blocks.get(0));
            MicroBlock skipAhead = Chains.seal(KEY, ChainHead.after(blocks.get(1)), 1, 4, new HashMap<>()).getFirst();
            StoreException e = assertThrows(StoreException.class, () -> store.append(skipAhead));
            assertTrue(e.getMessage().contains("refusing block 2"), e.getMessage());
            StoreException again = assertThrows(StoreException.class, () -> store.append(blocks.get(0)));
            assertTrue(again.getMessage().contains("does not attach"), again.getMessage());
            assertEquals(1, store.size());
            assertEquals(1, store.indexSize());
            assertEquals(Optional.empty(), store.block(2));
            store.append(blocks.get(1)); // the right block still attaches
            assertEquals(2, store.size());
        }
    }

    @Test
    void append_wrongPrevHash_isRefusedAndStoreUnchanged() throws Exception {
        try (LogBlockStore store = LogBlockStore.openOrCreate(file(), Chains.GATEWAY, KEY.publicKey())) {
            store.append(Chains.seal(KEY, store.head(), 1, 4, Chains.firstSeqs()).getFirst());
            long indexBefore = store.indexSize();
            byte[] otherHash = store.head().headHash();
            otherHash[5] ^= 0x01;
            MicroBlock fork = Chains.seal(KEY, new ChainHead(1, otherHash), 1, 4, Chains.firstSeqs()).getFirst();
            StoreException e = assertThrows(StoreException.class, () -> store.append(fork));
            assertTrue(e.getMessage().contains("does not attach"), e.getMessage());
            assertEquals(1, store.size());
            assertEquals(indexBefore, store.indexSize(), "a refused block must leave no index entries");
        }
    }

    @Test
    void reopen_keepsHeadAndIndex() throws Exception {
        List<MicroBlock> blocks = Chains.build(file(), KEY, 4, 6);
        try (LogBlockStore store = LogBlockStore.openExisting(file(), Chains.GATEWAY, KEY.publicKey())) {
            assertEquals(4, store.size());
            assertArrayEquals(blocks.getLast().hash(), store.head().headHash());
            assertEquals(OptionalLong.of(8), store.lastSeq(Chains.TMP)); // 24 readings, 8 per sensor
            ChainAudit.checkAll(store, KEY.publicKey(), (d, t, e) -> { });
        }
    }

    @Test
    void open_differentGatewayId_isRefusedNamingBoth() throws Exception {
        Chains.build(file(), KEY, 1, 3);
        StoreException e = assertThrows(StoreException.class,
                () -> LogBlockStore.openExisting(file(), "88.1001.31/GW-OTHER-02", KEY.publicKey()));
        assertTrue(e.getMessage().contains(Chains.GATEWAY), e.getMessage());
        assertTrue(e.getMessage().contains("88.1001.31/GW-OTHER-02"), e.getMessage());
        assertStoreStillVerifies(1);
    }

    @Test
    void open_differentPublicKey_isRefusedNamingBoth() throws Exception {
        Chains.build(file(), KEY, 1, 3);
        PrivateKey other = Chains.newKey(CryptoSuite.ED25519_SHA256);
        StoreException e = assertThrows(StoreException.class,
                () -> LogBlockStore.openOrCreate(file(), Chains.GATEWAY, other.publicKey()));
        HexFormat hex = HexFormat.of();
        assertTrue(e.getMessage().contains(hex.formatHex(KEY.publicKey().encoded())), e.getMessage());
        assertTrue(e.getMessage().contains(hex.formatHex(other.publicKey().encoded())), e.getMessage());
        assertStoreStillVerifies(1);
    }

    @Test
    void open_differentSuite_isRefusedNamingBoth() throws Exception {
        Chains.build(file(), KEY, 1, 3);
        PrivateKey sm2 = Chains.newKey(CryptoSuite.SM2_SM3);
        StoreException e = assertThrows(StoreException.class,
                () -> LogBlockStore.openExisting(file(), Chains.GATEWAY, sm2.publicKey()));
        assertTrue(e.getMessage().contains("ed25519-sha256") && e.getMessage().contains("sm2-sm3"), e.getMessage());
    }

    @Test
    void open_whileAlreadyOpen_failsCleanlyAndDoesNotCorrupt() throws Exception {
        Chains.build(file(), KEY, 2, 5);
        try (LogBlockStore first = LogBlockStore.openExisting(file(), Chains.GATEWAY, KEY.publicKey())) {
            StoreException e = assertThrows(StoreException.class,
                    () -> LogBlockStore.openExisting(file(), Chains.GATEWAY, KEY.publicKey()));
            assertTrue(e.getMessage().contains("another bsn-edge process"), e.getMessage());
            Map<SensorCode, Long> next = new HashMap<>(Map.of(Chains.TMP, 4L, Chains.WTR, 4L, Chains.HUM, 3L));
            first.append(Chains.seal(KEY, first.head(), 1, 5, next).getFirst()); // the holder still writes
        }
        assertStoreStillVerifies(3);
    }

    @Test
    void open_leftoverCreatingDirectory_isRemoved() throws Exception {
        // What a kill during creation leaves: a half-made store directory beside the real one.
        Path creating = dir.resolve("store.creating");
        Files.createDirectories(creating.resolve("log"));
        Files.write(creating.resolve("meta.json"), new byte[] {'{'});
        try (LogBlockStore s = LogBlockStore.openOrCreate(file(), Chains.GATEWAY, KEY.publicKey())) {
            assertEquals(0, s.size());
        }
        assertFalse(Files.exists(creating));
        Files.createDirectories(creating);
        LogBlockStore.openExisting(file(), Chains.GATEWAY, KEY.publicKey()).close();
        assertFalse(Files.exists(creating));
        assertTrue(Files.exists(file().resolve("meta.json")));
    }

    @Test
    void appendAll_writesAGroupWithOneLogWrite_andEveryBlockReadsBack() throws Exception {
        try (LogBlockStore store = LogBlockStore.openOrCreate(file(), Chains.GATEWAY, KEY.publicKey())) {
            List<MicroBlock> blocks = Chains.seal(KEY, store.head(), 5, 4, Chains.firstSeqs());
            store.appendAll(blocks);
            assertEquals(5, store.size());
            for (MicroBlock b : blocks) {
                assertArrayEquals(b.encode(), store.block(b.height()).orElseThrow().encode());
            }
        }
        assertStoreStillVerifies(5);
    }

    @Test
    void appendAll_withABlockThatDoesNotAttach_writesNoneOfTheGroup() throws Exception {
        try (LogBlockStore store = LogBlockStore.openOrCreate(file(), Chains.GATEWAY, KEY.publicKey())) {
            List<MicroBlock> blocks = Chains.seal(KEY, store.head(), 3, 4, Chains.firstSeqs());
            List<MicroBlock> broken = List.of(blocks.get(0), blocks.get(2));
            assertThrows(StoreException.class, () -> store.appendAll(broken));
            assertEquals(0, store.size());
            store.appendAll(blocks);
        }
        assertStoreStillVerifies(3);
    }

    @Test
    void locateRange_returnsEverySeqOfTheSensorInOrder_acrossBlocks_andForEachBlockVisitsARange() throws Exception {
        try (LogBlockStore store = LogBlockStore.openOrCreate(file(), Chains.GATEWAY, KEY.publicKey())) {
            List<MicroBlock> blocks = Chains.seal(KEY, store.head(), 8, 7, Chains.firstSeqs());
            store.appendAll(blocks);
            long last = store.lastSeq(Chains.WTR).orElseThrow();
            var range = store.locateRange(Chains.WTR, 3, last - 2);
            assertEquals(last - 4, range.size());
            long want = 3;
            for (var at : range) {
                byte[] entry = store.block(at.height()).orElseThrow().entry(at.leafIndex());
                var key = cn.bsnedge.ledger.entry.EntryCodec.key(entry);
                assertEquals(Chains.WTR, key.sensor());
                assertEquals(want++, key.seq());
            }
            assertEquals(List.of(), store.locateRange(Chains.WTR, last + 1, last + 10));
            assertEquals(List.of(), store.locateRange(Chains.WTR, 5, 4));
            assertEquals(last, store.locateRange(Chains.WTR, 0, Long.MAX_VALUE).size());
            List<Long> visited = new java.util.ArrayList<>();
            store.forEachBlock(2, 5, b -> visited.add(b.height()));
            assertEquals(List.of(2L, 3L, 4L), visited);
            visited.clear();
            store.forEachBlock(6, 100, b -> visited.add(b.height()) && false);
            assertEquals(List.of(6L), visited);
        }
    }

    @Test
    void manyBlocks_indexCommittedInBatches_survivesReopenWithoutRebuild() throws Exception {
        int n = LogBlockStore.INDEX_COMMIT_EVERY * 2 + 5;
        try (LogBlockStore store = LogBlockStore.openOrCreate(file(), Chains.GATEWAY, KEY.publicKey())) {
            for (MicroBlock b : Chains.seal(KEY, store.head(), n, 2, Chains.firstSeqs())) {
                store.append(b);
            }
        }
        try (LogBlockStore store = LogBlockStore.openExisting(file(), Chains.GATEWAY, KEY.publicKey())) {
            assertEquals(List.of(), store.recoveryNotes());
            assertEquals(n, store.size());
            assertTrue(store.locate(Chains.TMP, 1).isPresent());
        }
        assertStoreStillVerifies(n);
    }

    @Test
    void openExisting_noStore_failsAndCreatesNothing() {
        StoreException e = assertThrows(StoreException.class,
                () -> LogBlockStore.openExisting(file(), Chains.GATEWAY, KEY.publicKey()));
        assertTrue(e.getMessage().contains("no store at"), e.getMessage());
        assertFalse(Files.exists(file()));
    }

    private void assertStoreStillVerifies(long blocks) throws Exception {
        try (LogBlockStore store = LogBlockStore.openExisting(file(), Chains.GATEWAY, KEY.publicKey())) {
            assertEquals(blocks, ChainAudit.checkAll(store, KEY.publicKey(), (d, t, e) -> { }).blocks());
        }
    }
}
