package cn.bsnedge.agent.config;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One YAML mapping being read into a record. Every read is located (file:line path), every
 * problem is collected rather than thrown, and keys nobody asked for are reported, because a
 * typo must not silently become a default.
 */
final class YamlMap {

    private final Node node;
    /** Where a missing key is reported: the line of the key that owns this mapping, e.g. "gateway:". */
    private final Node owner;
    /** Not a mapping (already reported): its keys are not "missing", the whole section is wrong. */
    private boolean broken;
    private final String path;
    private final Problems problems;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private YamlMap(Node node, Node owner, String path, Problems problems) {
        this.node = node;
        this.owner = owner;
        this.path = path;
        this.problems = problems;
    }

    /** A section the file leaves out: every read yields its default, and a required key is reported at {@code parent}. */
    static YamlMap absent(Node parent, String path, Problems problems) {
        return new YamlMap(parent, parent, path, problems);
    }

    /** The mapping under {@code key}, or an absent one when the key is not given. */
    YamlMap section(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? absent(node, child(key), problems) : of(t.getValueNode(), t.getKeyNode(), child(key), problems);
    }

    /** Reads {@code node} as a mapping; anything else is reported and read as an empty mapping. */
    static YamlMap of(Node node, String path, Problems problems) {
        return of(node, node, path, problems);
    }

    private static YamlMap of(Node node, Node owner, String path, Problems problems) {
        YamlMap m = new YamlMap(node, owner, path, problems);
        if (node instanceof MappingNode mapping) {
            for (NodeTuple t : mapping.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode key) || key.getTag().equals(Tag.NULL)) {
                    problems.add(t.getKeyNode(), path, "a key must be a plain word");
                    continue;
                }
                NodeTuple first = m.entries.putIfAbsent(key.getValue(), t);
                if (first != null) {
                    problems.add(key, m.child(key.getValue()), "duplicate key; first given at line "
                            + Problems.line(first.getKeyNode()) + ", and only one may count");
                }
            }
        } else {
            m.broken = true;
            problems.add(node, path, kind(node) + "; want a mapping of key: value lines");
        }
        return m;
    }

    /** How a node reads to an engineer, for "is X; want Y" messages. */
    static String kind(Node n) {
        return switch (n) {
            case MappingNode ignored -> "is a mapping";
            case SequenceNode ignored -> "is a list";
            case ScalarNode s when s.getTag().equals(Tag.NULL) -> "has no value";
            case ScalarNode s -> "is '" + s.getValue() + "'";
            default -> "is " + n.getNodeType();
        };
    }

    Node node() {
        return node;
    }

    String path() {
        return path;
    }

    String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The value node of {@code key}, or null when absent. */
    Node value(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? null : t.getValueNode();
    }

    /** The line to blame for {@code key}: its value's, or the owning key's when the key is absent. */
    int line(String key) {
        Node v = value(key);
        return Problems.line(v == null ? owner : v);
    }

    Problems problems() {
        return problems;
    }

    /** Reads {@code key} by its definition: its default when absent, null after a reported problem. */
    <T> T get(String key, Setting<T> setting) {
        Node v = value(key);
        if (v == null) {
            if (setting.defaultValue().isEmpty() && !broken) {
                problems.add(owner, child(key), "missing; want " + setting.rangeText());
            }
            return setting.defaultValue().orElse(null);
        }
        if (!(v instanceof ScalarNode s) || s.getTag().equals(Tag.NULL)) {
            problems.add(v, child(key), kind(v) + "; want " + setting.rangeText());
            return null;
        }
        try {
            return setting.parse(s);
        } catch (IllegalArgumentException e) {
            problems.add(v, child(key), e.getMessage());
            return null;
        }
    }

    /** Reports every key not in {@code valid}, naming the nearest valid key or listing them all. */
    void rejectUnknown(Collection<String> valid, String noneValidHint) {
        for (NodeTuple t : entries.values()) {
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            if (valid.contains(key)) {
                continue;
            }
            String near = Nearest.of(key, valid);
            String hint = valid.isEmpty() ? noneValidHint
                    : near != null ? "did you mean `" + near + "`?"
                    : "valid keys here are " + String.join(", ", valid);
            problems.add(t.getKeyNode(), child(key), "unknown key; " + hint);
        }
    }

    /** The items of a list-valued key; a non-list is reported. Empty when absent. */
    List<Node> list(String key) {
        Node v = value(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof SequenceNode seq) {
            return new ArrayList<>(seq.getValue());
        }
        if (v instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) {
            return List.of(); // "sensors:" with nothing under it: an empty list, as YAML readers expect
        }
        problems.add(v, child(key), kind(v) + "; want a list, one '- ' item per entry");
        return List.of();
    }
}
