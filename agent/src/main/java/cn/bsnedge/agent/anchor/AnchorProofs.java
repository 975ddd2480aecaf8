package cn.bsnedge.agent.anchor;

import cn.bsnedge.agent.store.BlockStore;
import cn.bsnedge.agent.store.StoreException;
import cn.bsnedge.ledger.bundle.ProofBundle;
import cn.bsnedge.ledger.bundle.TrustedNodeKey;
import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.merkle.MerkleHasher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Adds a block's anchor and receipt to a reading's proof bundle (FORMAT.md §7): the earliest
 * stored receipt whose tree covers the block, the signed tree head it covers, and the block's
 * inclusion path in that tree. For read-side commands that hold the store (so no agent runs).
 */
public final class AnchorProofs {

    private AnchorProofs() {
    }

    /**
     * {@code bundle} with {@code anchor} and {@code receipt} when the block at {@code height} is
     * anchored; empty when it is not (yet), or the gateway never anchored.
     *
     * @param anchorDir DATA/anchor
     * @param trustDir  DATA/trust, searched for the node key's fingerprint (informational only)
     */
    public static Optional<ProofBundle> anchored(ProofBundle bundle, long height, Path anchorDir, Path trustDir, CryptoSuite suite,
                                                 BlockStore chain) throws IOException, StoreException {
        if (!Files.isRegularFile(anchorDir.resolve(ReceiptLog.FILE))) {
            return Optional.empty();
        }
        try (ReceiptLog receipts = ReceiptLog.open(anchorDir, System.currentTimeMillis())) {
            Optional<ReceiptLog.Stored> r = receipts.covering(height);
            if (r.isEmpty()) {
                return Optional.empty();
            }
            try (ChainHashLog log = ChainHashLog.open(anchorDir, new MerkleHasher(suite.hash()), chain)) {
                long size = r.get().size();
                if (size > log.size() || !java.util.Arrays.equals(log.log().root(size), r.get().head().statement().rootHash())) {
                    throw new IOException("the receipt for tree size " + size + " in " + anchorDir
                            + " is not for this chain as it is now; run bsn-edge check");
                }
                return Optional.of(bundle.withAnchor(r.get().head(), log.log().inclusionProof(height, size))
                        .withReceipt(r.get().receipt(), fingerprint(trustDir, r.get())));
            }
        }
    }

    /** The fingerprint of a trusted node key that verifies the receipt, or null when none is at hand. */
    private static String fingerprint(Path trustDir, ReceiptLog.Stored r) {
        try {
            NodeKeys keys = NodeKeys.load(List.of(trustDir));
            var s = r.receipt().statement();
            for (var k : keys.keysFor(s.nodeId(), s.suite())) {
                try {
                    r.receipt().verify(k);
                    return k.fingerprint();
                } catch (cn.bsnedge.ledger.anchor.AnchorException e) {
                    // another of the node's keys, perhaps
                }
            }
        } catch (IOException e) {
            // no node key in the trust directory: the verifier brings its own anyway
        }
        return null;
    }

    /** Node key files in {@code trustDir}, for tools that list them. */
    static List<TrustedNodeKey> nodeKeys(Path trustDir) throws IOException {
        return NodeKeys.load(List.of(trustDir)).files();
    }
}
