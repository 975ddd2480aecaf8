package cn.bsnedge.ledger.bundle;

import cn.bsnedge.ledger.anchor.AnchorReceipt;
import cn.bsnedge.ledger.anchor.Signed;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HexFormat;
import java.util.Set;

/**
 * A bundle's {@code receipt} object (FORMAT.md §7): the city node's signed receipt for the
 * bundle's tree head. {@code view} is re-derived by the verifier; {@code keyFingerprint} is
 * informational, like the gateway's.
 */
public record ReceiptEvidence(byte[] statement, byte[] signature, JsonNode view, String keyFingerprint) {

    private static final HexFormat HEX = HexFormat.of();

    public ReceiptEvidence {
        statement = statement.clone();
        signature = signature.clone();
        view = view.deepCopy();
    }

    public static ReceiptEvidence of(Signed<AnchorReceipt> receipt, String nodeKeyFingerprint) {
        return new ReceiptEvidence(receipt.statement().encode(), receipt.signature(), EvidenceViews.receipt(receipt.statement()),
                nodeKeyFingerprint);
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

    ObjectNode toJson(ObjectNode n) {
        n.put("statement", HEX.formatHex(statement));
        n.put("signature", HEX.formatHex(signature));
        n.set("view", view.deepCopy());
        if (keyFingerprint != null) {
            n.put("keyFingerprint", keyFingerprint);
        }
        return n;
    }

    static ReceiptEvidence parse(JsonNode n, String where) throws BundleFormatException {
        Json.requireFields(n, where, Set.of("keyFingerprint"), "statement", "signature", "view");
        return new ReceiptEvidence(Json.hex(n, "statement", where), Json.hex(n, "signature", where), n.get("view"),
                n.has("keyFingerprint") ? Json.text(n, "keyFingerprint", where) : null);
    }
}
