package cn.bsnedge.node.registry;

import cn.bsnedge.ledger.bundle.BundleFormatException;
import cn.bsnedge.ledger.bundle.TrustedKey;
import cn.bsnedge.ledger.gateway.RegistrationFormatException;
import cn.bsnedge.ledger.gateway.RegistrationRequest;
import cn.bsnedge.ledger.gateway.SignedRegistration;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.security.GeneralSecurityException;
import java.util.List;

/**
 * Reads what an operator hands {@code bsn-node gateways add --key FILE}, by the file's
 * {@code format}: a gateway's trust file ({@code bsn-edge-key/1}, as {@code bsn-edge} writes to
 * {@code DATA/trust/}), or the signed registration request of {@code bsn-edge init}
 * ({@code bsn-edge-gateway-registration/1}, FORMAT.md §10), whose signature under the key it
 * registers is checked first. Both yield the same {@link TrustedKey}; the registry does not care
 * which it came from.
 */
public final class Registration {

    /** A key to register, and what the operator should compare before trusting it (FORMAT.md §10.3). */
    public record Candidate(TrustedKey key, String details) {
    }

    /** One accepted file format. */
    public interface Format {
        String name();

        /**
         * @throws BundleFormatException the file is not readable as this format
         * @throws GeneralSecurityException the file reads, but its proof does not hold (a bad signature)
         */
        Candidate read(String json, String source) throws BundleFormatException, GeneralSecurityException;
    }

    private static final Format TRUST_FILE = new Format() {
        @Override
        public String name() {
            return TrustedKey.FORMAT;
        }

        @Override
        public Candidate read(String json, String source) throws BundleFormatException {
            return new Candidate(TrustedKey.parse(json, source), "a trust file (no site or engineer to compare)");
        }
    };

    private static final Format REGISTRATION_REQUEST = new Format() {
        @Override
        public String name() {
            return SignedRegistration.FORMAT;
        }

        @Override
        public Candidate read(String json, String source) throws BundleFormatException, GeneralSecurityException {
            SignedRegistration r;
            try {
                r = SignedRegistration.parse(json, source);
            } catch (RegistrationFormatException e) {
                throw new BundleFormatException(e.getMessage());
            }
            try {
                r.verify();
            } catch (GeneralSecurityException e) {
                throw new GeneralSecurityException(source + ": the request's signature does not verify under the key it"
                        + " registers (" + e.getMessage() + "); it was altered, or the gateway does not hold that key", e);
            }
            RegistrationRequest q = r.request();
            return new Candidate(r.trustedKey(), "a registration request signed by that key: site \"" + q.site()
                    + "\", engineer \"" + q.engineer() + "\", requested " + q.requestedAt() + " (clock " + q.clock().label() + ")");
        }
    };

    private final List<Format> formats;

    public Registration(List<Format> formats) {
        this.formats = List.copyOf(formats);
    }

    /** The formats this build accepts. */
    public static Registration standard() {
        return new Registration(List.of(TRUST_FILE, REGISTRATION_REQUEST));
    }

    public Candidate read(String json, String source) throws BundleFormatException, GeneralSecurityException {
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new BundleFormatException(source + ": not JSON: " + e.getMessage());
        }
        String format = n != null && n.isObject() && n.hasNonNull("format") ? n.get("format").asText() : null;
        for (Format f : formats) {
            if (f.name().equals(format)) {
                return f.read(json, source);
            }
        }
        throw new BundleFormatException(source + ": format " + (format == null ? "missing" : "'" + format + "'")
                + " is not a gateway key; want one of " + formats.stream().map(Format::name).toList()
                + " (the trust file bsn-edge writes to DATA/trust/, or the request bsn-edge init writes)");
    }
}
