package cn.bsnedge.agent.store;

import cn.bsnedge.agent.cli.Cli;
import cn.bsnedge.agent.keys.GatewayKeyFile;
import cn.bsnedge.agent.keys.GatewayKeyFile.GatewayIdentity;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.block.VerificationException;
import cn.bsnedge.ledger.block.VerificationException.Link;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tampers with a closed store directly (as an attacker or a bad SD card would) and requires
 * opening the store, {@link ChainAudit} and {@code bsn-edge check} to name the link that broke.
 * {@link Chains.Raw} rewrites the log with valid checksums, so the chain's own evidence has to
 * catch each change; raw bit flips without fixing the checksum are covered separately.
 */
class ChainAuditTamperTest {

    private static final int BLOCKS = 6;
    private static final int PER_BLOCK = 9;
    private static final int MIDDLE = 2;

    @TempDir
    Path data;
    private Path file;
    private GatewayIdentity id;
    private List<MicroBlock> blocks;

    @BeforeEach
    void buildStore() throws Exception {
        id = GatewayKeyFile.loadOrCreate(data, Chains.GATEWAY, CryptoSuite.ED25519_SHA256, new SecureRandom());
        file = data.resolve("store");
        blocks = Chains.build(file, id.key(), BLOCKS, PER_BLOCK);
    }

    // --- Offsets into the sealed-block bytes (FORMAT.md §6), computed from the real block. ---

    /** u8 version, u16 header length, then the header: u8 version, u8 suite, ascii8 gateway id, i64 height. */
    private static int gatewayIdAt() {
        return 3 + 3;
    }

    private static int prevHashAt() {
        return gatewayIdAt() + Chains.GATEWAY.length() + 8;
    }

    private static int merkleRootAt() {
        return prevHashAt() + 32;
    }

    /** Last byte of the header's i64 lastTime (after root, u32 entryCount, i64 firstTime). */
    private static int lastTimeLowByteAt() {
        return merkleRootAt() + 32 + 4 + 8 + 7;
    }

    private int signatureAt(int height) {
        return 3 + blocks.get(height).header().encode().length + 2;
    }

    /** First byte (the entry version) of entry 0. */
    private int firstEntryAt(int height) {
        return signatureAt(height) + 64 + 4 + 2;
    }

    private int firstEntryEnd(int height) {
        return firstEntryAt(height) + blocks.get(height).entry(0).length;
    }

    private void flip(int height, int offset) throws Exception {
        tamper(raw -> raw.at(height).sealed()[offset] ^= 0x01);
    }

    private interface Change {
        void apply(Chains.Raw raw) throws Exception;
    }

    private void tamper(Change change) throws Exception {
        try (Chains.Raw raw = Chains.Raw.open(file)) {
            change.apply(raw);
        }
    }

    /** Opening may already refuse (a broken head or height sequence); otherwise the full audit must. */
    private void assertFailsAt(Link link) throws Exception {
        LogBlockStore store;
        try {
            store = LogBlockStore.openExisting(file, id.gatewayId(), id.key().publicKey());
        } catch (BrokenChainException e) {
            store = null;
            assertEquals(link, e.link(), e.getMessage());
        }
        if (store != null) {
            try (LogBlockStore s = store) {
                VerificationException e = assertThrows(VerificationException.class,
                        () -> ChainAudit.checkAll(s, id.key().publicKey(), (d, t, n) -> { }));
                assertEquals(link, e.link(), e.getMessage());
            }
        }
        Cli.Result r = Cli.run("check", "--data", data.toString(), "--quiet");
        assertEquals(1, r.code(), r.transcript());
        assertTrue(r.out().contains("FAIL") && r.out().contains(": " + link.label() + ": "), r.transcript());
    }

    @Test
    void check_untamperedStore_passes() {
        Cli.Result r = Cli.run("check", "--data", data.toString(), "--quiet");
        assertEquals(0, r.code(), r.transcript());
        assertTrue(r.out().contains(BLOCKS + " blocks, " + BLOCKS * PER_BLOCK + " entries"), r.transcript());
    }

    @Test
    void check_deletedMiddleBlock_failsAtChain() throws Exception {
        tamper(raw -> raw.records.remove(MIDDLE));
        assertFailsAt(Link.CHAIN);
    }

