package dev.tripline.alerts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** Reads the fields analysts send (status, status_reason, assignee, tags) strictly, naming every bad one. */
final class TriageFields {

    static final int MAX_ASSIGNEE_LENGTH = 256;
    static final int MAX_TAGS = 50;
    static final int MAX_TAG_LENGTH = 128;

    private TriageFields() {
    }

    /**
     * The body as an object; anything else, or fields it does not know, are problems. Jackson ignores unknown
     * properties by default; a triage request with a misspelt field must not succeed while changing nothing.
     */
    static JsonNode object(JsonNode body, Set<String> known, InvalidRequest problems) {
        if (body == null || !body.isObject()) {
            problems.add("(body)", "must be a JSON object");
            return null;
        }
        for (String name : new TreeSet<>(body.propertyNames())) {
            if (!known.contains(name)) {
                problems.add(AlertReason.shown(name), "is not a known field; known: " + String.join(", ", new TreeSet<>(known)));
            }
        }
        return body;
    }

    static AlertStatus status(JsonNode value, String field, InvalidRequest problems) {
        if (value == null || !value.isString()) {
            problems.add(field, "must be one of " + AlertStatus.CHOICES);
            return null;
        }
        AlertStatus status = AlertStatus.fromWire(value.stringValue()).orElse(null);
        if (status == null) {
            problems.add(field, "'" + AlertReason.shown(value.stringValue()) + "' is not one of " + AlertStatus.CHOICES);
        }
        return status;
    }

    /** A closing reason, or null for a JSON null. */
    static StatusReason statusReason(JsonNode value, String field, InvalidRequest problems) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            problems.add(field, "must be one of " + StatusReason.CHOICES + " or null");
            return null;
        }
        StatusReason reason = StatusReason.fromWire(value.stringValue()).orElse(null);
        if (reason == null) {
            problems.add(field, "'" + AlertReason.shown(value.stringValue()) + "' is not one of " + StatusReason.CHOICES);
        }
        return reason;
    }

    /** An assignee, or null for a JSON null (unassign). */
    static String assignee(JsonNode value, InvalidRequest problems) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            problems.add("assignee", "must be a string or null");
            return null;
        }
        return label(value.stringValue(), "assignee", MAX_ASSIGNEE_LENGTH, problems);
    }

    /** The tags, in the order given, without repeats. */
    static List<String> tags(JsonNode value, InvalidRequest problems) {
        if (value == null || !value.isArray()) {
            problems.add("tags", "must be an array of strings (an empty array removes every tag)");
            return null;
        }
        if (value.size() > MAX_TAGS) {
            problems.add("tags", "takes at most " + MAX_TAGS + " tags, got " + value.size());
            return null;
        }
        Set<String> tags = new LinkedHashSet<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode tag = value.get(i);
            String field = "tags[" + i + "]";
            if (!tag.isString()) {
                problems.add(field, "must be a string");
                continue;
            }
            String text = label(tag.stringValue(), field, MAX_TAG_LENGTH, problems);
            if (text != null) {
                tags.add(text);
            }
        }
        return new ArrayList<>(tags);
    }

    private static String label(String raw, String field, int maxLength, InvalidRequest problems) {
        String text = raw.strip();
        if (text.isEmpty()) {
            problems.add(field, "must not be blank");
            return null;
        }
        if (text.length() > maxLength) {
            problems.add(field, "must be at most " + maxLength + " characters");
            return null;
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            problems.add(field, "must not contain control characters");
            return null;
        }
        return text;
    }
}
