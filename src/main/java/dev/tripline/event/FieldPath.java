package dev.tripline.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A dotted field name ({@code process.parent.name}) compiled once into the lookups that find it in a document.
 * Real ECS data mixes nested objects ({@code {"process":{"parent":{"name":"bash"}}}}) with flattened dotted keys
 * ({@code {"process.parent.name":"bash"}} or {@code {"process":{"parent.name":"bash"}}}); every split of the path
 * into keys is tried, nested first. All the joined key strings are built here, so resolving allocates nothing
 * unless the path crosses an array of objects (then the values found are collected, as Elasticsearch flattens
 * them).
 */
public final class FieldPath {

    private final String dotted;
    private final int hash;
    private final String[] segments;
    /** joined[i][j] = segments i..j joined with dots */
    private final String[][] joined;
    /**
     * The slot this path was last found in, with the registry that gave it: slots never change once given, so this
     * saves a map lookup per read. An immutable pair in a plain field: a racing reader sees either pair, both right.
     */
    private Binding binding;

    private record Binding(FieldRegistry registry, int slot) {
    }

    private FieldPath(String dotted, String[] segments) {
        this.dotted = dotted;
        int h = dotted.hashCode();
        this.hash = h ^ (h >>> 16) ^ (h >>> 7);
        this.segments = segments;
        int n = segments.length;
        this.joined = new String[n][n];
        for (int i = 0; i < n; i++) {
            StringBuilder key = new StringBuilder();
            for (int j = i; j < n; j++) {
                if (j > i) {
                    key.append('.');
                }
                key.append(segments[j]);
                // interned: when the JSON parser interns property names too, map lookups compare by identity
                joined[i][j] = key.toString().intern();
            }
        }
    }

    /** Compiles a dotted name; segments are split on {@code .} (a backquoted EQL name arrives unquoted here). */
    public static FieldPath of(String dotted) {
        Objects.requireNonNull(dotted, "field name");
        if (dotted.isEmpty()) {
            throw new IllegalArgumentException("field name must not be empty");
        }
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= dotted.length(); i++) {
            if (i == dotted.length() || dotted.charAt(i) == '.') {
                parts.add(dotted.substring(start, i));
                start = i + 1;
            }
        }
        return new FieldPath(dotted, parts.stream().map(String::intern).toArray(String[]::new));
    }

    /**
     * The value at this path: a scalar node, an array node (multi-valued field), or {@code null} when the field
     * is absent. A JSON {@code null} is returned as a null node, so callers can tell "present but null" apart.
     */
    public JsonNode resolve(JsonNode root) {
        if (root == null || !root.isObject()) {
            return null;
        }
        return resolveFrom(root, 0);
    }

    private JsonNode resolveFrom(JsonNode node, int start) {
        int last = segments.length - 1;
        // fast path: plain nesting, the common shape of Elastic Defend documents
        JsonNode current = node;
        int i = start;
        while (i <= last) {
            JsonNode child = current.get(segments[i]);
            if (child == null) {
                break;
            }
            if (i == last) {
                return child;
            }
            if (child.isObject()) {
                current = child;
                i++;
                continue;
            }
            if (child.isArray()) {
                return collectThroughArray((ArrayNode) child, i + 1);
            }
            break;
        }
        // slow path: some keys along the way hold dots themselves
        return resolveSplits(node, start);
    }

    private JsonNode resolveSplits(JsonNode node, int start) {
        int last = segments.length - 1;
        for (int end = last; end >= start; end--) {
            JsonNode child = node.get(joined[start][end]);
            if (child == null) {
                continue;
            }
            if (end == last) {
                return child;
            }
            if (child.isObject()) {
                JsonNode found = resolveSplits(child, end + 1);
                if (found != null) {
                    return found;
                }
            } else if (child.isArray()) {
                JsonNode found = collectThroughArray((ArrayNode) child, end + 1);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** A path that runs through an array of objects yields every value found below its elements. */
    private JsonNode collectThroughArray(ArrayNode array, int next) {
        ArrayNode values = null;
        for (JsonNode element : array) {
            if (!element.isObject()) {
                continue;
            }
            JsonNode found = resolveSplits(element, next);
            if (found == null || found.isNull()) {
                continue;
            }
            if (values == null) {
                values = JsonNodeFactory.instance.arrayNode();
            }
            if (found.isArray()) {
                values.addAll((ArrayNode) found);
            } else {
                values.add(found);
            }
        }
        return values;
    }

    public List<String> segments() {
        return List.of(segments);
    }

    /** Segments {@code from..to} (inclusive) joined with dots, as a key of a document may spell them. */
    String joined(int from, int to) {
        return joined[from][to];
    }

    int segmentCount() {
        return segments.length;
    }

    /** This path's slot in {@code registry}, or -1 when it is not registered there (yet). */
    int slotIn(FieldRegistry registry) {
        Binding b = binding;
        if (b != null && b.registry == registry) {
            return b.slot;
        }
        int slot = registry.slotOf(this);
        if (slot >= 0) {
            binding = new Binding(registry, slot);
        }
        return slot;
    }

    @Override
    public String toString() {
        return dotted;
    }

    @Override
    public boolean equals(Object other) {
        return other == this || other instanceof FieldPath path && path.hash == hash && path.dotted.equals(dotted);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
