package dev.tripline.event;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One immutable version of a {@link FieldRegistry}: the registered paths by slot, and the trie of property names an
 * {@link EventDecoder} walks. A document may spell {@code process.parent.name} as nested objects, as one flattened
 * key, or any mix ({@code {"process": {"parent.name": ...}}}); the trie holds every such split of every path, and
 * each split's <em>rank</em> is its precedence in {@link FieldPath#resolve}: the all-nested split first, then the
 * others longest key first, depth first. When a document holds a field under several splits, the best-ranked one
 * wins, exactly as resolving the parsed document would.
 */
final class FieldLayout {

    /** Paths with more segments than this are not extracted (2^(n-1) splits each); they are read from documents. */
    static final int MAX_SEGMENTS = 8;

    private static final int[] NO_SLOTS = new int[0];

    /** One property name on the way to one or more registered fields. */
    static final class Node {
        final int id;
        /** the children by name, open addressing: {@code names[i]} leads to {@code children[i]}; null for a leaf */
        String[] names;
        Node[] children;
        /** the same children by the UTF-8 bytes of their names, filed by {@link #byteHash} (same capacity, mask) */
        byte[][] byteNames;
        Node[] byteChildren;
        int mask;
        /** the slot whose split ends here, or -1 */
        int slot = -1;
        int rank;
        /** the slots of every split ending strictly below this node */
        int[] slotsBelow = NO_SLOTS;
        private final Map<String, Node> byName = new LinkedHashMap<>();

        Node(int id) {
            this.id = id;
        }

        /**
         * The child for a property name, or {@code null}. Names come from the parser's symbol table, one instance per
         * name (and the very instance of the path's segment when property names are interned), so the identity test
         * nearly always decides; equal text under another instance still matches.
         */
        Node child(String name) {
            int hash = name.hashCode();
            for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
                String candidate = names[i];
                if (candidate == name) {
                    return children[i];
                }
                if (candidate == null) {
                    return null;
                }
                if (candidate.hashCode() == hash && candidate.equals(name)) {
                    return children[i];
                }
            }
        }

        /**
         * The child for a property name given as plain ASCII bytes (no escapes), {@code hash} being
         * {@link #byteHash} of them.
         */
        Node child(byte[] source, int from, int length, int hash) {
            for (int i = hash & mask; ; i = (i + 1) & mask) {
                byte[] candidate = byteNames[i];
                if (candidate == null) {
                    return null;
                }
                if (candidate.length == length && Arrays.equals(candidate, 0, length, source, from, from + length)) {
                    return byteChildren[i];
                }
            }
        }

        boolean isLeaf() {
            return names == null;
        }
    }

    /**
     * A hash of a property name's bytes that looks at four of them, not all: the names under one node differ in
     * length or in their first, second, middle or last letters, and a full hash would cost a multiply per byte of every name
     * in the request, registered or not. Equal names are still told apart by comparing their bytes.
     */
    static int byteHash(byte[] b, int from, int length) {
        if (length == 0) {
            return 0;
        }
        int second = length > 1 ? b[from + 1] : 0;
        int hash = length * 0x9E3779B1 + b[from] * 31 + b[from + length - 1] * 961 + b[from + (length >> 1)] * 29791
                + second;
        return hash ^ (hash >>> 16);
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    private final FieldRegistry registry;
    private final FieldPath[] paths;
    private final Node root;
    private final int nodeCount;

    private FieldLayout(FieldRegistry registry, FieldPath[] paths, Node root, int nodeCount) {
        this.registry = registry;
        this.paths = paths;
        this.root = root;
        this.nodeCount = nodeCount;
    }

    static FieldLayout build(FieldRegistry registry, FieldPath[] paths) {
        int[] ids = {1};
        Node root = new Node(0);
        for (int slot = 0; slot < paths.length; slot++) {
            FieldPath path = paths[slot];
            if (path.segmentCount() > MAX_SEGMENTS) {
                continue;
            }
            List<List<String>> splits = new ArrayList<>();
            splits(path, 0, new ArrayList<>(), splits);
            for (int i = 0; i < splits.size(); i++) {
                // the last split in depth-first order is the all-nested one, which resolving tries first of all
                int rank = i == splits.size() - 1 ? 0 : i + 1;
                Node node = root;
                for (String key : splits.get(i)) {
                    Node parent = node;
                    node = parent.byName.computeIfAbsent(key, k -> new Node(ids[0]++));
                }
                node.slot = slot;
                node.rank = rank;
            }
        }
        freeze(root);
        return new FieldLayout(registry, paths, root, ids[0]);
    }

    /** Every way to cut the path's segments from {@code start} into keys, longest first key first. */
    private static void splits(FieldPath path, int start, List<String> prefix, List<List<String>> out) {
        int last = path.segmentCount() - 1;
        for (int end = last; end >= start; end--) {
            prefix.add(path.joined(start, end));
            if (end == last) {
                out.add(List.copyOf(prefix));
            } else {
                splits(path, end + 1, prefix, out);
            }
            prefix.remove(prefix.size() - 1);
        }
    }

    /** Builds each node's name matcher and collects the slots below it. */
    private static int[] freeze(Node node) {
        if (node.byName.isEmpty()) {
            return NO_SLOTS;
        }
        int capacity = Integer.highestOneBit(Math.max(2, node.byName.size() * 4) - 1) << 1;
        node.names = new String[capacity];
        node.byteNames = new byte[capacity][];
        node.byteChildren = new Node[capacity];
        node.children = new Node[capacity];
        node.mask = capacity - 1;
        for (Map.Entry<String, Node> entry : node.byName.entrySet()) {
            int i = spread(entry.getKey().hashCode()) & node.mask;
            while (node.names[i] != null) {
                i = (i + 1) & node.mask;
            }
            node.names[i] = entry.getKey();
            byte[] name = entry.getKey().getBytes(StandardCharsets.UTF_8);
            int j = byteHash(name, 0, name.length) & node.mask;
            while (node.byteNames[j] != null) {
                j = (j + 1) & node.mask;
            }
            node.byteNames[j] = name;
            node.byteChildren[j] = entry.getValue();
            node.children[i] = entry.getValue();
        }
        List<Integer> below = new ArrayList<>();
        for (Node child : node.byName.values()) {
            if (child.slot >= 0 && !below.contains(child.slot)) {
                below.add(child.slot);
            }
            for (int slot : freeze(child)) {
                if (!below.contains(slot)) {
                    below.add(slot);
                }
            }
        }
        node.slotsBelow = below.stream().mapToInt(Integer::intValue).toArray();
        return node.slotsBelow;
    }

    FieldRegistry registry() {
        return registry;
    }

    int size() {
        return paths.length;
    }

    Node root() {
        return root;
    }

    int nodeCount() {
        return nodeCount;
    }

    FieldPath path(int slot) {
        return paths[slot];
    }
}
