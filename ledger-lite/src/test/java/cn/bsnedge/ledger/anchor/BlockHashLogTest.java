package cn.bsnedge.ledger.anchor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.merkle.ConsistencyProof;
import cn.bsnedge.ledger.merkle.InclusionProof;
import cn.bsnedge.ledger.merkle.MerkleHasher;
import cn.bsnedge.ledger.merkle.MerkleTree;
import cn.bsnedge.ledger.merkle.ProofVerifier;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The log's roots and proofs are those of {@link MerkleTree} (itself checked against RFC 9162's
 * recursive definitions and the CT vectors) over the same block hashes, for every size and
 * index up to a few hundred and sampled ones beyond, while it keeps only the compact range.
 */
class BlockHashLogTest {

    static byte[] blockHash(CryptoSuite suite, long h) {
        return suite.hash().hash(("block " + h).getBytes(StandardCharsets.US_ASCII));
    }

    static List<byte[]> blockHashes(CryptoSuite suite, int n) {
        List<byte[]> out = new ArrayList<>(n);
        for (int h = 0; h < n; h++) {
            out.add(blockHash(suite, h));
        }
        return out;
    }

    static BlockHashLog log(CryptoSuite suite, int n, NodeStore store) {
        BlockHashLog log = BlockHashLog.create(new MerkleHasher(suite.hash()), store);
        blockHashes(suite, n).forEach(log::append);
        return log;
    }

    @ParameterizedTest
    @EnumSource(value = CryptoSuite.class, names = {"ED25519_SHA256", "SM2_SM3"})
    void root_everySizeUpTo300_equalsMerkleTreeOverTheBlockHashes(CryptoSuite suite) {
        MerkleHasher hasher = new MerkleHasher(suite.hash());
        List<byte[]> hashes = blockHashes(suite, 300);
        MerkleTree tree = MerkleTree.fromLeafData(hasher, hashes);
        BlockHashLog log = BlockHashLog.create(hasher, new MemoryNodeStore());
        assertArrayEquals(hasher.emptyRoot(), log.root());
        for (int n = 1; n <= hashes.size(); n++) {
            log.append(hashes.get(n - 1));
            assertEquals(n, log.size());
            assertArrayEquals(tree.root(n), log.root(), "size " + n);
        }
        for (int n = 0; n <= hashes.size(); n++) {
            assertArrayEquals(tree.root(n), log.root(n), "prefix root " + n);
        }
    }

