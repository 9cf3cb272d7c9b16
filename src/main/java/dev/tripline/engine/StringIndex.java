package dev.tripline.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * An immutable map from strings to values, for the lookups every event makes ({@link Dispatch}: its category, the value
 * its stages are filed under). A {@link java.util.HashMap} shares one compiled lookup among all its callers in the
 * process, whose keys are of many classes: the compiler then calls the key's {@code hashCode} and {@code equals}
 * virtually, through a table, where a lookup here calls {@link String}'s own directly (and compares the characters
 * only when the hashes agree). Open addressing with linear probing over flat arrays, at most half full.
 */
final class StringIndex<V> {

    private final String[] keys;
    private final int[] hashes;
    private final Object[] values;
    private final int mask;

    StringIndex(Map<String, V> entries) {
        int slots = 4;
        while (slots < entries.size() * 2) {
            slots *= 2;
        }
        this.keys = new String[slots];
        this.hashes = new int[slots];
        this.values = new Object[slots];
        this.mask = slots - 1;
        entries.forEach((key, value) -> {
            int hash = key.hashCode();
            int i = spread(hash) & mask;
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = key;
            hashes[i] = hash;
            values[i] = value;
        });
    }

    /** The value of {@code key}, or null. */
    @SuppressWarnings("unchecked")
    V get(String key) {
        int hash = key.hashCode();
        for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
            String k = keys[i];
            if (k == null) {
                return null;
            }
            if (hashes[i] == hash && (k == key || k.equals(key))) {
                return (V) values[i];
            }
        }
    }

    /** The values, in no particular order. */
    @SuppressWarnings("unchecked")
    List<V> values() {
        List<V> all = new ArrayList<>();
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                all.add((V) values[i]);
            }
        }
        return Collections.unmodifiableList(all);
    }

    private static int spread(int hash) {
        return hash ^ hash >>> 16;
    }
}
