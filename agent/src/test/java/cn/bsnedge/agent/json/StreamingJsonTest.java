package cn.bsnedge.agent.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamingJsonTest {

    /** Databind is the reference here: files it wrote before must come out byte for byte the same. */
    @Test
    void prettyObject_isWhatDatabindsIndentOutputGives_nestedEmptyAndEscaped() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", "tab\t \"quoted\" \u00e9\u4e2d");
        m.put("long", Long.MIN_VALUE);
        m.put("double", 0.1);
        m.put("none", null);
        m.put("empty", List.of());
        m.put("emptyObject", Map.of());
        m.put("list", List.of("a", "b"));
        m.put("object", Map.of("k", true));
        String streamed = StreamingJson.prettyObject(g -> {
            g.writeStringField("text", "tab\t \"quoted\" \u00e9\u4e2d");
            g.writeNumberField("long", Long.MIN_VALUE);
            g.writeNumberField("double", 0.1);
            g.writeNullField("none");
            g.writeArrayFieldStart("empty");
            g.writeEndArray();
            g.writeObjectFieldStart("emptyObject");
            g.writeEndObject();
            g.writeArrayFieldStart("list");
            g.writeString("a");
            g.writeString("b");
            g.writeEndArray();
            g.writeObjectFieldStart("object");
            g.writeBooleanField("k", true);
            g.writeEndObject();
        });
        assertEquals(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m), streamed);
        assertEquals(new ObjectMapper().valueToTree(m).toPrettyString(), streamed);
    }

    @Test
    void prettyObject_aFieldOutOfPlace_isABug() {
        var e = assertThrows(IllegalStateException.class, () -> StreamingJson.prettyObject(g -> g.writeString("no name")));
        assertTrue(e.getMessage().startsWith("cannot write JSON: "), e.getMessage());
    }

    @Test
    void parseObject_givesPlainValuesInFileOrder() throws Exception {
        JsonFields n = StreamingJson.parseObject("""
                {"s": "x", "i": 7, "l": 9000000000, "big": 99999999999999999999, "d": 1.5, "t": true, "n": null,
                 "a": ["p", "q"], "o": {"z": "1", "y": "2"}}""", "test.json");
        assertEquals(List.of("s", "i", "l", "big", "d", "t", "n", "a", "o"), List.copyOf(n.fields().keySet()));
        assertEquals("x", n.text("s"));
        assertEquals(7, n.integer("i"));
        assertEquals(9_000_000_000L, n.integer("l"));
        assertEquals(new BigInteger("99999999999999999999"), n.fields().get("big"));
        assertEquals(1.5, n.fields().get("d"));
        assertEquals(Boolean.TRUE, n.fields().get("t"));
        assertTrue(n.fields().containsKey("n"));
        assertNull(n.fields().get("n"));
        assertEquals(List.of("p", "q"), n.texts("a"));
        assertEquals(List.of("z", "y"), List.copyOf(n.textsByName("o").keySet()));
        assertEquals("2", n.textsByName("o").get("y"));
        assertNull(n.textOrNull("i"));
        assertNull(n.textOrNull("missing"));
    }

    @Test
    void fieldsOfTheWrongKind_nameFileFieldAndWant_butNeverTheValue() throws Exception {
        JsonFields n = StreamingJson.parseObject("{\"s\": \"secret\", \"i\": 1.5, \"big\": 99999999999999999999, \"a\": [\"x\", 3],"
                + " \"o\": {\"k\": \"secret\", \"m\": [\"secret\"]}}", "keys.json");
        List<String> messages = List.of(
                message(() -> n.text("i")), message(() -> n.text("missing")), message(() -> n.integer("i")),
                message(() -> n.integer("big")), message(() -> n.integer("s")), message(() -> n.texts("a")),
                message(() -> n.texts("o")), message(() -> n.textsByName("o")), message(() -> n.textsByName("a")));
        assertEquals(List.of(
                "keys.json: field 'i' is a number; want a string",
                "keys.json: field 'missing' is missing; want a string",
                "keys.json: field 'i' is a number; want an integer",
                "keys.json: field 'big' is a number; want an integer",
                "keys.json: field 's' is a string; want an integer",
                "keys.json: field 'a'[1] is a number; want a string",
                "keys.json: field 'o' is an object; want an array of strings",
                "keys.json: field 'o'.'m' is an array; want a string",
                "keys.json: field 'a' is an array; want an object of strings"), messages);
        messages.forEach(m -> assertFalse(m.contains("secret"), m));
    }

    @Test
    void parseObject_ofSomethingOtherThanOneObject_saysWhatWasFound() {
        for (String[] c : List.of(
                new String[] {"", "f.json: is empty; want a JSON object"},
                new String[] {"  ", "f.json: is empty; want a JSON object"},
                new String[] {"[1]", "f.json: holds an array; want a JSON object"},
                new String[] {"\"x\"", "f.json: holds a string; want a JSON object"},
                new String[] {"null", "f.json: holds null; want a JSON object"},
                new String[] {"{\"a\": 1} {}", "f.json: more after the object ends at line 1; want a single JSON object"},
                new String[] {"{\"a\": 1,", "f.json: not JSON: "},
                new String[] {"{\"a\": tru}", "f.json: not JSON: "})) {
            String m = message(() -> StreamingJson.parseObject(c[0], "f.json"));
            assertTrue(c[1].endsWith(": ") ? m.startsWith(c[1]) : m.equals(c[1]), Arrays.toString(c) + " gave: " + m);
        }
    }

    private interface Call {
        Object run() throws IOException;
    }

    private static String message(Call call) {
        return assertThrows(IOException.class, call::run).getMessage();
    }
}
