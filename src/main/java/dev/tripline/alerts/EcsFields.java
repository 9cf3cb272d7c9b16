package dev.tripline.alerts;

import dev.tripline.event.FieldPath;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The ECS fields an alert is described by, read the way rules read them: nested objects and flattened dotted keys
 * alike, and the first value of a multi-valued field.
 */
final class EcsFields {

    static final FieldPath EVENT_CATEGORY = FieldPath.of("event.category");
    static final FieldPath EVENT_TYPE = FieldPath.of("event.type");
    static final FieldPath EVENT_ACTION = FieldPath.of("event.action");
    static final FieldPath HOST_ID = FieldPath.of("host.id");
    static final FieldPath HOST_NAME = FieldPath.of("host.name");
    static final FieldPath HOST_HOSTNAME = FieldPath.of("host.hostname");
    static final FieldPath USER_ID = FieldPath.of("user.id");
    static final FieldPath USER_NAME = FieldPath.of("user.name");
    static final FieldPath PROCESS_ENTITY_ID = FieldPath.of("process.entity_id");
    static final FieldPath PROCESS_PID = FieldPath.of("process.pid");
    static final FieldPath PROCESS_EXECUTABLE = FieldPath.of("process.executable");
    static final FieldPath PROCESS_NAME = FieldPath.of("process.name");
    static final FieldPath PROCESS_COMMAND_LINE = FieldPath.of("process.command_line");
    static final FieldPath PARENT_ENTITY_ID = FieldPath.of("process.parent.entity_id");
    static final FieldPath PARENT_PID = FieldPath.of("process.parent.pid");
    static final FieldPath PARENT_EXECUTABLE = FieldPath.of("process.parent.executable");
    static final FieldPath PARENT_NAME = FieldPath.of("process.parent.name");
    static final FieldPath DESTINATION_IP = FieldPath.of("destination.ip");
    static final FieldPath DESTINATION_PORT = FieldPath.of("destination.port");
    static final FieldPath SOURCE_IP = FieldPath.of("source.ip");
    static final FieldPath SOURCE_PORT = FieldPath.of("source.port");
    static final FieldPath NETWORK_DIRECTION = FieldPath.of("network.direction");
    static final FieldPath FILE_PATH = FieldPath.of("file.path");
    static final FieldPath FILE_NAME = FieldPath.of("file.name");
    static final FieldPath DNS_QUESTION_NAME = FieldPath.of("dns.question.name");

    private EcsFields() {
    }

    /** The field's value as text (the first non-null one of a multi-valued field), or null when absent. */
    static String text(JsonNode document, FieldPath field) {
        JsonNode value = scalar(field.resolve(document));
        if (value == null) {
            return null;
        }
        String text = value.asString();
        return text.isEmpty() ? null : text;
    }

    /** The field's scalar value node (numbers stay numbers), or null when absent or not a scalar. */
    static JsonNode scalar(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isArray()) {
            for (JsonNode element : value) {
                if (element != null && element.isValueNode() && !element.isNull()) {
                    return element;
                }
            }
            return null;
        }
        return value.isValueNode() ? value : null;
    }

    /** Every text value of a possibly multi-valued field ({@code event.category}, {@code event.type}). */
    static List<String> texts(JsonNode document, FieldPath field) {
        JsonNode value = field.resolve(document);
        List<String> values = new ArrayList<>(2);
        if (value == null) {
            return values;
        }
        if (value.isArray()) {
            for (JsonNode element : value) {
                if (element.isValueNode() && !element.isNull()) {
                    values.add(element.asString());
                }
            }
        } else if (value.isValueNode() && !value.isNull()) {
            values.add(value.asString());
        }
        return values;
    }
}
