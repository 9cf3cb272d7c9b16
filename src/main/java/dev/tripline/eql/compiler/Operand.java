package dev.tripline.eql.compiler;

import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A compiled value expression. It evaluates to a scalar node, an array node (a multi-valued field, or a function
 * mapped over one), or {@code null} for a null or missing value.
 */
abstract class Operand {

    abstract JsonNode eval(Event event);

    /** Whether the operand reads nothing from the event (then it is folded into a constant at compile time). */
    boolean isConstant() {
        return false;
    }

    /** Adds the fields this operand reads. */
    abstract void collectFields(Set<FieldPath> into);
}
