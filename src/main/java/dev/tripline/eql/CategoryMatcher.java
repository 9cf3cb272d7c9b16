package dev.tripline.eql;

import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import tools.jackson.databind.JsonNode;

/**
 * Tests an event's category: {@code process where} holds when the category field ({@code event.category} unless
 * the caller names another) is the string {@code process} or an array containing it, compared case-sensitively
 * as Elasticsearch's term filter does.
 */
public final class CategoryMatcher {

    public static final FieldPath DEFAULT_FIELD = FieldPath.of("event.category");
    public static final CategoryMatcher DEFAULT = new CategoryMatcher(DEFAULT_FIELD);

    private final FieldPath field;

    public CategoryMatcher(FieldPath field) {
        this.field = field;
    }

    public FieldPath field() {
        return field;
    }

    public boolean has(Event event, String category) {
        JsonNode value = event.get(field);
        if (value == null) {
            return false;
        }
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                JsonNode element = value.get(i);
                if (element.isString() && category.equals(element.stringValue())) {
                    return true;
                }
            }
            return false;
        }
        return value.isString() && category.equals(value.stringValue());
    }
}
