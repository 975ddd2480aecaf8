package cn.bsnedge.ledger.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.bsnedge.ledger.Fixtures;
import cn.bsnedge.ledger.anchor.Anchor;
import cn.bsnedge.ledger.anchor.AnchorReceipt;
import cn.bsnedge.ledger.anchor.BlockHashLog;
import cn.bsnedge.ledger.anchor.MemoryNodeStore;
import cn.bsnedge.ledger.anchor.Signed;
import cn.bsnedge.ledger.block.BlockSealer;
import cn.bsnedge.ledger.block.ChainHead;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.entry.ClockQuality;
import cn.bsnedge.ledger.entry.Reading;
import cn.bsnedge.ledger.entry.ReadingValue;
import cn.bsnedge.ledger.entry.SensorCode;
import cn.bsnedge.ledger.entry.Timestamp;
import cn.bsnedge.ledger.merkle.MerkleHasher;
import cn.bsnedge.ledger.protocol.Messages;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sizes docs/BENCHMARKS.md §6 quotes: anchor messages (from the proof length, which is a
 * function of the two tree sizes, checked here against real logs) and whole proof bundles for
 * a reading in a history of 10^7 readings (a real bundle: a sealed 1,000-reading block at its
 * height in a block-hash log of 10,000 blocks). Prints the table with -Dbsn.sizes.print=true.
 */
class ProtocolSizesTest {

    static final boolean PRINT = Boolean.getBoolean("bsn.sizes.print");

    /** Hashes in the RFC 9162 consistency proof from m to n, 0 < m < n (the shape of MerkleTree.consistencyProof). */
    static int consistencyLength(long m, long n) {
        int inner = 64 - Long.numberOfLeadingZeros((m - 1) ^ (n - 1));
        int border = Long.bitCount((m - 1) >>> inner);
        int shift = Long.numberOfTrailingZeros(m);
        return (m == Long.lowestOneBit(m) ? 0 : 1) + inner - shift + border;
    }

    @Test
    void consistencyLength_isTheLengthOfTheLogsProofs() {
        BlockHashLog log = BlockHashLog.create(new MerkleHasher(CryptoSuite.ED25519_SHA256.hash()), new MemoryNodeStore());
        for (int h = 0; h < 300; h++) {
            log.append(CryptoSuite.ED25519_SHA256.hash().hash(new byte[] {(byte) h, (byte) (h >> 8)}));
        }
        for (long n = 2; n <= 300; n++) {
            for (long m = 1; m < n; m++) {
                assertEquals(log.consistencyProof(m, n).path().size(), consistencyLength(m, n), m + "->" + n);
            }
        }
    }

    @Test
    void anchorSizes_forLongHistories() {
        List<String> rows = new ArrayList<>();
        int gw = Fixtures.GATEWAY.length();
        for (long n : new long[] {1_000, 100_000, 10_000_000}) {
            for (long every : new long[] {1, 10, 100}) {
                int max = 0;
                long sum = 0;
                int samples = 0;
                for (long size = n; size - every >= 1 && samples < 1000; size -= every) {
                    int k = consistencyLength(size - every, size); // the last 1,000 anchors (fewer for short logs)
                    max = Math.max(max, k);
                    sum += k;
                    samples++;
                }
                rows.add(String.format("| %,d | %d | %.1f | %d | %.0f | %d |", n, every, (double) sum / samples, max,
                        131 + gw + 32.0 * sum / samples, 131 + gw + 32 * max));
                assertTrue(max <= Messages.MAX_PROOF_HASHES);
            }
        }
        if (PRINT) {
            System.out.println("| blocks | anchored every | proof hashes, mean | max | anchor bytes, mean | max |");
            rows.forEach(System.out::println);
        }
    }

    @Test
    void bundleSizes_forAReadingInAHistoryOfTenMillionReadings() throws Exception {
        List<String> rows = new ArrayList<>();
        for (CryptoSuite suite : CryptoSuite.values()) {
            long height = 6_789; // any height; the tree has 10,000 blocks of 1,000 readings
            List<Reading> readings = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                readings.add(new Reading(SensorCode.of("88.1001.31/WTR-" + String.format("%07d", i % 50)), 1 + i / 50,
                        new Timestamp(1763712000000L + 20L * i, cn.bsnedge.ledger.entry.TimeResolution.MILLISECONDS),
                        ClockQuality.SYNCED, "water.volume", "m3", new ReadingValue.Decimal(1_234_567 + i, 3)));
            }
            MicroBlock block = new BlockSealer(Fixtures.fixedKey(suite).signer(), Fixtures.GATEWAY)
                    .seal(new ChainHead(height, suite.hash().hash("prev".getBytes(StandardCharsets.US_ASCII))), readings);
            BlockHashLog log = BlockHashLog.create(new MerkleHasher(suite.hash()), new MemoryNodeStore());
            for (long h = 0; h < 10_000; h++) {
                log.append(h == height ? block.hash() : suite.hash().hash(Long.toString(h).getBytes(StandardCharsets.US_ASCII)));
            }
            Anchor a = Anchor.create(log, 9_990, Fixtures.fixedKey(suite).signer(), Fixtures.GATEWAY, 1763900000000L, ClockQuality.SYNCED);
            Signed<AnchorReceipt> receipt = Signed.sign(AnchorReceipt.of(Fixtures.nodeKey(suite).suite(), Fixtures.NODE, a.head(), 123_456,
                    1763900002000L), Fixtures.nodeKey(suite).signer());
            ProofBundle sealed = ProofBundle.of(block, 500, Fixtures.fixedKey(suite).publicKey().fingerprint());
            ProofBundle anchored = sealed.withAnchor(a.treeHead(), log.inclusionProof(height, log.size()))
                    .withReceipt(receipt, Fixtures.nodeKey(suite).publicKey().fingerprint());
            new BundleVerifier(TrustedKeys.of(List.of(new TrustedKey(Fixtures.GATEWAY, Fixtures.fixedKey(suite).publicKey())),
                    List.of(new TrustedNodeKey(Fixtures.NODE, Fixtures.nodeKey(suite).publicKey())))).verify(anchored);
            int sealedBytes = sealed.toJson().getBytes(StandardCharsets.UTF_8).length;
            int anchoredBytes = anchored.toJson().getBytes(StandardCharsets.UTF_8).length;
            rows.add(String.format("| %s | %d | %d | %,d | %,d | %,d |", suite.label(), sealed.inclusionPath().size(),
                    anchored.anchor().orElseThrow().inclusionPath().size(), sealedBytes, anchoredBytes,
                    Messages.encodeAnchor(a).length));
            assertEquals(10, sealed.inclusionPath().size());
            assertEquals(14, anchored.anchor().get().inclusionPath().size());
        }
        if (PRINT) {
            System.out.println("| suite | block path | anchor path | sealed bundle B | anchored bundle B | anchor message B (9,990 -> 10,000) |");
            rows.forEach(System.out::println);
        }
    }
}
