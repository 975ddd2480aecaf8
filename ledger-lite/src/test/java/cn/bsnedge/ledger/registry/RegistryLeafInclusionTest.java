package cn.bsnedge.ledger.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cn.bsnedge.ledger.Fixtures;
import cn.bsnedge.ledger.block.BlockVerifier;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.entry.Entry;
import cn.bsnedge.ledger.entry.EntryCodec;
import cn.bsnedge.ledger.entry.SensorCalibration;
import cn.bsnedge.ledger.merkle.InclusionProof;
import cn.bsnedge.ledger.merkle.MerkleHasher;
import cn.bsnedge.ledger.merkle.MerkleTree;
import cn.bsnedge.ledger.merkle.ProofException;
import cn.bsnedge.ledger.merkle.ProofVerifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Registry entries are leaves like readings: the same inclusion proofs, block checks and
 * signature cover them, so "which calibration" is evidence of the same strength as "what value".
 */
class RegistryLeafInclusionTest {

    @Test
    void inclusionProof_ofEveryRegistryBlockLeaf_verifiesAgainstTheSignedRoot() throws Exception {
        for (CryptoSuite suite : CryptoSuite.values()) {
            MicroBlock b = Fixtures.registryBlock(suite);
            BlockVerifier.verifySignature(b.header(), b.signature(), Fixtures.fixedKey(suite).publicKey());
            MerkleHasher hasher = new MerkleHasher(suite.hash());
            MerkleTree tree = MerkleTree.fromLeafData(hasher, b.entries());
            for (int i = 0; i < b.entryCount(); i++) {
                InclusionProof proof = tree.inclusionProof(i);
                ProofVerifier.verifyInclusion(hasher, proof.leafIndex(), b.header().entryCount(), hasher.leafHash(b.entry(i)),
                        proof.path(), b.header().merkleRoot());
            }
        }
    }

    @Test
    void inclusionProof_ofACalibrationLeaf_failsWhenItsScaleIsAltered() throws Exception {
        MicroBlock b = Fixtures.registryBlock(CryptoSuite.ED25519_SHA256);
        MerkleHasher hasher = new MerkleHasher(CryptoSuite.ED25519_SHA256.hash());
        int leaf = 3;
        byte[] entry = b.entry(leaf);
        assertInstanceOf(SensorCalibration.class, EntryCodec.decode(entry));
        InclusionProof proof = MerkleTree.fromLeafData(hasher, b.entries()).inclusionProof(leaf);
        byte[] altered = entry.clone();
        altered[59] ^= 0x01; // scale unscaled 998 -> 999: still a valid calibration entry
        assertInstanceOf(SensorCalibration.class, EntryCodec.decode(altered));
        assertThrows(ProofException.class, () -> ProofVerifier.verifyInclusion(hasher, proof, hasher.leafHash(altered),
                b.header().merkleRoot()));
    }

    @Test
    void verifiedBlockContents_foldIntoTheRegistry() throws Exception {
        List<Entry> entries = BlockVerifier.verifyContents(Fixtures.registryBlock(CryptoSuite.SM2_SM3));
        SensorRegistry r = SensorRegistry.fold(entries);
        assertEquals(Fixtures.recalibration().calibration(), r.calibrationAt(Fixtures.TMP42, 5).orElseThrow());
        assertEquals(Fixtures.registration().calibration(), r.calibrationAt(Fixtures.TMP42, 3).orElseThrow());
    }
}
