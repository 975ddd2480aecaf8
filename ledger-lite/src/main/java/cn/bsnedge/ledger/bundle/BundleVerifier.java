package cn.bsnedge.ledger.bundle;

import cn.bsnedge.ledger.anchor.AnchorException;
import cn.bsnedge.ledger.anchor.AnchorReceipt;
import cn.bsnedge.ledger.anchor.AnchorVerifier;
import cn.bsnedge.ledger.anchor.Signed;
import cn.bsnedge.ledger.anchor.TreeHead;
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
import java.util.Optional;

/**
 * Verifies a {@link ProofBundle} against trusted keys, link by link in the order the evidence
 * chains (FORMAT.md §7.1): entry → inclusion → header → trusted key → signature, then, when the
 * bundle carries them, tree head → anchor inclusion → receipt → node key. The first failing
 * link is reported; nothing in the bundle is taken on its word.
 */
public final class BundleVerifier {

    /** How far a valid bundle's evidence reaches. */
    public enum Status {
        /** Signed by the gateway; no anchor in the bundle. */
        SEALED("sealed, not yet anchored"),
        /** Also in a tree head the gateway signed, but without the node's receipt. */
        ANCHOR_PENDING("sealed, in a signed tree head, not yet receipted"),
        /** Also receipted by a trusted city node. */
        ANCHORED("anchored");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A tree head that covers the block, and the receipt for it if the bundle has one. */
    public record VerifiedAnchor(TreeHead treeHead, PublicKey signedBy, Optional<VerifiedReceipt> receipt) {
    }

    /** A node's receipt for the tree head, checked under a trusted node key. */
    public record VerifiedReceipt(AnchorReceipt receipt, PublicKey signedBy) {
    }

    /** What a valid bundle proves: this reading is in this signed block, and maybe anchored. */
    public record VerifiedReading(Reading reading, MicroBlockHeader header, PublicKey signedBy, Optional<VerifiedAnchor> anchor) {

        public Status status() {
            return anchor.isEmpty() ? Status.SEALED : anchor.get().receipt().isEmpty() ? Status.ANCHOR_PENDING : Status.ANCHORED;
        }
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
        PublicKey signedBy = null;
        VerificationException last = null;
        for (PublicKey k : keys) {
            try {
                BlockVerifier.verifySignature(header, b.signature(), k);
                signedBy = k;
                break;
            } catch (VerificationException e) {
                last = e;
            }
        }
        if (signedBy == null) {
            throw last;
        }
        Optional<VerifiedAnchor> anchor = b.anchor().isEmpty() ? Optional.empty()
                : Optional.of(verifyAnchor(b.anchor().get(), b.receipt(), header, keys));
        return new VerifiedReading(reading, header, signedBy, anchor);
    }

    private VerifiedAnchor verifyAnchor(AnchorEvidence a, Optional<ReceiptEvidence> receipt, MicroBlockHeader header,
                                        List<PublicKey> gatewayKeys) throws VerificationException {
        TreeHead head;
        try {
            head = TreeHead.decode(a.statement());
        } catch (FormatException e) {
            throw new VerificationException(Link.TREE_HEAD, "anchor statement does not decode as a tree head: " + e.getMessage(), e);
        }
        String diff = EvidenceViews.firstDifference(a.view(), EvidenceViews.treeHead(head));
        if (diff != null) {
            throw new VerificationException(Link.TREE_HEAD, "anchor.view." + diff);
        }
        try {
            AnchorVerifier.verifyBlockInTree(header, head, a.inclusionPath());
        } catch (AnchorException e) {
            throw new VerificationException(e.kind() == AnchorException.Kind.BLOCK_INCLUSION ? Link.ANCHOR_INCLUSION : Link.TREE_HEAD,
                    e.getMessage(), e);
        }
        if (a.signature().length != head.suite().signatureLength()) {
            throw new VerificationException(Link.TREE_HEAD, "tree head signature of " + a.signature().length + " bytes; "
                    + head.suite().label() + " signatures are " + head.suite().signatureLength());
        }
        PublicKey headKey;
        try {
            headKey = AnchorVerifier.verifyTreeHead(new Signed<>(head, a.signature()), header.gatewayId(), gatewayKeys);
        } catch (AnchorException e) {
            throw new VerificationException(Link.TREE_HEAD, "tree head of " + head.treeSize() + " blocks: " + e.getMessage(), e);
        }
        if (receipt.isEmpty()) {
            return new VerifiedAnchor(head, headKey, Optional.empty());
        }
        return new VerifiedAnchor(head, headKey, Optional.of(verifyReceipt(receipt.get(), head)));
    }

    private VerifiedReceipt verifyReceipt(ReceiptEvidence r, TreeHead head) throws VerificationException {
        AnchorReceipt receipt;
        try {
            receipt = AnchorReceipt.decode(r.statement());
        } catch (FormatException e) {
            throw new VerificationException(Link.RECEIPT, "receipt statement does not decode: " + e.getMessage(), e);
        }
        String diff = EvidenceViews.firstDifference(r.view(), EvidenceViews.receipt(receipt));
        if (diff != null) {
            throw new VerificationException(Link.RECEIPT, "receipt.view." + diff);
        }
        if (!receipt.covers(head)) {
            throw new VerificationException(Link.RECEIPT, "the receipt is for " + receipt.gatewayId() + " tree size " + receipt.treeSize()
                    + ", not for the anchor's tree head (" + head.gatewayId() + " tree size " + head.treeSize() + " with its root)");
        }
        List<PublicKey> nodeKeys = trusted.nodeKeysFor(receipt.nodeId(), receipt.suite());
        if (nodeKeys.isEmpty()) {
            throw new VerificationException(Link.NODE_TRUST, "no trusted " + receipt.suite().label() + " key for node "
                    + receipt.nodeId() + " (trusted nodes: " + trusted.nodes() + ")");
        }
        if (r.signature().length != receipt.suite().signatureLength()) {
            throw new VerificationException(Link.RECEIPT, "receipt signature of " + r.signature().length + " bytes; "
                    + receipt.suite().label() + " signatures are " + receipt.suite().signatureLength());
        }
        try {
            PublicKey key = AnchorVerifier.verifyReceipt(new Signed<>(receipt, r.signature()), nodeKeys, head);
            return new VerifiedReceipt(receipt, key);
        } catch (AnchorException e) {
            throw new VerificationException(Link.RECEIPT, "receipt #" + receipt.ledgerSeq() + " of node " + receipt.nodeId() + ": "
                    + e.getMessage(), e);
        }
    }
}
