package cn.bsnedge.ledger.bundle;

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
import java.util.Set;

/**
 * Everything needed to verify one reading offline (FORMAT.md §7): the reading's canonical
 * bytes, its RFC 9162 inclusion path to the block's Merkle root, the block header bytes and
 * the gateway's signature. The "reading" and "block" objects are readable views that the
 * verifier re-derives from the bytes; "keyFingerprint" is informational only.
 */
public record ProofBundle(byte[] entry, long leafIndex, List<byte[]> inclusionPath, byte[] header,
                          byte[] signature, JsonNode readingView, JsonNode blockView, String keyFingerprint) {

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
        Json.requireFields(n, source, Set.of("keyFingerprint"),
                "bundle", "reading", "entry", "leafIndex", "inclusionPath", "block", "header", "signature");
        String fp = n.has("keyFingerprint") ? Json.text(n, "keyFingerprint", source) : null;
        return new ProofBundle(Json.hex(n, "entry", source), Json.integer(n, "leafIndex", source),
                Json.hexArray(n, "inclusionPath", source), Json.hex(n, "header", source),
                Json.hex(n, "signature", source), n.get("reading"), n.get("block"), fp);
    }
}
