package cn.bsnedge.ledger.bundle;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Strict field access for bundle and key JSON: every error names the source and the field. */
final class Json {

    private Json() {
    }

    /** Requires an object with exactly {@code required} plus any of {@code optional}; unknown fields are errors. */
    static void requireFields(JsonNode n, String where, String... required) throws BundleFormatException {
        requireFields(n, where, Set.of(), required);
    }

    static void requireFields(JsonNode n, String where, Set<String> optional, String... required) throws BundleFormatException {
        if (n == null || !n.isObject()) {
            throw new BundleFormatException(where + ": want a JSON object");
        }
        Set<String> req = Set.of(required);
        for (String f : required) {
            if (!n.has(f)) {
                throw new BundleFormatException(where + ": missing field '" + f + "'");
            }
        }
        Iterator<String> names = n.fieldNames();
        while (names.hasNext()) {
            String f = names.next();
            if (!req.contains(f) && !optional.contains(f)) {
                throw new BundleFormatException(where + ": unknown field '" + f + "'");
            }
        }
    }

    static String text(JsonNode n, String field, String where) throws BundleFormatException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new BundleFormatException(where + "." + field + ": want a string");
        }
        return v.asText();
    }

    static long integer(JsonNode n, String field, String where) throws BundleFormatException {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new BundleFormatException(where + "." + field + ": want an integer");
        }
        return v.asLong();
    }

    static byte[] hex(JsonNode n, String field, String where) throws BundleFormatException {
        return hexValue(text(n, field, where), where + "." + field);
    }

    static byte[] hexValue(String s, String where) throws BundleFormatException {
        if (s.length() % 2 != 0 || !s.equals(s.toLowerCase(java.util.Locale.ROOT))) {
            throw new BundleFormatException(where + ": want lowercase hex with an even number of digits");
        }
        try {
            return HexFormat.of().parseHex(s);
        } catch (IllegalArgumentException e) {
            throw new BundleFormatException(where + ": not hex: " + e.getMessage());
        }
    }

    static List<byte[]> hexArray(JsonNode n, String field, String where) throws BundleFormatException {
        JsonNode v = n.get(field);
        if (v == null || !v.isArray()) {
            throw new BundleFormatException(where + "." + field + ": want an array of hex strings");
        }
        List<byte[]> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw new BundleFormatException(where + "." + field + "[" + i + "]: want a hex string");
            }
            out.add(hexValue(v.get(i).asText(), where + "." + field + "[" + i + "]"));
        }
        return out;
    }
}
