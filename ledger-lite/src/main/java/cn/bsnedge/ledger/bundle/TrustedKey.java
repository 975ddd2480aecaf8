package cn.bsnedge.ledger.bundle;

import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PublicKey;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * A gateway's public key as published in a trust file (FORMAT.md §8):
 * {@code {"format":"bsn-edge-key/1","gateway":…,"suite":…,"publicKey":hex,"fingerprint":hex}}.
 * The fingerprint is recomputed and must match, which catches a truncated copy-paste.
 */
public record TrustedKey(String gatewayId, PublicKey key) implements TrustFile {

    public static final String FORMAT = "bsn-edge-key/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", FORMAT);
        n.put("gateway", gatewayId);
        n.put("suite", key.suite().label());
        n.put("publicKey", HexFormat.of().formatHex(key.encoded()));
        n.put("fingerprint", key.fingerprint());
        return n.toPrettyString() + "\n";
    }

    /** Parses a trust file; {@code source} names the file in error messages. */
    public static TrustedKey parse(String json, String source) throws BundleFormatException {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new BundleFormatException(source + ": not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        Json.requireFields(n, source, "format", "gateway", "suite", "publicKey", "fingerprint");
        String format = Json.text(n, "format", source);
        if (!FORMAT.equals(format)) {
            throw new BundleFormatException(source + ": format '" + format + "' is not " + FORMAT);
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
        return new TrustedKey(Json.text(n, "gateway", source), key);
    }
}
