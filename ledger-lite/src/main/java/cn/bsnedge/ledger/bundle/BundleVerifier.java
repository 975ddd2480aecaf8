package cn.bsnedge.ledger.bundle;

import cn.bsnedge.ledger.block.BlockVerifier;
import cn.bsnedge.ledger.block.MicroBlockHeader;
import cn.bsnedge.ledger.block.VerificationException;
import cn.bsnedge.ledger.block.VerificationException.Link;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.crypto.PublicKey;
import cn.bsnedge.ledger.entry.EntryCodec;
import cn.bsnedge.ledger.entry.Reading;
import cn.bsnedge.ledger.merkle.MerkleHasher;
import cn.bsnedge.ledger.merkle.ProofException;
import cn.bsnedge.ledger.merkle.ProofVerifier;

import java.util.List;

/**
 * Verifies a {@link ProofBundle} against trusted keys, link by link in the order the evidence
 * chains: entry → inclusion → header → trusted key → signature. The first failing link is
 * reported; nothing in the bundle is taken on its word.
 */
public final class BundleVerifier {

    /** What a valid bundle proves: this reading is in this signed block. */
    public record VerifiedReading(Reading reading, MicroBlockHeader header, PublicKey signedBy) {
    }

    private final TrustedKeys trusted;

    public BundleVerifier(TrustedKeys trusted) {
        this.trusted = trusted;
    }

    public VerifiedReading verify(ProofBundle b) throws VerificationException {
        MicroBlockHeader header;
        try {
            header = MicroBlockHeader.decode(b.header());
        } catch (FormatException e) {
            throw new VerificationException(Link.HEADER, "header bytes do not decode: " + e.getMessage(), e);
        }

        Reading reading;
        try {
            reading = EntryCodec.decodeReading(b.entry());
        } catch (FormatException | ClassCastException e) {
            throw new VerificationException(Link.ENTRY, "entry bytes do not decode as a reading: " + e.getMessage(), e);
        }
        String diff = EvidenceViews.firstDifference(b.readingView(), EvidenceViews.reading(reading));
        if (diff != null) {
            throw new VerificationException(Link.ENTRY, "reading." + diff);
        }

        MerkleHasher hasher = new MerkleHasher(header.suite().hash());
        try {
            ProofVerifier.verifyInclusion(hasher, b.leafIndex(), header.entryCount(), hasher.leafHash(b.entry()),
                    b.inclusionPath(), header.merkleRoot());
        } catch (ProofException e) {
            throw new VerificationException(Link.INCLUSION, "leaf " + b.leafIndex() + " of " + header.entryCount()
                    + " in block " + header.height() + ": " + e.getMessage(), e);
        }

        diff = EvidenceViews.firstDifference(b.blockView(), EvidenceViews.block(header));
        if (diff != null) {
            throw new VerificationException(Link.HEADER, "block." + diff);
        }

        List<PublicKey> keys = trusted.keysFor(header.gatewayId(), header.suite());
        if (keys.isEmpty()) {
            throw new VerificationException(Link.TRUST, "no trusted " + header.suite().label() + " key for gateway "
                    + header.gatewayId() + " (trusted gateways: " + trusted.gateways() + ")");
        }
        VerificationException last = null;
        for (PublicKey k : keys) {
            try {
                BlockVerifier.verifySignature(header, b.signature(), k);
                return new VerifiedReading(reading, header, k);
            } catch (VerificationException e) {
                last = e;
            }
        }
        throw last;
    }
}
