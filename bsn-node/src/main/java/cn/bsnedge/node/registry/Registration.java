package cn.bsnedge.node.registry;

import cn.bsnedge.ledger.bundle.BundleFormatException;
import cn.bsnedge.ledger.bundle.TrustedKey;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;

/**
 * Reads what an operator hands {@code bsn-node gateways add --key FILE}, by the file's
 * {@code format}. Today: a gateway's trust file ({@code bsn-edge-key/1}, as {@code bsn-edge} writes
 * to {@code DATA/trust/}). A signed registration request ({@code bsn-edge init}, package
 * {@code cn.bsnedge.ledger.gateway}) becomes one more {@link Format} here: it yields the same
 * {@link TrustedKey} after checking the request's own signature, and the registry does not change.
 */
public final class Registration {

    /** One accepted file format. */
    public interface Format {
        String name();

        TrustedKey read(String json, String source) throws BundleFormatException;
    }

    private static final Format TRUST_FILE = new Format() {
        @Override
        public String name() {
            return TrustedKey.FORMAT;
        }

        @Override
        public TrustedKey read(String json, String source) throws BundleFormatException {
            return TrustedKey.parse(json, source);
        }
    };

    private final List<Format> formats;

    public Registration(List<Format> formats) {
        this.formats = List.copyOf(formats);
    }

    /** The formats this build accepts. */
    public static Registration standard() {
        return new Registration(List.of(TRUST_FILE));
    }

    public TrustedKey read(String json, String source) throws BundleFormatException {
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
                + " (the file bsn-edge writes to DATA/trust/)");
    }
}