    @Test
    void proofs_everyIndexAndSizePairUpTo70_equalMerkleTreeAndVerify() {
        MerkleHasher hasher = new MerkleHasher(CryptoSuite.ED25519_SHA256.hash());
        List<byte[]> hashes = blockHashes(CryptoSuite.ED25519_SHA256, 70);
        MerkleTree tree = MerkleTree.fromLeafData(hasher, hashes);
        BlockHashLog log = log(CryptoSuite.ED25519_SHA256, 70, new MemoryNodeStore());
        List<String> wrong = new ArrayList<>();
        for (int size = 1; size <= 70; size++) {
            for (int i = 0; i < size; i++) {
                InclusionProof p = log.inclusionProof(i, size);
                if (!p.equals(tree.inclusionProof(i, size))) {
                    wrong.add("inclusion " + i + "/" + size);
                }
                try {
                    ProofVerifier.verifyInclusion(hasher, p, hasher.leafHash(hashes.get(i)), tree.root(size));
                } catch (Exception e) {
                    wrong.add("inclusion " + i + "/" + size + " does not verify: " + e.getMessage());
                }
            }
            for (int m = 1; m <= size; m++) {
                ConsistencyProof p = log.consistencyProof(m, size);
                if (!p.equals(tree.consistencyProof(m, size))) {
                    wrong.add("consistency " + m + "->" + size);
                }
                try {
                    ProofVerifier.verifyConsistency(hasher, p, tree.root(m), tree.root(size));
                } catch (Exception e) {
                    wrong.add("consistency " + m + "->" + size + " does not verify: " + e.getMessage());
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void proofs_sampledAroundPowersOfTwoUpTo5000_equalMerkleTree() {
        MerkleHasher hasher = new MerkleHasher(CryptoSuite.SM2_SM3.hash());
        List<byte[]> hashes = blockHashes(CryptoSuite.SM2_SM3, 5000);
        MerkleTree tree = MerkleTree.fromLeafData(hasher, hashes);
        BlockHashLog log = log(CryptoSuite.SM2_SM3, 5000, new MemoryNodeStore());
        Random random = new Random(4);
        long[] sizes = {1023, 1024, 1025, 2047, 2048, 2049, 4095, 4096, 4097, 5000};
        for (long size : sizes) {
            for (int k = 0; k < 40; k++) {
                long i = k == 0 ? 0 : k == 1 ? size - 1 : random.nextLong(size);
                assertEquals(tree.inclusionProof(i, size), log.inclusionProof(i, size), i + "/" + size);
                long m = k == 0 ? 1 : k == 1 ? size : 1 + random.nextLong(size);
                assertEquals(tree.consistencyProof(m, size), log.consistencyProof(m, size), m + "->" + size);
            }
        }
    }

    @Test
    void nodeStore_holdsTwoNodesPerBlockMinusThePeaksStillOpen() {
        MemoryNodeStore store = new MemoryNodeStore();
        BlockHashLog log = log(CryptoSuite.ED25519_SHA256, 1000, store);
        // 1000 leaves + every completed perfect subtree above them: 2n - popcount(n).
        assertEquals(2 * 1000 - Long.bitCount(1000), store.nodeCount());
        assertEquals(Long.bitCount(1000), log.range().peaks().size());
    }

    @Test
    void open_afterRestart_continuesWithTheSameRootsAndProofs() {
        MemoryNodeStore store = new MemoryNodeStore();
        BlockHashLog first = log(CryptoSuite.ED25519_SHA256, 777, store);
        BlockHashLog reopened = BlockHashLog.open(first.hasher(), store, 777);
        assertArrayEquals(first.root(), reopened.root());
        reopened.append(blockHash(CryptoSuite.ED25519_SHA256, 777));
        BlockHashLog straight = log(CryptoSuite.ED25519_SHA256, 778, new MemoryNodeStore());
        assertArrayEquals(straight.root(), reopened.root());
        assertEquals(straight.consistencyProof(777, 778), reopened.consistencyProof(777, 778));
        assertEquals(straight.inclusionProof(5, 778), reopened.inclusionProof(5, 778));
    }

    @Test
    void open_atMoreBlocksThanStored_failsNamingTheMissingNode() {
        MemoryNodeStore store = new MemoryNodeStore();
        BlockHashLog log = log(CryptoSuite.ED25519_SHA256, 6, store);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> BlockHashLog.open(log.hasher(), store, 7));
        assertTrue(e.getMessage().contains("node (0, 6)"), e.getMessage());
    }

    @Test
    void append_retriedAfterACrashWithTheSameHash_isAcceptedByTheStore_aDifferentHashIsNot() {
        MemoryNodeStore store = new MemoryNodeStore();
        BlockHashLog log = log(CryptoSuite.ED25519_SHA256, 5, store);
        BlockHashLog again = BlockHashLog.open(log.hasher(), store, 4); // the crash lost the log's size 5
        again.append(blockHash(CryptoSuite.ED25519_SHA256, 4));
        assertArrayEquals(log.root(), again.root());
        BlockHashLog rewrite = BlockHashLog.open(log.hasher(), store, 4);
        assertThrows(IllegalStateException.class, () -> rewrite.append(blockHash(CryptoSuite.ED25519_SHA256, 99)));
    }

    @Test
    void append_notAHashOfTheSuite_isRefused() {
        BlockHashLog log = BlockHashLog.create(new MerkleHasher(CryptoSuite.ED25519_SHA256.hash()), new MemoryNodeStore());
        assertThrows(IllegalArgumentException.class, () -> log.append(new byte[64]));
        assertThrows(IllegalArgumentException.class, () -> log.append(new byte[31]));
        assertEquals(0, log.size());
    }

    @Test
    void arguments_outsideTheLog_areRefused() {
        BlockHashLog log = log(CryptoSuite.ED25519_SHA256, 8, new MemoryNodeStore());
        assertThrows(IllegalArgumentException.class, () -> log.root(9));
        assertThrows(IllegalArgumentException.class, () -> log.inclusionProof(8, 8));
        assertThrows(IllegalArgumentException.class, () -> log.inclusionProof(0, 9));
        assertThrows(IllegalArgumentException.class, () -> log.consistencyProof(0, 5));
        assertThrows(IllegalArgumentException.class, () -> log.consistencyProof(6, 5));
        assertEquals(List.of(), log.consistencyProof(0, 0).path());
    }

    /**
     * Leaf i is H(0x00 ‖ blockHash(i)), computed here with the JDK's SHA-256, not our hasher; and
     * the three domains (leaf 0x00, node 0x01, block 0x02) never meet: a node's children cannot
     * pass for a block hash (wrong length), and a leaf over the bytes of a node's input differs from the node.
     */
    @Test
    void leaves_areRfc9162LeafHashesOfBlockHashes_secondPreimageSeparated() throws Exception {
        byte[] a = blockHash(CryptoSuite.ED25519_SHA256, 0);
        byte[] b = blockHash(CryptoSuite.ED25519_SHA256, 1);
        BlockHashLog log = BlockHashLog.create(new MerkleHasher(CryptoSuite.ED25519_SHA256.hash()), new MemoryNodeStore());
        log.append(a);
        log.append(b);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update((byte) 0x00);
        byte[] leafA = sha.digest(a);
        sha.update((byte) 0x00);
        byte[] leafB = sha.digest(b);
        assertArrayEquals(leafA, log.leafHash(0));
        sha.update((byte) 0x01);
        sha.update(leafA);
        assertArrayEquals(sha.digest(leafB), log.root());

        byte[] both = Arrays.copyOf(leafA, 64);
        System.arraycopy(leafB, 0, both, 32, 32);
        assertThrows(IllegalArgumentException.class, () -> log.append(both), "a 64-byte node input is not a block hash");
        MerkleHasher h = log.hasher();
        assertFalse(Arrays.equals(h.leafHash(both), log.root()), "leaf hash of left‖right must differ from their node hash");
        assertFalse(Arrays.equals(h.leafHash(a), a), "a leaf is not the block hash itself");
    }
}
