package dev.tripline.alerts;

import dev.tripline.web.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * Collects everything wrong with a request before answering, so a client learns every bad field at once: a 400
 * problem with {@code errors[{field, message}]}, the shape the service's bean validation answers with too.
 */
final class InvalidRequest {

    private final List<Map<String, String>> errors = new ArrayList<>();

    void add(String field, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        errors.add(error);
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    void throwIfAny(String what) {
        if (!errors.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                    what + " has " + errors.size() + " invalid value(s): " + summary(), Map.of("errors", List.copyOf(errors)));
        }
    }

    private String summary() {
        StringBuilder text = new StringBuilder();
        for (Map<String, String> error : errors) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append(error.get("field")).append(' ').append(error.get("message"));
        }
        return text.toString();
    }
}
