package dev.tripline.eql.compiler;

import tools.jackson.databind.JsonNode;

/**
 * A comparison of one value (never an array, never null) against constants, in three-valued terms:
 * {@link #matches} when the comparison holds, {@link #rejects} when it definitely does not; neither when the
 * value cannot be compared (an object, or ordering a string against a number).
 */
interface ScalarTest {

    boolean matches(JsonNode value);

    boolean rejects(JsonNode value);
}
