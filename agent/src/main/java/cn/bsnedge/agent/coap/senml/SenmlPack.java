package cn.bsnedge.agent.coap.senml;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Decodes a SenML pack (RFC 8428) from its JSON (§5, application/senml+json) or CBOR (§6,
 * application/senml+cbor) representation into records, then resolves them. Jackson does the
 * syntax; this class checks every field's type and label, because a pack arrives from a
 * constrained device and a wrong field must be named, not guessed at.
 *
 * <p>Both representations become the same {@link RawRecord}s: CBOR's integer labels are read as
 * the JSON label they stand for (§6, Table 4). Unknown labels are ignored as §4.4 asks, except
 * those ending in {@code _}, which the receiver must understand (§4.4) and so are refused.
 */
public final class SenmlPack {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // "21.40" states a precision the sensor has; the chain keeps it (ReadingValue.Decimal).
            .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    private static final ObjectMapper CBOR = CBORMapper.builder(CBORFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .build();

    /**
     * CBOR map keys (RFC 8428 Table 4) → JSON labels. Jackson reads integer keys as their decimal
     * text; text keys (extensions, §6) pass through as they are.
     */
    private static final Map<String, String> CBOR_LABELS = Map.ofEntries(
            Map.entry("-1", "bver"), Map.entry("-2", "bn"), Map.entry("-3", "bt"), Map.entry("-4", "bu"),
            Map.entry("-5", "bv"), Map.entry("-6", "bs"), Map.entry("0", "n"), Map.entry("1", "u"),
            Map.entry("2", "v"), Map.entry("3", "vs"), Map.entry("4", "vb"), Map.entry("5", "s"),
            Map.entry("6", "t"), Map.entry("7", "ut"), Map.entry("8", "vd"));

    /** A reading's decimal holds scale -128..127 (ledger-lite ReadingValue.Decimal) and 19 digits. */
    static final int MAX_SCALE = 127;
    static final int MAX_DIGITS = 40;

    private SenmlPack() {
    }

    /** Decodes and resolves an application/senml+json pack. */
    public static List<SenmlRecord> json(byte[] payload) throws SenmlException {
        return SenmlResolver.resolve(records(parse(JSON, payload, "JSON"), false));
    }

    /** Decodes and resolves an application/senml+cbor pack. */
    public static List<SenmlRecord> cbor(byte[] payload) throws SenmlException {
        return SenmlResolver.resolve(records(parse(CBOR, payload, "CBOR"), true));
    }

    private static JsonNode parse(ObjectMapper mapper, byte[] payload, String format) throws SenmlException {
        if (payload.length == 0) {
            throw new SenmlException("empty payload; want a SenML pack, a " + format + " array of records");
        }
        try (var parser = mapper.createParser(payload)) {
            JsonNode root = mapper.readTree(parser);
            if (parser.nextToken() != null) {
                throw new SenmlException("trailing data after the pack; want exactly one " + format + " array");
            }
            if (root == null || root.isMissingNode()) {
                throw new SenmlException("empty payload; want a SenML pack, a " + format + " array of records");
            }
            return root;
        } catch (IOException | RuntimeException e) {
            // Jackson reports some bad numbers (e.g. an exponent of 13 digits) as NumberFormatException.
            throw new SenmlException("not valid " + format + ": " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    private static List<RawRecord> records(JsonNode root, boolean cbor) throws SenmlException {
        if (!root.isArray()) {
            throw new SenmlException("the pack is a " + kind(root) + "; want an array of records (RFC 8428 §4)");
        }
        if (root.isEmpty()) {
            throw new SenmlException("the pack has no records; want at least one");
        }
        List<RawRecord> out = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            out.add(record(root.get(i), i, cbor));
        }
        return out;
    }

    private static RawRecord record(JsonNode node, int index, boolean cbor) throws SenmlException {
        if (!node.isObject()) {
            throw SenmlException.at(index, "is a " + kind(node) + "; want a map of SenML fields");
        }
        RawRecord.Builder b = new RawRecord.Builder(index);
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String label = cbor ? CBOR_LABELS.getOrDefault(f.getKey(), f.getKey()) : f.getKey();
            field(b, label, f.getValue(), index, cbor);
        }
        return b.build();
    }

    private static void field(RawRecord.Builder b, String label, JsonNode v, int i, boolean cbor) throws SenmlException {
        switch (label) {
            case "bn" -> b.bn = text(v, i, label);
            case "bu" -> b.bu = text(v, i, label);
            case "n" -> b.n = text(v, i, label);
            case "u" -> b.u = text(v, i, label);
            case "bt" -> b.bt = number(v, i, label);
            case "bv" -> b.bv = number(v, i, label);
            case "bs" -> b.bs = number(v, i, label);
            case "s" -> b.s = number(v, i, label);
            case "t" -> b.t = number(v, i, label);
            case "ut" -> number(v, i, label); // update time: checked, not used
            case "bver" -> {
                if (!v.isIntegralNumber() || v.asLong(-1) < 0 || !v.canConvertToInt()) {
                    throw SenmlException.at(i, "'bver' is " + describe(v) + "; want an unsigned integer");
                }
                b.bver = v.asInt();
            }
            case "v" -> b.value(new SenmlValue.Numeric(number(v, i, label)), label);
            case "vs" -> b.value(new SenmlValue.Text(text(v, i, label)), label);
            case "vb" -> {
                if (!v.isBoolean()) {
                    throw SenmlException.at(i, "'vb' is " + describe(v) + "; want true or false");
                }
                b.value(new SenmlValue.Bool(v.booleanValue()), label);
            }
            case "vd" -> b.value(new SenmlValue.Data(data(v, i, cbor)), label);
            default -> {
                if (label.endsWith("_")) {
                    throw SenmlException.at(i, "label '" + label + "' must be understood (it ends in _, RFC 8428 §4.4)"
                            + " and this gateway does not know it");
                }
            }
        }
    }

    private static String text(JsonNode v, int i, String label) throws SenmlException {
        if (!v.isTextual()) {
            throw SenmlException.at(i, "'" + label + "' is " + describe(v) + "; want a string");
        }
        return v.textValue();
    }

    private static SenmlNumber number(JsonNode v, int i, String label) throws SenmlException {
        if (v.isBigDecimal() || v.isIntegralNumber()) {
            BigDecimal d = v.decimalValue();
            // Bounded so that adding base fields stays cheap: 1e-999999999 + 1 would need a billion digits.
            if (d.scale() < -MAX_SCALE || d.scale() > MAX_SCALE || d.precision() > MAX_DIGITS) {
                throw SenmlException.at(i, "'" + label + "' " + describe(v) + " has more digits or a larger exponent than a reading"
                        + " keeps (at most " + MAX_DIGITS + " digits, exponent within ±" + MAX_SCALE + ")");
            }
            return SenmlNumber.of(d);
        }
        if (v.isFloatingPointNumber()) {
            double d = v.doubleValue();
            if (!Double.isFinite(d)) {
                throw SenmlException.at(i, "'" + label + "' is " + d + "; want a finite number");
            }
            return SenmlNumber.of(d);
        }
        throw SenmlException.at(i, "'" + label + "' is " + describe(v) + "; want a number");
    }

    private static byte[] data(JsonNode v, int i, boolean cbor) throws SenmlException {
        if (cbor) {
            if (!v.isBinary()) {
                throw SenmlException.at(i, "'vd' is " + describe(v) + "; want a byte string (RFC 8428 §6)");
            }
            try {
                return v.binaryValue();
            } catch (IOException e) {
                throw SenmlException.at(i, "'vd' cannot be read: " + e.getMessage());
            }
        }
        String s = text(v, i, "vd");
        try {
            return Base64.getUrlDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw SenmlException.at(i, "'vd' is not base64url (RFC 4648 §5): " + e.getMessage());
        }
    }

    static String kind(JsonNode n) {
        if (n.isArray()) {
            return "array";
        }
        if (n.isObject()) {
            return "map";
        }
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    private static String describe(JsonNode v) {
        String shown = v.isContainerNode() ? kind(v) : v.toString();
        return shown.length() > 40 ? shown.substring(0, 40) + "..." : shown;
    }

    /** A decimal as SenML's JSON writes it; for messages. */
    static String show(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }
}
