package cn.bsnedge.ledger.gateway;

import cn.bsnedge.ledger.bundle.TrustedKey;
import cn.bsnedge.ledger.codec.FormatException;
import cn.bsnedge.ledger.crypto.Signer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@link RegistrationRequest} with the gateway's signature over it: the file
 * {@code bsn-edge init} writes and {@code bsn-node gateways add} loads (FORMAT.md §10.2). The
 * JSON carries the request's bytes ({@code request}, which the signature covers) and a readable
 * view of them that must equal their decoding, like a proof bundle's {@code entry} and
 * {@code reading}.
 */
public record SignedRegistration(RegistrationRequest request, byte[] signature) {

    public static final String FORMAT = "bsn-edge-gateway-registration/1";
    private static final List<String> FIELDS = List.of("format", "request", "signature", "gateway", "suite", "publicKey",
            "fingerprint", "site", "engineer", "requestedAt", "clock", "mqttKeySha256");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    public SignedRegistration {
        Objects.requireNonNull(request, "request");
        signature = Objects.requireNonNull(signature, "signature").clone();
    }

    /** Signs {@code request} with the key it registers; {@code signer} must hold exactly that key. */
    public static SignedRegistration sign(RegistrationRequest request, Signer signer) throws GeneralSecurityException {
        if (!signer.publicKey().equals(request.key())) {
            throw new GeneralSecurityException("the signer's key " + signer.publicKey() + " is not the key being registered, "
                    + request.key() + ": a gateway signs its registration with the key it registers");
        }
        return new SignedRegistration(request, signer.sign(request.signingMessage()));
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /**
     * Returns normally only when the signature verifies under the request's own key: proof that
     * whoever made the request holds that key. Whether it is the right gateway is for the city to
     * decide, by comparing the fingerprint with the one the engineer read on site.
     */
    public void verify() throws GeneralSecurityException {
        if (signature.length != request.suite().signatureLength()) {
            throw new SignatureException("signature is " + signature.length + " bytes; want "
                    + request.suite().signatureLength() + " for " + request.suite().label());
        }
        request.key().verifier().verify(signature, request.signingMessage());
    }

    /** The trust file (FORMAT.md §8) the city keeps once it accepts the request. */
    public TrustedKey trustedKey() {
        return new TrustedKey(request.gatewayId(), request.key());
    }

    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", FORMAT);
        n.put("request", HEX.formatHex(request.encode()));
        n.put("signature", HEX.formatHex(signature));
        n.put("gateway", request.gatewayId());
        n.put("suite", request.suite().label());
        n.put("publicKey", HEX.formatHex(request.key().encoded()));
        n.put("fingerprint", request.key().fingerprint());
        n.put("site", request.site());
        n.put("engineer", request.engineer());
        n.put("requestedAt", RegistrationRequest.showTime(request.requestedAt()));
        n.put("clock", request.clock().label());
        n.put("mqttKeySha256", HEX.formatHex(request.mqttKeySha256()));
        return n.toPrettyString() + "\n";
    }

    /**
     * Reads a registration file strictly: exactly the §10.2 fields, {@code request} decoding per
     * §10.1, and every view field equal to that decoding. Does not verify the signature
     * ({@link #verify()} does). {@code source} names the file in messages.
     */
    public static SignedRegistration parse(String json, String source) throws RegistrationFormatException {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (IOException e) {
            throw new RegistrationFormatException(source + ": not JSON: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw new RegistrationFormatException(source + ": want a JSON object");
        }
        for (String f : FIELDS) {
            if (!n.has(f) || !n.get(f).isTextual()) {
                throw new RegistrationFormatException(source + ": missing string field '" + f + "'");
            }
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new RegistrationFormatException(source + ": unknown field '" + f + "'; a registration carries "
                        + "nothing unsigned beyond the view of its request");
            }
        }
        if (!FORMAT.equals(n.get("format").asText())) {
            throw new RegistrationFormatException(source + ": format '" + n.get("format").asText() + "' is not " + FORMAT);
        }
        RegistrationRequest r;
        try {
            r = RegistrationRequest.decode(hex(n, "request", source));
        } catch (FormatException e) {
            throw new RegistrationFormatException(source + ": request: " + e.getMessage());
        }
        byte[] signature = hex(n, "signature", source);
        requireView(n, "gateway", r.gatewayId(), source);
        requireView(n, "suite", r.suite().label(), source);
        requireView(n, "publicKey", HEX.formatHex(r.key().encoded()), source);
        requireView(n, "fingerprint", r.key().fingerprint(), source);
        requireView(n, "site", r.site(), source);
        requireView(n, "engineer", r.engineer(), source);
        requireView(n, "requestedAt", RegistrationRequest.showTime(r.requestedAt()), source);
        requireView(n, "clock", r.clock().label(), source);
        requireView(n, "mqttKeySha256", HEX.formatHex(r.mqttKeySha256()), source);
        return new SignedRegistration(r, signature);
    }

    private static byte[] hex(JsonNode n, String field, String source) throws RegistrationFormatException {
        String s = n.get(field).asText();
        if (s.length() % 2 != 0 || !s.equals(s.toLowerCase(Locale.ROOT))) {
            throw new RegistrationFormatException(source + ": " + field + ": want lowercase hex with an even number of digits");
        }
        try {
            return HEX.parseHex(s);
        } catch (IllegalArgumentException e) {
            throw new RegistrationFormatException(source + ": " + field + ": not hex: " + e.getMessage());
        }
    }

    private static void requireView(JsonNode n, String field, String decoded, String source) throws RegistrationFormatException {
        String shown = n.get(field).asText();
        if (!shown.equals(decoded)) {
            throw new RegistrationFormatException(source + ": " + field + " shows '" + shown
                    + "' but the signed request says '" + decoded + "'");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedRegistration s && request.equals(s.request) && Arrays.equals(signature, s.signature);
    }

    @Override
    public int hashCode() {
        return 31 * request.hashCode() + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "SignedRegistration{" + request + "}";
    }
}
