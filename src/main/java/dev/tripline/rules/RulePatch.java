package dev.tripline.rules;

import dev.tripline.web.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/**
 * A {@code PATCH /api/v1/rules/{rule_id}} body: the fields analysts tune. Absent fields stay as they are; any other
 * field is refused, so a typo never silently does nothing.
 */
record RulePatch(Boolean enabled, String severity, Integer riskScore, List<String> tags) {

    static final Set<String> FIELDS = Set.of("enabled", "severity", "risk_score", "tags");
    private static final int MAX_TAGS = 100;
    private static final int MAX_TAG_LENGTH = 256;

    static RulePatch parse(JsonNode body) {
        List<Map<String, String>> errors = new ArrayList<>();
        if (body == null || !body.isObject()) {
            throw invalid(List.of(RuleParser.error("(body)", "must be a JSON object")));
        }
        body.propertyNames().forEach(name -> {
            if (!FIELDS.contains(name)) {
                errors.add(RuleParser.error(name, "is not a field that can be patched (enabled, severity, risk_score, tags)"));
            }
        });
        if (body.isEmpty()) {
            errors.add(RuleParser.error("(body)", "changes nothing: give at least one of enabled, severity, risk_score, tags"));
        }
        Boolean enabled = null;
        if (body.has("enabled")) {
            JsonNode value = body.get("enabled");
            if (value.isBoolean()) {
                enabled = value.booleanValue();
            } else {
                errors.add(RuleParser.error("enabled", "must be true or false"));
            }
        }
        String severity = null;
        if (body.has("severity")) {
            JsonNode value = body.get("severity");
            if (value.isString() && RuleParser.SEVERITIES.contains(value.stringValue().toLowerCase(Locale.ROOT))) {
                severity = value.stringValue().toLowerCase(Locale.ROOT);
            } else {
                errors.add(RuleParser.error("severity", "must be one of low, medium, high, critical"));
            }
        }
        Integer riskScore = null;
        if (body.has("risk_score")) {
            JsonNode value = body.get("risk_score");
            if (value.isIntegralNumber() && value.asLong() >= 0 && value.asLong() <= 100) {
                riskScore = value.asInt();
            } else {
                errors.add(RuleParser.error("risk_score", "must be an integer from 0 to 100"));
            }
        }
        List<String> tags = null;
        if (body.has("tags")) {
            JsonNode value = body.get("tags");
            if (value.isArray() && value.size() <= MAX_TAGS) {
                tags = new ArrayList<>();
                for (JsonNode tag : value) {
                    if (!tag.isString() || tag.stringValue().isBlank() || tag.stringValue().length() > MAX_TAG_LENGTH) {
                        errors.add(RuleParser.error("tags", "must be non-empty strings of at most " + MAX_TAG_LENGTH
                                + " characters"));
                        break;
                    }
                    tags.add(tag.stringValue());
                }
            } else {
                errors.add(RuleParser.error("tags", "must be an array of at most " + MAX_TAGS + " strings"));
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return new RulePatch(enabled, severity, riskScore, tags == null ? null : List.copyOf(tags));
    }

    private static ApiException invalid(List<Map<String, String>> errors) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("errors", errors);
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "The request body has " + errors.size() + " invalid field(s)", properties);
    }
}