    /**
     * The index committed block 5's position; a log that no longer reaches it has lost committed
     * blocks. (Cutting the log and the index together is a clean truncation that nothing inside
     * one store can see: that is what anchoring to the city node is for.)
     */
    @Test
    void check_lastBlockCutFromTheLog_failsAtChain() throws Exception {
        Path seg = file.resolve("log").resolve("seg-00000000.log");
        long lastAt;
        try (BlockLog log = BlockLog.open(file.resolve("log"))) {
            long[] pos = {0};
            log.scan(BlockLog.position(0, 0), e -> {
                if (e.height() == BLOCKS - 1) {
                    pos[0] = e.position();
                }
            });
            lastAt = BlockLog.offsetOf(pos[0]);
        }
        try (var ch = java.nio.channels.FileChannel.open(seg, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(lastAt);
        }
        assertFailsAt(Link.CHAIN);
    }

    @Test
    void check_swappedBlocks_failsAtChain() throws Exception {
        tamper(raw -> java.util.Collections.swap(raw.records, MIDDLE, MIDDLE + 1));
        assertFailsAt(Link.CHAIN);
    }

    @Test
    void check_blockDuplicatedOverAnotherHeight_failsAtChain() throws Exception {
        tamper(raw -> {
            Chains.Raw.Rec one = raw.at(1);
            raw.records.set(4, new Chains.Raw.Rec(4, raw.at(4).summary(), one.sealed()));
        });
        assertFailsAt(Link.CHAIN);
    }

    @Test
    void check_blockDuplicatedPastTheEnd_failsAtChain() throws Exception {
        tamper(raw -> {
            Chains.Raw.Rec last = raw.at(BLOCKS - 1);
            raw.records.add(new Chains.Raw.Rec(BLOCKS, last.summary(), last.sealed()));
        });
        assertFailsAt(Link.CHAIN);
    }

    /** Bit rot: one byte of a record changes and its checksum no longer matches. */
    @Test
    void check_rawByteFlippedInTheLog_failsAtFormat() throws Exception {
        Path seg = file.resolve("log").resolve("seg-00000000.log");
        byte[] bytes = java.nio.file.Files.readAllBytes(seg);
        bytes[bytes.length / 3] ^= 0x10; // inside an early, acknowledged record
        java.nio.file.Files.write(seg, bytes);
        assertFailsAt(Link.FORMAT);
    }

    @Test
    void check_flippedHeaderPrevHashByte_failsAtChain() throws Exception {
        flip(MIDDLE, prevHashAt() + 5);
        assertFailsAt(Link.CHAIN);
    }

    @Test
    void check_flippedHeaderMerkleRootByte_failsAtInclusion() throws Exception {
        flip(MIDDLE, merkleRootAt() + 31);
        assertFailsAt(Link.INCLUSION);
    }

    @Test
    void check_flippedHeaderTimeByte_failsAtHeader() throws Exception {
        flip(MIDDLE, lastTimeLowByteAt());
        assertFailsAt(Link.HEADER);
    }

    /** 'T' of GW-TEST-01 becomes 'U': still a valid id, so only the signature can catch it. */
    @Test
    void check_flippedHeaderGatewayIdByte_failsAtSignature() throws Exception {
        flip(MIDDLE, gatewayIdAt() + "88.1001.31/GW-".length());
        assertFailsAt(Link.SIGNATURE);
    }

    @Test
    void check_flippedSignatureByte_failsAtSignature() throws Exception {
        for (int at : new int[] {0, 31, 32, 63}) {
            int offset = signatureAt(MIDDLE) + at;
            flip(MIDDLE, offset);
            assertFailsAt(Link.SIGNATURE);
            flip(MIDDLE, offset); // restore for the next position
        }
    }

    @Test
    void check_flippedEntryValueByte_failsAtInclusion() throws Exception {
        flip(MIDDLE, firstEntryEnd(MIDDLE) - 2); // low byte of the decimal's unscaled value
        assertFailsAt(Link.INCLUSION);
    }

    @Test
    void check_flippedEntryVersionByte_failsAtEntry() throws Exception {
        flip(MIDDLE, firstEntryAt(MIDDLE));
        assertFailsAt(Link.ENTRY);
    }

    @Test
    void check_flippedBlockVersionByte_failsAtFormat() throws Exception {
        flip(MIDDLE, 0);
        assertFailsAt(Link.FORMAT);
    }

    @Test
    void check_undecodableLastBlock_failsAtFormat() throws Exception {
        flip(BLOCKS - 1, 0);
        assertFailsAt(Link.FORMAT);
    }

    @Test
    void check_truncatedBlock_failsAtFormat() throws Exception {
        tamper(raw -> {
            Chains.Raw.Rec r = raw.at(MIDDLE);
            raw.records.set(MIDDLE, new Chains.Raw.Rec(MIDDLE, r.summary(), java.util.Arrays.copyOf(r.sealed(), r.sealed().length - 1)));
        });
        assertFailsAt(Link.FORMAT);
    }

    @Test
    void check_summaryUnderstatingASensorsSeq_failsAtIndex() throws Exception {
        tamper(raw -> {
            Chains.Raw.Rec r = raw.at(MIDDLE);
            SeqSummary s = SeqSummary.decode(r.summary());
            java.util.Map<String, Long> m = new java.util.HashMap<>(s.lastSeq());
            m.put(Chains.TMP.value(), m.get(Chains.TMP.value()) - 1);
            raw.records.set(MIDDLE, new Chains.Raw.Rec(MIDDLE, new SeqSummary(m).encode(), r.sealed()));
        });
        assertFailsAt(Link.INDEX);
    }

    @Test
    void check_indexPositionPointingAtAnotherBlock_failsAtIndex() throws Exception {
        try (BlockIndex index = BlockIndex.open(file.resolve("index.mapdb"))) {
            index.put(MIDDLE, index.position(MIDDLE + 1));
        }
        assertFailsAt(Link.INDEX);
    }

    @Test
    void check_indexEntryDeleted_failsAtIndex() throws Exception {
        try (var db = org.mapdb.DBMaker.fileDB(file.resolve("index.mapdb").toFile()).transactionEnable().fileChannelEnable().make()) {
            db.treeMap("positions", org.mapdb.Serializer.LONG, org.mapdb.Serializer.LONG).createOrOpen().remove((long) MIDDLE);
            db.commit();
        }
        assertFailsAt(Link.INDEX);
    }

    /** The index is derived data: an unreadable one is rebuilt from the log, and says so. */
    @Test
    void open_garbageIndexFile_rebuildsItFromTheLog_andCheckPasses() throws Exception {
        java.nio.file.Files.write(file.resolve("index.mapdb"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        try (LogBlockStore store = LogBlockStore.openExisting(file, id.gatewayId(), id.key().publicKey())) {
            assertTrue(store.recoveryNotes().stream().anyMatch(n -> n.contains("rebuilt")), store.recoveryNotes().toString());
            assertEquals(BLOCKS, ChainAudit.checkAll(store, id.key().publicKey(), (d, t, n) -> { }).blocks());
        }
        Cli.Result r = Cli.run("check", "--data", data.toString(), "--quiet");
        assertEquals(0, r.code(), r.transcript());
    }

    /** A crash can leave half a record after the last acknowledged one: it is cut, nothing else. */
    @Test
    void open_tornRecordAtTheEnd_isCut_andEveryBlockRemains() throws Exception {
        Path seg = file.resolve("log").resolve("seg-00000000.log");
        long size = java.nio.file.Files.size(seg);
        java.nio.file.Files.write(seg, new byte[] {0x42, 0x53, 0x4E, 0x52, 0, 0, 1, 0, 9, 9}, java.nio.file.StandardOpenOption.APPEND);
        try (LogBlockStore store = LogBlockStore.openExisting(file, id.gatewayId(), id.key().publicKey())) {
            assertTrue(store.recoveryNotes().stream().anyMatch(n -> n.contains("torn")), store.recoveryNotes().toString());
            assertEquals(BLOCKS, store.size());
        }
        assertEquals(size, java.nio.file.Files.size(seg));
    }

    @Test
    void checkTail_tamperedTailBlock_failsAtSignature() throws Exception {
        flip(BLOCKS - 1, signatureAt(BLOCKS - 1) + 10);
        try (LogBlockStore store = LogBlockStore.openExisting(file, id.gatewayId(), id.key().publicKey())) {
            VerificationException e = assertThrows(VerificationException.class,
                    () -> ChainAudit.checkTail(store, id.key().publicKey(), 2));
            assertEquals(Link.SIGNATURE, e.link(), e.getMessage());
        }
    }

    @Test
    void demo_onTamperedStore_refusesToExtendAndLeavesItUntouched() throws Exception {
        flip(BLOCKS - 2, signatureAt(BLOCKS - 2) + 3);
        Map<Long, byte[]> before = snapshot();
        Cli.Result r = Cli.run("demo", "--data", data.toString(), "--gateway", Chains.GATEWAY,
                "--duration", "300ms", "--interval", "10ms", "--proofs", "1");
        assertEquals(1, r.code(), r.transcript());
        assertTrue(r.err().contains("refusing to extend the broken chain") && r.err().contains("signature"), r.transcript());
        Map<Long, byte[]> after = snapshot();
        assertEquals(before.keySet(), after.keySet());
        before.forEach((h, b) -> assertArrayEquals(b, after.get(h), "block " + h));
    }

    /** The log's bytes, segment by segment: what a refused demo must leave untouched. */
    private Map<Long, byte[]> snapshot() throws Exception {
        Map<Long, byte[]> m = new TreeMap<>();
        try (var segs = java.nio.file.Files.list(file.resolve("log"))) {
            long i = 0;
            for (Path p : segs.sorted().toList()) {
                m.put(i++, java.nio.file.Files.readAllBytes(p));
            }
        }
        return m;
    }
}
