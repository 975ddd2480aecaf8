package cn.bsnedge.ledger.bundle;

import cn.bsnedge.ledger.crypto.CryptoSuite;
import cn.bsnedge.ledger.crypto.PublicKey;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * A gateway's public key as published in a trust file (FORMAT.md §8):
 * {@code {"format":"bsn-edge-key/1","gateway":…,"suite":…,"publicKey":hex,"fingerprint":hex}}.
 * The fingerprint is recomputed and must match, which catches a truncated copy-paste.
 *
 * <p>{@link #toJson} uses jackson-core alone: {@code bsn-edge run} writes this file at every
 * start, and must not load databind's hundreds of classes for it. Its output is what databind's
 * pretty printer gave (the same {@code DefaultPrettyPrinter}), pinned by docs/vectors.
 */
public record TrustedKey(String gatewayId, PublicKey key) implements TrustFile {

    public static final String FORMAT = "bsn-edge-key/1";
    @Override
    public String toJson() {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter()) {
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeStringField("gateway", gatewayId);
            g.writeStringField("suite", key.suite().label());
            g.writeStringField("publicKey", HexFormat.of().formatHex(key.encoded()));
            g.writeStringField("fingerprint", key.fingerprint());
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("a StringWriter does not fail: " + e.getMessage(), e);
        }
        return out + "\n";
    }

    /** Parses a trust file; {@code source} names the file in error messages. */
    public static TrustedKey parse(String json, String source) throws BundleFormatException {
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(json); // not a constant: see the class comment
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
