package cn.bsnedge.ledger.bundle;

import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PublicKey;
import cn.bsnedge.ledger.entry.SensorCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * A city node's public key as published in a trust file (FORMAT.md §8):
 * {@code {"format":"bsn-edge-node-key/1","node":…,"suite":…,"publicKey":hex,"fingerprint":hex}}.
 * It verifies anchor receipts, and nothing else.
 */
public record TrustedNodeKey(String nodeId, PublicKey key) implements TrustFile {

    public static final String FORMAT = "bsn-edge-node-key/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    public TrustedNodeKey {
        String problem = SensorCode.problem(nodeId);
        if (problem != null) {
            throw new IllegalArgumentException("node id '" + nodeId + "' " + problem);
        }
    }

    @Override
    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", FORMAT);
        n.put("node", nodeId);
        n.put("suite", key.suite().label());
        n.put("publicKey", HexFormat.of().formatHex(key.encoded()));
        n.put("fingerprint", key.fingerprint());
        return n.toPrettyString() + "\n";
    }

    /** Parses a node trust file; {@code source} names the file in error messages. */
    public static TrustedNodeKey parse(String json, String source) throws BundleFormatException {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new BundleFormatException(source + ": not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                    ? j.getOriginalMessage() : e.getMessage()));
        }
        Json.requireFields(n, source, "format", "node", "suite", "publicKey", "fingerprint");
        String format = Json.text(n, "format", source);
        if (!FORMAT.equals(format)) {
            throw new BundleFormatException(source + ": format '" + format + "' is not " + FORMAT);
        }
        String node = Json.text(n, "node", source);
        String problem = SensorCode.problem(node);
        if (problem != null) {
            throw new BundleFormatException(source + ": node id '" + node + "' " + problem);
        }
        CryptoSuite suite;
        try {
            suite = CryptoSuite.fromLabel(Json.text(n, "suite", source));
        } catch (IllegalArgumentException e) {
            throw new BundleFormatException(source + ": suite: " + e.getMessage());
        }
        PublicKey key;
        try {
            key = PublicKey.create(suite, Json.hex(n, "publicKey", source));
        } catch (GeneralSecurityException e) {
            throw new BundleFormatException(source + ": publicKey: " + e.getMessage());
        }
        String fp = Json.text(n, "fingerprint", source);
        if (!key.fingerprint().equals(fp)) {
            throw new BundleFormatException(source + ": fingerprint " + fp + " does not match the key; it is " + key.fingerprint());
        }
        return new TrustedNodeKey(node, key);
    }
}
