package dev.tripline.engine;

import dev.tripline.event.KeyFingerprint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The identity of one state machine: a rule (the installed instance, so a replaced rule never shares keys with its
 * successor) and the join key values. Holds up to two values in fields and more in an array (to show them), and is
 * compared by a 128-bit fingerprint of the values taken when the key is made, while the event's strings are in the
 * cache: a lookup in a store of a million keys then reads the stored key object alone, not its strings, which went
 * cold long ago. Two different keys of one rule would be taken for one only if their fingerprints agreed on all 128
 * bits (seeded at random per process, see {@link KeyFingerprint}); the engine already trusts the same odds for event
 * keys (and 64 of those bits for hosts, see {@link HostClocks}).
 */
final class PartialKey {

    /** Told apart from strings: a value of another type is fingerprinted with its type's mark mixed in. */
    private static final long LONG = 0x9E3779B97F4A7C15L;
    private static final long DOUBLE = 0xC2B2AE3D27D4EB4FL;
    private static final long BOOLEAN = 0x165667B19E3779F9L;
    private static final long LIST = 0x27D4EB2F165667C5L;
    private static final long MISSING = 0x85EBCA77C2B2AE63L;

    final RuleProgram rule;
    private final Object first;
    private final Object second;
    private final Object[] more;
    private final long fingerprintFirst;
    private final long fingerprintSecond;

    private PartialKey(RuleProgram rule, Object first, Object second, Object[] more, long fingerprintFirst,
            long fingerprintSecond) {
        this.rule = rule;
        this.first = first;
        this.second = second;
        this.more = more;
        this.fingerprintFirst = fingerprintFirst;
        this.fingerprintSecond = fingerprintSecond;
    }

    static PartialKey of(RuleProgram rule, Object[] values, int count) {
        return of(rule, values, count, false, 0, 0);
    }

    /**
     * As {@link #of(RuleProgram, Object[], int)}, with the first value's fingerprint given: a string's
     * {@link KeyFingerprint#of}, which the decoder takes of an event's host (the first key of most rules) while the
     * host's bytes are in the cache, so the key need not read the string again.
     */
    static PartialKey of(RuleProgram rule, Object[] values, int count, long firstLane, long secondLane) {
        return of(rule, values, count, true, firstLane, secondLane);
    }

    private static PartialKey of(RuleProgram rule, Object[] values, int count, boolean firstKnown, long firstLane,
            long secondLane) {
        long x = count;
        long y = ~(long) count;
        for (int i = 0; i < count; i++) {
            long a = firstLane;
            long b = secondLane;
            if (i > 0 || !firstKnown) {
                KeyFingerprint f = fingerprint(values[i]);
                a = f.first();
                b = f.second();
            }
            // order matters: (a, b) and (b, a) are different keys
            x = KeyFingerprint.mix(Long.rotateLeft(x, 27) ^ a);
            y = KeyFingerprint.mix(Long.rotateLeft(y, 41) + b);
        }
        Object first = count > 0 ? values[0] : null;
        Object second = count > 1 ? values[1] : null;
        Object[] rest = count > 2 ? Arrays.copyOfRange(values, 2, count) : null;
        return new PartialKey(rule, first, second, rest, x, y);
    }

    /** A value's fingerprint: a string's own; another type's by its text with the type's mark, a list's by element. */
    private static KeyFingerprint fingerprint(Object value) {
        if (value instanceof String text) {
            return KeyFingerprint.of(text);
        }
        if (value instanceof List<?> list) {
            long x = LIST ^ list.size();
            long y = ~LIST + list.size();
            for (Object element : list) {
                KeyFingerprint f = fingerprint(element);
                x = KeyFingerprint.mix(Long.rotateLeft(x, 27) ^ f.first());
                y = KeyFingerprint.mix(Long.rotateLeft(y, 41) + f.second());
            }
            return new KeyFingerprint(x, y);
        }
        long mark = value instanceof Long ? LONG : value instanceof Double ? DOUBLE : value instanceof Boolean ? BOOLEAN
                : MISSING;
        KeyFingerprint f = KeyFingerprint.of(String.valueOf(value));
        return new KeyFingerprint(f.first() ^ mark, f.second() + mark);
    }

    int size() {
        return more != null ? 2 + more.length : second != null ? 2 : first != null ? 1 : 0;
    }

    /** The values as a {@link Match} shows them. */
    List<Object> values() {
        int n = size();
        List<Object> values = new ArrayList<>(n);
        if (n > 0) {
            values.add(JoinKeys.exposed(first));
        }
        if (n > 1) {
            values.add(JoinKeys.exposed(second));
        }
        if (more != null) {
            for (Object value : more) {
                values.add(JoinKeys.exposed(value));
            }
        }
        return values;
    }

    @Override
    public int hashCode() {
        return (int) (fingerprintFirst ^ fingerprintFirst >>> 32);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        return other instanceof PartialKey key && key.fingerprintFirst == fingerprintFirst
                && key.fingerprintSecond == fingerprintSecond && key.rule == rule;
    }

    @Override
    public String toString() {
        return rule.ruleId() + values();
    }
}
