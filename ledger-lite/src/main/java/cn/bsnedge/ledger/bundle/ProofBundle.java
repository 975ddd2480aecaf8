package cn.bsnedge.ledger.bundle;

import cn.bsnedge.ledger.anchor.AnchorReceipt;
import cn.bsnedge.ledger.anchor.Signed;
import cn.bsnedge.ledger.anchor.TreeHead;
import cn.bsnedge.ledger.block.MicroBlock;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.entry.EntryCodec;
import cn.bsnedge.ledger.entry.Reading;
import cn.bsnedge.ledger.merkle.InclusionProof;
import cn.bsnedge.ledger.merkle.MerkleHasher;
import cn.bsnedge.ledger.merkle.MerkleTree;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything needed to verify one reading offline (FORMAT.md §7): the reading's canonical
 * bytes, its RFC 9162 inclusion path to the block's Merkle root, the block header bytes and
 * the gateway's signature; once the block is anchored, also the gateway's signed tree head with
 * the block's inclusion in it ({@code anchor}) and the city node's receipt ({@code receipt}).
 * The "reading" and "block" objects and the anchor's and receipt's "view"s are readable views
 * that the verifier re-derives from the bytes; the key fingerprints are informational only.
 */
public record ProofBundle(byte[] entry, long leafIndex, List<byte[]> inclusionPath, byte[] header,
                          byte[] signature, JsonNode readingView, JsonNode blockView, String keyFingerprint,
                          Optional<AnchorEvidence> anchor, Optional<ReceiptEvidence> receipt) {

    public static final String FORMAT = "bsn-edge-proof/1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    public ProofBundle {
        entry = entry.clone();
        inclusionPath = inclusionPath.stream().map(byte[]::clone).toList();
        header = header.clone();
        signature = signature.clone();
        readingView = readingView.deepCopy();
        blockView = blockView.deepCopy();
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(receipt, "receipt");
        if (receipt.isPresent() && anchor.isEmpty()) {
            throw new IllegalArgumentException("a receipt is for a tree head: a bundle with a receipt needs its anchor");
        }
    }

    /** A bundle without anchor and receipt: sealed, not yet anchored. */
    public ProofBundle(byte[] entry, long leafIndex, List<byte[]> inclusionPath, byte[] header, byte[] signature,
                       JsonNode readingView, JsonNode blockView, String keyFingerprint) {
        this(entry, leafIndex, inclusionPath, header, signature, readingView, blockView, keyFingerprint,
                Optional.empty(), Optional.empty());
    }

    /**
     * This bundle with the block's anchor: {@code head} signed by the gateway and {@code
     * blockProof}, the inclusion of this block's hash at its height in {@code head}'s tree
     * (from {@code BlockHashLog.inclusionProof(height, head.treeSize())}).
     */
    public ProofBundle withAnchor(Signed<TreeHead> head, InclusionProof blockProof) {
        return new ProofBundle(entry, leafIndex, inclusionPath, header, signature, readingView, blockView, keyFingerprint,
                Optional.of(AnchorEvidence.of(head, blockProof)), receipt);
    }

    /** This bundle with the node's receipt for its anchor's tree head. */
    public ProofBundle withReceipt(Signed<AnchorReceipt> nodeReceipt, String nodeKeyFingerprint) {
        return new ProofBundle(entry, leafIndex, inclusionPath, header, signature, readingView, blockView, keyFingerprint,
                anchor, Optional.of(ReceiptEvidence.of(nodeReceipt, nodeKeyFingerprint)));
    }

    /** The bundle for the reading at leaf {@code leafIndex} of {@code block}. */
    public static ProofBundle of(MicroBlock block, int leafIndex, String keyFingerprint) throws FormatException {
        MerkleTree tree = MerkleTree.fromLeafData(new MerkleHasher(block.header().suite().hash()), block.entries());
        InclusionProof proof = tree.inclusionProof(leafIndex);
        byte[] entry = block.entry(leafIndex);
        Reading r = EntryCodec.decodeReading(entry);
        return new ProofBundle(entry, proof.leafIndex(), proof.path(), block.header().encode(), block.signature(),
                EvidenceViews.reading(r), EvidenceViews.block(block.header()), keyFingerprint);
    }

    @Override
    public byte[] entry() {
        return entry.clone();
    }

    @Override
    public byte[] header() {
        return header.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("bundle", FORMAT);
        n.set("reading", readingView.deepCopy());
        n.put("entry", HEX.formatHex(entry));
        n.put("leafIndex", leafIndex);
        ArrayNode path = n.putArray("inclusionPath");
        inclusionPath.forEach(p -> path.add(HEX.formatHex(p)));
        n.set("block", blockView.deepCopy());
        n.put("header", HEX.formatHex(header));
        n.put("signature", HEX.formatHex(signature));
        if (keyFingerprint != null) {
            n.put("keyFingerprint", keyFingerprint);
        }
        anchor.ifPresent(a -> a.toJson(n.putObject("anchor")));
        receipt.ifPresent(r -> r.toJson(n.putObject("receipt")));
        return n.toPrettyString() + "\n";
    }

    /** Parses a bundle; {@code source} (e.g. a file name) prefixes every error. */
    public static ProofBundle parse(String json, String source) throws BundleFormatException {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new BundleFormatException(source + ": not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (n == null || !n.isObject() || !n.has("bundle")) {
            throw new BundleFormatException(source + ": not a proof bundle (no 'bundle' field)");
        }
        String format = n.get("bundle").asText();
        if (!FORMAT.equals(format)) {
            throw new BundleFormatException(source + ": bundle format '" + format + "' is not supported; want " + FORMAT);
        }
        Json.requireFields(n, source, Set.of("keyFingerprint", "anchor", "receipt"),
                "bundle", "reading", "entry", "leafIndex", "inclusionPath", "block", "header", "signature");
        String fp = n.has("keyFingerprint") ? Json.text(n, "keyFingerprint", source) : null;
        if (n.has("receipt") && !n.has("anchor")) {
            throw new BundleFormatException(source + ": a receipt without an anchor; a receipt is for the tree head in 'anchor'");
        }
        Optional<AnchorEvidence> anchor = n.has("anchor") ? Optional.of(AnchorEvidence.parse(n.get("anchor"), source + ": anchor"))
                : Optional.empty();
        Optional<ReceiptEvidence> receipt = n.has("receipt") ? Optional.of(ReceiptEvidence.parse(n.get("receipt"), source + ": receipt"))
                : Optional.empty();
        return new ProofBundle(Json.hex(n, "entry", source), Json.integer(n, "leafIndex", source),
                Json.hexArray(n, "inclusionPath", source), Json.hex(n, "header", source),
                Json.hex(n, "signature", source), n.get("reading"), n.get("block"), fp, anchor, receipt);
    }
}
