package cn.bsnedge.ledger.bundle;

import cn.bsnedge.ledger.anchor.Signed;
import cn.bsnedge.ledger.anchor.TreeHead;
import cn.bsnedge.ledger.merkle.InclusionProof;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A bundle's {@code anchor} object (FORMAT.md §7): the gateway's signed tree head over its
 * block-hash log, and the inclusion path of the block's hash in that tree (leaf index = the
 * block's height). {@code view} is a readable copy of the tree head that the verifier re-derives.
 */
public record AnchorEvidence(byte[] statement, byte[] signature, JsonNode view, List<byte[]> inclusionPath) {

    private static final HexFormat HEX = HexFormat.of();

    public AnchorEvidence {
        statement = statement.clone();
        signature = signature.clone();
        view = view.deepCopy();
        inclusionPath = inclusionPath.stream().map(byte[]::clone).toList();
    }

    /** The evidence for the block whose inclusion {@code blockProof} proves in {@code head}'s tree. */
    public static AnchorEvidence of(Signed<TreeHead> head, InclusionProof blockProof) {
        if (blockProof.treeSize() != head.statement().treeSize()) {
            throw new IllegalArgumentException("inclusion proof for tree size " + blockProof.treeSize()
                    + ", tree head of size " + head.statement().treeSize());
        }
        return new AnchorEvidence(head.statement().encode(), head.signature(), EvidenceViews.treeHead(head.statement()),
                blockProof.path());
    }

    @Override
    public byte[] statement() {
        return statement.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public JsonNode view() {
        return view.deepCopy();
    }

    @Override
    public List<byte[]> inclusionPath() {
        return inclusionPath.stream().map(byte[]::clone).toList();
    }

    ObjectNode toJson(ObjectNode n) {
        n.put("statement", HEX.formatHex(statement));
        n.put("signature", HEX.formatHex(signature));
        n.set("view", view.deepCopy());
        ArrayNode path = n.putArray("inclusionPath");
        inclusionPath.forEach(p -> path.add(HEX.formatHex(p)));
        return n;
    }

    static AnchorEvidence parse(JsonNode n, String where) throws BundleFormatException {
        Json.requireFields(n, where, Set.of(), "statement", "signature", "view", "inclusionPath");
        return new AnchorEvidence(Json.hex(n, "statement", where), Json.hex(n, "signature", where), n.get("view"),
                Json.hexArray(n, "inclusionPath", where));
    }
}
