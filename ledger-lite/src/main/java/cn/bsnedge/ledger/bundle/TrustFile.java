package cn.bsnedge.ledger.bundle;

import cn.bsnedge.ledger.crypto.PublicKey;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One file of a trust directory (FORMAT.md §8): a gateway's key ({@code bsn-edge-key/1}) or a
 * city node's key ({@code bsn-edge-node-key/1}). The two are kept apart so that a node key can
 * never vouch for blocks, nor a gateway key for receipts.
 */
public sealed interface TrustFile permits TrustedKey, TrustedNodeKey {

    PublicKey key();

    String toJson();

    /** Parses either kind of trust file, by its {@code format}; {@code source} names the file in errors. */
    static TrustFile parse(String json, String source) throws BundleFormatException {
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new BundleFormatException(source + ": not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                    ? j.getOriginalMessage() : e.getMessage()));
        }
        String format = n != null && n.isObject() && n.get("format") != null ? n.get("format").asText() : null;
        if (TrustedNodeKey.FORMAT.equals(format)) {
            return TrustedNodeKey.parse(json, source);
        }
        if (TrustedKey.FORMAT.equals(format)) {
            return TrustedKey.parse(json, source);
        }
        throw new BundleFormatException(source + ": format " + (format == null ? "missing" : "'" + format + "'")
                + "; want " + TrustedKey.FORMAT + " (a gateway key) or " + TrustedNodeKey.FORMAT + " (a city node key)");
    }
}
