package cn.bsnedge.agent.pipeline;

import cn.bsnedge.agent.store.BlockStore;
import cn.bsnedge.agent.store.StoreException;
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
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatcherTest {

    /** An in-memory store that can be told to fail its next appends. */
    static final class MemoryStore implements BlockStore {
        final List<MicroBlock> blocks = new CopyOnWriteArrayList<>();
        final List<MicroBlock> attempts = new CopyOnWriteArrayList<>();
        volatile int failNext;

        @Override
        public ChainHead head() {
            return blocks.isEmpty() ? ChainHead.genesis(32) : ChainHead.after(blocks.getLast());
        }

        @Override
        public void append(MicroBlock block) throws StoreException {
            attempts.add(block);
            if (failNext > 0) {
                failNext--;
                throw new StoreException("disk unplugged");
            }
            blocks.add(block);
        }

        @Override
        public Optional<MicroBlock> block(long height) {
            return height < blocks.size() ? Optional.of(blocks.get((int) height)) : Optional.empty();
        }

        @Override
        public Optional<ReadingLocation> locate(SensorCode sensor, long seq) {
            return Optional.empty();
        }

        @Override
        public List<ReadingLocation> locateRange(SensorCode sensor, long fromSeq, long toSeq) {
            return List.of();
        }

        @Override
        public OptionalLong lastSeq(SensorCode sensor) {
            return OptionalLong.empty();
        }

        @Override
        public void close() {
        }
    }

    private static final SensorCode S = SensorCode.of("88.1001.31/TMP-0001");
    private final BlockSealer sealer = new BlockSealer(
            PrivateKey.generate(CryptoSuite.ED25519_SHA256, new SecureRandom()).signer(), "88.1001.31/GW-TEST");
    private final List<String> log = new CopyOnWriteArrayList<>();

    private static Reading reading(long seq) {
        return new Reading(S, seq, Timestamp.ofMillis(1_760_000_000_000L + seq), ClockQuality.SYNCED,
                "temperature", "Cel", new ReadingValue.Decimal(2000 + seq, 2));
    }

    private static List<Long> seqs(List<MicroBlock> blocks) throws Exception {
        List<Long> out = new ArrayList<>();
        for (MicroBlock b : blocks) {
            for (byte[] e : b.entries()) {
                out.add(cn.bsnedge.ledger.entry.EntryCodec.key(e).seq());
            }
        }
        return out;
    }

    @Test
    void seal_everyNReadings_evenWhenTheAgeLimitIsFarAway() throws Exception {
        MemoryStore store = new MemoryStore();
        Batcher b = new Batcher(sealer, store, 10, Duration.ofHours(1), 1000, x -> { }, log::add);
        b.start();
        for (long i = 1; i <= 30; i++) {
            assertTrue(b.offer(reading(i)));
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (store.blocks.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(3, store.blocks.size(), "three full blocks without waiting for the hour");
        store.blocks.forEach(blk -> assertEquals(10, blk.entryCount()));
        b.close();
        assertEquals(3, store.blocks.size(), "nothing left to seal at close");
    }

    @Test
    void seal_afterMaxAge_withAPartialBatch() throws Exception {
        MemoryStore store = new MemoryStore();
        Batcher b = new Batcher(sealer, store, 1000, Duration.ofMillis(50), 1000, x -> { }, log::add);
        // Both queued before the sealer starts: a stall between two offers could not split them.
        b.offer(reading(1));
        b.offer(reading(2));
        b.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (store.blocks.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1, store.blocks.size());
        assertEquals(2, store.blocks.getFirst().entryCount());
        b.close();
    }

    @Test
    void close_sealsEverythingQueued_inOrder_withHeightsContiguous() throws Exception {
        MemoryStore store = new MemoryStore();
        Batcher b = new Batcher(sealer, store, 7, Duration.ofHours(1), 1000, x -> { }, log::add);
        b.start();
        for (long i = 1; i <= 25; i++) {
            b.offer(reading(i));
        }
        b.close();
        assertEquals(25, b.sealedEntries());
        List<Long> want = new ArrayList<>();
        for (long i = 1; i <= 25; i++) {
            want.add(i);
        }
        assertEquals(want, seqs(store.blocks));
        for (int h = 0; h < store.blocks.size(); h++) {
            assertEquals(h, store.blocks.get(h).height());
        }
    }

    /** A partial batch waiting for its hour-long deadline must not hold up shutdown. */
    @Test
    void close_whileAPartialBatchWaitsForItsMaxAge_sealsItPromptly() throws Exception {
        MemoryStore store = new MemoryStore();
        Batcher b = new Batcher(sealer, store, 1000, Duration.ofHours(1), 1000, x -> { }, log::add);
        b.start();
        b.offer(reading(1));
        b.offer(reading(2));
        long until = System.nanoTime() + 5_000_000_000L;
        while (b.queued() > 0 && System.nanoTime() < until) {
            Thread.sleep(5); // until the sealer holds both in its open batch
        }
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), b::close);
        assertEquals(1, store.blocks.size());
        assertEquals(2, store.blocks.getFirst().entryCount());
    }

    @Test
    void offer_whenQueueIsFull_refusesAndCountsTheDrop() throws Exception {
        MemoryStore store = new MemoryStore();
        Batcher b = new Batcher(sealer, store, 1000, Duration.ofHours(1), 3, x -> { }, log::add);
        // Not started: nothing drains the queue.
        assertTrue(b.offer(reading(1)));
        assertTrue(b.offer(reading(2)));
        assertTrue(b.offer(reading(3)));
        assertFalse(b.offer(reading(4)));
        assertFalse(b.offer(reading(5)));
        assertEquals(2, b.dropped());
        assertTrue(log.stream().anyMatch(l -> l.contains("dropped")), log.toString());
    }

    @Test
    void failedCommit_isRetriedWithTheIdenticalBlock_neverASecondBlockAtThatHeight() throws Exception {
        MemoryStore store = new MemoryStore();
        store.failNext = 2;
        Batcher b = new Batcher(sealer, store, 5, Duration.ofHours(1), 1000, x -> { }, log::add);
        b.start();
        for (long i = 1; i <= 5; i++) {
            b.offer(reading(i));
        }
        b.close();
        assertEquals(1, store.blocks.size());
        assertEquals(3, store.attempts.size());
        for (MicroBlock attempt : store.attempts) {
            assertArrayEquals(store.blocks.getFirst().encode(), attempt.encode(),
                    "every attempt at height 0 carries the same header and signature");
        }
    }

    @Test
    void close_withAStoreThatNeverRecovers_givesUpAndCountsTheUnsealedReadings() throws Exception {
        MemoryStore store = new MemoryStore();
        store.failNext = Integer.MAX_VALUE;
        Batcher b = new Batcher(sealer, store, 1000, Duration.ofHours(1), 1000, x -> { }, log::add);
        b.start();
        b.offer(reading(1));
        b.offer(reading(2));
        b.close();
        assertEquals(0, store.blocks.size());
        assertEquals(2, b.unsealed());
    }
}
