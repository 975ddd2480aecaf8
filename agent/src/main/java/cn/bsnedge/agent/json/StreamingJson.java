package cn.bsnedge.agent.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small JSON files {@code bsn-edge run} writes and reads (status.json, registry.json,
 * meta.json, the key files), through jackson-core's streaming API alone. Databind would load
 * some 400 classes for them, megabytes of class metadata in an agent that must stay within
 * 80 MB RSS; the few CLI-only readers of richer JSON still use it.
 *
 * <p>Output is what databind's {@code INDENT_OUTPUT} and {@code toPrettyString()} gave, byte for
 * byte: both use the same {@code DefaultPrettyPrinter}, so files written before stay identical.
 */
public final class StreamingJson {

    /** Thread-safe once configured; shared so its name tables and buffers are reused. */
    private static final JsonFactory FACTORY = new JsonFactory();

    /** Writes the fields of one object, between its braces. */
    @FunctionalInterface
    public interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private StreamingJson() {
    }

    /** One JSON object, pretty-printed (two-space indent, {@code "name" : value}), without a trailing newline. */
    public static String prettyObject(Fields fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out).useDefaultPrettyPrinter()) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            // A StringWriter does not fail: this is a field written out of place, a bug.
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
        return out.toString();
    }

    /**
     * Parses {@code json}, which must hold exactly one object; {@code where} (a file name) starts
     * every error message. Values become String, Integer/Long/BigInteger, Double, Boolean, null,
     * List or Map (fields in file order).
     */
    public static JsonFields parseObject(String json, String where) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new IOException(where + ": " + (first == null ? "is empty" : "holds " + kind(first)) + "; want a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) value(p);
            if (p.nextToken() != null) {
                throw new IOException(where + ": more after the object ends at line " + p.currentLocation().getLineNr()
                        + "; want a single JSON object");
            }
            return new JsonFields(fields, where);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new IOException(where + ": not JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"), e);
        }
    }

    private static String kind(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            default -> t.asString();
        };
    }

    /** The value at the parser's current token, consuming it whole. */
    private static Object value(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    m.put(name, value(p));
                }
                yield m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(value(p));
                }
                yield l;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new JsonParseException(p, "unexpected " + p.currentToken());
        };
    }
}
