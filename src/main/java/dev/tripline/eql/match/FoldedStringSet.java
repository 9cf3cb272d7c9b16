package dev.tripline.eql.match;

import java.util.Collection;

/**
 * A set of strings looked up ignoring case without folding (or copying) the value looked up: an open-addressing
 * table of folded constants keyed by {@link CaseFold#foldedHash}.
 */
public final class FoldedStringSet {

    private final String[] table;
    private final int[] hashes;
    private final int mask;
    private final int minLength;
    private final int maxLength;

    public FoldedStringSet(Collection<String> values) {
        int capacity = Integer.highestOneBit(Math.max(4, values.size() * 2 - 1)) << 1;
        table = new String[capacity];
        hashes = new int[capacity];
        mask = capacity - 1;
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (String value : values) {
            String folded = CaseFold.fold(value);
            min = Math.min(min, folded.length());
            max = Math.max(max, folded.length());
            int h = CaseFold.foldedHash(folded);
            int slot = spread(h) & mask;
            while (table[slot] != null && !table[slot].equals(folded)) {
                slot = (slot + 1) & mask;
            }
            table[slot] = folded;
            hashes[slot] = h;
        }
        minLength = min;
        maxLength = max;
    }

    public boolean contains(String value) {
        int length = value.length();
        if (length < minLength || length > maxLength) {
            return false;
        }
        int h = CaseFold.foldedHash(value);
        int slot = spread(h) & mask;
        String candidate;
        while ((candidate = table[slot]) != null) {
            if (hashes[slot] == h && CaseFold.equalsFolded(value, candidate)) {
                return true;
            }
            slot = (slot + 1) & mask;
        }
        return false;
    }

    public boolean isEmpty() {
        return maxLength == 0 && minLength == Integer.MAX_VALUE;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
