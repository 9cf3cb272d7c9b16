package dev.tripline.eql;

import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * One field of a sequence's join key. A missing or null value never joins, unless the field was written as
 * optional ({@code ?field}): then a missing value joins other missing values.
 *
 * <p>A key may also be an expression ({@code by length(process.name)}): then {@code field} is the expression's EQL
 * text, which names the key, and {@code expression} computes its value; read values through {@link #valueOf}, which
 * works for both.
 *
 * @param expression computes the key's value when the key is not a plain field, else {@code null}
 */
public record JoinKeyField(FieldPath field, boolean optional, Function<Event, JsonNode> expression) {

    public JoinKeyField(FieldPath field, boolean optional) {
        this(field, optional, null);
    }

    /** The key's value in the event: a scalar, an array, a null node, or {@code null} when absent. */
    public JsonNode valueOf(Event event) {
        return expression == null ? event.get(field) : expression.apply(event);
    }
}
