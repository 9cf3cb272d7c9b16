package dev.tripline.eql;

import dev.tripline.event.FieldPath;
import java.util.Objects;

/**
 * How a query is compiled.
 *
 * @param categoryField the field that {@code process where} tests ({@code event.category} unless the caller names
 *     another, as Elasticsearch's {@code event_category_field} does)
 */
public record CompileOptions(FieldPath categoryField) {

    public static final CompileOptions DEFAULTS = new CompileOptions(CategoryMatcher.DEFAULT_FIELD);

    public CompileOptions {
        Objects.requireNonNull(categoryField, "categoryField");
    }

    public static CompileOptions withCategoryField(String field) {
        return new CompileOptions(FieldPath.of(field));
    }
}
