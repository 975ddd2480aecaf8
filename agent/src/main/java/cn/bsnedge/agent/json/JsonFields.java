package cn.bsnedge.agent.json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parsed JSON object (see {@link StreamingJson#parseObject}) with typed access to its fields.
 * Errors name the file and the field and say what was wanted, never the value: some of these
 * files hold keys.
 *
 * @param fields the object's fields in file order; values as {@link StreamingJson#parseObject} describes
 * @param where  the file (or other source) for error messages
 */
public record JsonFields(Map<String, Object> fields, String where) {

    public JsonFields {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields)); // Map.copyOf refuses null values
    }

    /** The string at {@code name}, or null when it is missing or not a string. */
    public String textOrNull(String name) {
        return fields.get(name) instanceof String s ? s : null;
    }

    /** The string at {@code name}. */
    public String text(String name) throws IOException {
        if (fields.get(name) instanceof String s) {
            return s;
        }
        throw wrong(name, "a string");
    }

    /** The integer at {@code name}, within a long's range. */
    public long integer(String name) throws IOException {
        Object v = fields.get(name);
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        throw wrong(name, "an integer");
    }

    /** The array of strings at {@code name}. */
    public List<String> texts(String name) throws IOException {
        if (fields.get(name) instanceof List<?> l) {
            List<String> out = new ArrayList<>(l.size());
            for (Object v : l) {
                if (!(v instanceof String s)) {
                    throw new IOException(where + ": field '" + name + "'[" + out.size() + "] is " + kind(v) + "; want a string");
                }
                out.add(s);
            }
            return out;
        }
        throw wrong(name, "an array of strings");
    }

    /** The object at {@code name} whose values are all strings, in file order. */
    public Map<String, String> textsByName(String name) throws IOException {
        if (fields.get(name) instanceof Map<?, ?> m) {
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getValue() instanceof String s)) {
                    throw new IOException(where + ": field '" + name + "'.'" + e.getKey() + "' is " + kind(e.getValue()) + "; want a string");
                }
                out.put((String) e.getKey(), s);
            }
            return out;
        }
        throw wrong(name, "an object of strings");
    }

    private IOException wrong(String name, String want) {
        return new IOException(where + ": field '" + name + "' is " + (fields.containsKey(name) ? kind(fields.get(name)) : "missing")
                + "; want " + want);
    }

    private static String kind(Object v) {
        return switch (v) {
            case null -> "null";
            case String _ -> "a string";
            case Boolean _ -> "a boolean";
            case Number _ -> "a number";
            case List<?> _ -> "an array";
            default -> "an object";
        };
    }
}
