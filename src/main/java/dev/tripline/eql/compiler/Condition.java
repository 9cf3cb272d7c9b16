package dev.tripline.eql.compiler;

import dev.tripline.eql.EventPredicate;
import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A compiled boolean expression under EQL's three-valued logic: for an event it is true, false, or null (unknown:
 * a comparison with a missing field). {@link #test} answers "definitely true", {@link #testFalse} "definitely
 * false"; null is neither. That is all {@code not}, {@code and} and {@code or} need ({@code not x} is true exactly
 * when {@code x} is false), so no tri-state value is ever built, and a condition used as a stage predicate is just
 * {@link #test}.
 *
 * <p>An abstract class rather than an interface: the calls from {@code and}/{@code or} nodes to their operands are
 * megamorphic, and a virtual call is cheaper than an interface call there.
 */
public abstract class Condition implements EventPredicate {

    /** Whether the condition is true for the event. */
    @Override
    public abstract boolean test(Event event);

    /** Whether the condition is false (not merely unknown) for the event. */
    public abstract boolean testFalse(Event event);

    /** Whether the condition reads nothing from the event, so that it can be evaluated once at compile time. */
    boolean isConstant() {
        return false;
    }

    /** Adds the fields this condition reads. */
    abstract void collectFields(Set<FieldPath> into);

    @Override
    public Collection<FieldPath> fields() {
        Set<FieldPath> fields = new LinkedHashSet<>();
        collectFields(fields);
        return List.copyOf(fields);
    }
}
