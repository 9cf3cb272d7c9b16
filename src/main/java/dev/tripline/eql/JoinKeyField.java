package dev.tripline.eql;

import dev.tripline.event.FieldPath;

/**
 * One field of a sequence's join key. A missing or null value never joins, unless the field was written as
 * optional ({@code ?field}): then a missing value joins other missing values.
 */
public record JoinKeyField(FieldPath field, boolean optional) {
}
