package cn.bsnedge.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.bsnedge.ledger.anchor.BlockHashLog;
import cn.bsnedge.ledger.anchor.CompactRange;
import cn.bsnedge.ledger.anchor.MemoryNodeStore;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The anchor package's log and compact range against this package's outside references: the
 * literal RFC 9162 recursion ({@link ReferenceMerkle}) and the published CT tree ({@link CtVectors}).
 */
class BlockHashLogReferenceTest {

    private final MerkleHasher h = Sha256.HASHER;

    @Test
    void compactRange_overTheCtLeaves_givesTheCtRootsAndNodes() {
        CompactRange range = CompactRange.empty(h);
        assertArrayEquals(CtVectors.hex(CtVectors.EMPTY_ROOT), range.root());
        List<String> nodes = new ArrayList<>();
        for (int n = 1; n <= CtVectors.LEAVES.size(); n++) {
            range = range.append(h.leafHash(CtVectors.hex(CtVectors.LEAVES.get(n - 1))),
                    (level, index, hash) -> nodes.add(level + "/" + index + "=" + HexFormat.of().formatHex(hash)));
            assertArrayEquals(CtVectors.root(n), range.root(), "CT root of size " + n);
        }
        List<String> want = new ArrayList<>();
        for (int level = 0; level < CtVectors.NODES.size(); level++) {
            for (int j = 0; j < CtVectors.NODES.get(level).size(); j++) {
                want.add(level + "/" + j + "=" + CtVectors.NODES.get(level).get(j));
            }
        }
        assertEquals(want.stream().sorted().toList(), nodes.stream().sorted().toList());
    }

    @Test
    void log_everySizeAndProofUpTo40_equalsTheLiteralRfcDefinitions() {
        ReferenceMerkle ref = new ReferenceMerkle(h);
        List<byte[]> blockHashes = new ArrayList<>();
        BlockHashLog log = BlockHashLog.create(h, new MemoryNodeStore());
        for (int n = 1; n <= 40; n++) {
            byte[] bh = new Sha256().hash(new byte[] {(byte) n});
            blockHashes.add(bh);
            log.append(bh);
            assertArrayEquals(ref.mth(blockHashes), log.root(), "size " + n);
            for (int i = 0; i < n; i++) {
                assertEquals(new InclusionProof(i, n, ref.path(i, blockHashes)), log.inclusionProof(i, n), i + "/" + n);
            }
            for (int m = 1; m <= n; m++) {
                assertEquals(new ConsistencyProof(m, n, ref.proof(m, blockHashes)), log.consistencyProof(m, n), m + "->" + n);
            }
        }
    }
}
