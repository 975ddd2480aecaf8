package cn.bsnedge.ledger.block;

import cn.bsnedge.ledger.crypto.Signer;
import cn.bsnedge.ledger.entry.ClockStep;
import cn.bsnedge.ledger.entry.Entry;
import cn.bsnedge.ledger.entry.EntryCodec;
import cn.bsnedge.ledger.merkle.MerkleHasher;
import cn.bsnedge.ledger.merkle.MerkleTree;

import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a batch of entries into a signed micro-block on top of a chain head. Per entry it
 * encodes and leaf-hashes; per block it builds one Merkle root and makes one signature.
 */
public final class BlockSealer {

    private final Signer signer;
    private final String gatewayId;
    private final MerkleHasher hasher;

    public BlockSealer(Signer signer, String gatewayId) {
        this.signer = signer;
        this.gatewayId = gatewayId;
        this.hasher = new MerkleHasher(signer.suite().hash());
    }

    public String gatewayId() {
        return gatewayId;
    }

    public Signer signer() {
        return signer;
    }

    public MicroBlock seal(ChainHead head, List<? extends Entry> entries) throws GeneralSecurityException {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("cannot seal an empty block");
        }
        List<byte[]> encoded = new ArrayList<>(entries.size());
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Entry e : entries) {
            if (e instanceof ClockStep c && !c.gateway().value().equals(gatewayId)) {
                throw new IllegalArgumentException("clock step of " + c.gateway() + " cannot be sealed by gateway " + gatewayId
                        + "; a clock step carries the code of the gateway that seals it");
            }
            encoded.add(EntryCodec.encode(e));
            long t = e.time().toEpochMicros();
            first = Math.min(first, t);
            last = Math.max(last, t);
        }
        MerkleTree tree = MerkleTree.fromLeafData(hasher, encoded);
        MicroBlockHeader header = new MicroBlockHeader(signer.suite(), gatewayId, head.nextHeight(),
                head.headHash(), tree.root(), encoded.size(), first, last);
        byte[] signature = signer.sign(header.signingMessage());
        return new MicroBlock(header, signature, encoded);
    }
}
