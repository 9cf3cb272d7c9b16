package dev.tripline.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The identity of one state machine: a rule (the installed instance, so a replaced rule never shares keys with its
 * successor) and the join key values. Holds up to two values in fields and more in an array, and its hash is
 * computed once: millions of these live in the store, and no string is ever built for them.
 */
final class PartialKey {

    final RuleProgram rule;
    private final Object first;
    private final Object second;
    private final Object[] more;
    private final int hash;

    private PartialKey(RuleProgram rule, Object first, Object second, Object[] more, int hash) {
        this.rule = rule;
        this.first = first;
        this.second = second;
        this.more = more;
        this.hash = hash;
    }

    static PartialKey of(RuleProgram rule, Object[] values, int count) {
        Object a = count > 0 ? values[0] : null;
        Object b = count > 1 ? values[1] : null;
        Object[] rest = count > 2 ? Arrays.copyOfRange(values, 2, count) : null;
        int h = System.identityHashCode(rule);
        for (int i = 0; i < count; i++) {
            h = 31 * h + values[i].hashCode();
        }
        return new PartialKey(rule, a, b, rest, spread(h));
    }

    private static int spread(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h;
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
        return hash;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        return other instanceof PartialKey key && key.hash == hash && key.rule == rule
                && Objects.equals(key.first, first) && Objects.equals(key.second, second)
                && Arrays.equals(key.more, more);
    }

    @Override
    public String toString() {
        return rule.ruleId() + values();
    }
}
