package dev.tripline.alerts;

import static dev.tripline.alerts.EcsFields.scalar;
import static dev.tripline.alerts.EcsFields.text;

import dev.tripline.event.FieldPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an alert says about its events at a glance: host, user, the process the sequence is about (with its parent),
 * where it connected, when it happened, and one readable sentence. Derived once, when the alert is raised.
 *
 * @param user {@code {id, name}} of the first event that names a user, or null
 * @param process {@code {entity_id, pid, executable, name, command_line, parent}} of the first event with a process
 * @param destination {@code {ip, port}} of the first event with a destination address, or null
 */
record AlertDocument(String hostId, String hostName, ObjectNode user, ObjectNode process, ObjectNode destination,
        Instant firstEventAt, Instant lastEventAt, List<String> eventIds, String reason) {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static AlertDocument of(NewAlert alert) {
        List<JsonNode> documents = new ArrayList<>(alert.events().size());
        List<String> eventIds = new ArrayList<>(alert.events().size());
        Instant first = null;
        Instant last = null;
        for (AlertEvent event : alert.events()) {
            documents.add(event.document());
            eventIds.add(event.key());
            first = first == null || event.timestamp().isBefore(first) ? event.timestamp() : first;
            last = last == null || event.timestamp().isAfter(last) ? event.timestamp() : last;
        }
        String hostId = firstText(documents, EcsFields.HOST_ID);
        String hostName = firstText(documents, EcsFields.HOST_NAME);
        if (hostName == null) {
            hostName = firstText(documents, EcsFields.HOST_HOSTNAME);
        }
        return new AlertDocument(hostId, hostName, user(documents), process(documents), destination(documents),
                first, last, List.copyOf(eventIds), AlertReason.describe(documents));
    }

    private static ObjectNode user(List<JsonNode> documents) {
        for (JsonNode document : documents) {
            ObjectNode user = NODES.objectNode();
            put(user, "id", document, EcsFields.USER_ID);
            put(user, "name", document, EcsFields.USER_NAME);
            if (!user.isEmpty()) {
                return user;
            }
        }
        return null;
    }

    private static ObjectNode process(List<JsonNode> documents) {
        for (JsonNode document : documents) {
            ObjectNode process = NODES.objectNode();
            put(process, "entity_id", document, EcsFields.PROCESS_ENTITY_ID);
            put(process, "pid", document, EcsFields.PROCESS_PID);
            put(process, "executable", document, EcsFields.PROCESS_EXECUTABLE);
            put(process, "name", document, EcsFields.PROCESS_NAME);
            put(process, "command_line", document, EcsFields.PROCESS_COMMAND_LINE);
            if (process.isEmpty()) {
                continue;
            }
            ObjectNode parent = NODES.objectNode();
            put(parent, "entity_id", document, EcsFields.PARENT_ENTITY_ID);
            put(parent, "pid", document, EcsFields.PARENT_PID);
            put(parent, "executable", document, EcsFields.PARENT_EXECUTABLE);
            put(parent, "name", document, EcsFields.PARENT_NAME);
            if (!parent.isEmpty()) {
                process.set("parent", parent);
            }
            return process;
        }
        return null;
    }

    private static ObjectNode destination(List<JsonNode> documents) {
        for (JsonNode document : documents) {
            JsonNode ip = scalar(EcsFields.DESTINATION_IP.resolve(document));
            if (ip == null) {
                continue;
            }
            ObjectNode destination = NODES.objectNode();
            destination.set("ip", ip);
            put(destination, "port", document, EcsFields.DESTINATION_PORT);
            return destination;
        }
        return null;
    }

    private static String firstText(List<JsonNode> documents, FieldPath field) {
        for (JsonNode document : documents) {
            String value = text(document, field);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static void put(ObjectNode target, String name, JsonNode document, FieldPath field) {
        JsonNode value = scalar(field.resolve(document));
        if (value != null) {
            target.set(name, value);
        }
    }
}
