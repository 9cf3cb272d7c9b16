package dev.tripline.rules;

import dev.tripline.event.Event;
import dev.tripline.event.FieldPath;
import dev.tripline.event.InvalidEventException;
import dev.tripline.web.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/** The {@code events[]} of a search or preview body, read into events with the request's time field. */
final class SearchEvents {

    private SearchEvents() {
    }

    static List<Event> read(JsonNode events, String timestampField, int maxEvents) {
        if (events == null || events.isNull()) {
            return List.of();
        }
        if (!events.isArray()) {
            throw ApiException.badRequest("events must be an array of event objects");
        }
        if (events.size() > maxEvents) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "too-many-events", "Too many events",
                    "A search takes at most " + maxEvents + " events, this one has " + events.size());
        }
        FieldPath time = FieldPath.of(timestampField);
        List<Event> read = new ArrayList<>(events.size());
        List<Map<String, Object>> rejected = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            try {
                read.add(Event.from(events.get(i), time));
            } catch (InvalidEventException e) {
                Map<String, Object> problem = new LinkedHashMap<>();
                problem.put("index", i);
                problem.put("reason", e.getMessage());
                rejected.add(problem);
            }
        }
        if (!rejected.isEmpty()) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("rejected", rejected.size() > 100 ? rejected.subList(0, 100) : rejected);
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid-events", "Invalid events",
                    rejected.size() + " event(s) are not objects with a parseable " + timestampField
                            + "; the first is at index " + rejected.get(0).get("index") + ": "
                            + rejected.get(0).get("reason"), properties);
        }
        return read;
    }

    static String text(JsonNode body, String field, String fallback) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isString() || value.stringValue().isBlank()) {
            throw ApiException.badRequest(field + " must be a non-empty string");
        }
        return value.stringValue();
    }

    static void onlyFields(JsonNode body, java.util.Set<String> allowed) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("The request body must be a JSON object");
        }
        for (String name : body.propertyNames()) {
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("Unknown field '" + name + "'; expected one of "
                        + allowed.stream().sorted().toList());
            }
        }
    }
}
