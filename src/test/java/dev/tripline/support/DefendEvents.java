package dev.tripline.support;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Elastic Defend-shaped documents for the seed rule's chain (arrays for event.category and event.type, nested
 * process.parent, destination.ip), written for Tripline's tests.
 */
public final class DefendEvents {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    public static final Instant T0 = Instant.parse("2025-01-15T10:00:00Z");

    private DefendEvents() {
    }

    /** A host and a process on it: the seed rule's join key. */
    public record Chain(String hostId, String hostName, String entityId) {

        public static Chain random() {
            String suffix = UUID.randomUUID().toString().replace("-", "");
            return new Chain(suffix, "web-" + suffix.substring(0, 6), suffix.substring(0, 20) + "==");
        }

        /** Stage 1: a binary in /tmp, started from a shell. */
        public JsonNode suspiciousExec(String executable, String parentName, Instant at) {
            ObjectNode event = base("process", "start", "exec", at);
            ObjectNode process = event.putObject("process");
            process.put("entity_id", entityId);
            process.put("pid", 50910);
            process.put("executable", executable);
            process.put("name", executable.substring(executable.lastIndexOf('/') + 1));
            process.put("command_line", executable);
            process.putArray("args").add(executable);
            ObjectNode parent = process.putObject("parent");
            parent.put("entity_id", "parent-" + entityId);
            parent.put("pid", 51922);
            parent.put("executable", "/usr/bin/" + parentName);
            parent.put("name", parentName);
            return event;
        }

        /** Stage 2: the binary connects out. */
        public JsonNode connection(String executable, String destinationIp, int port, Instant at) {
            ObjectNode event = base("network", "start", "connection_attempted", at);
            ObjectNode process = event.putObject("process");
            process.put("entity_id", entityId);
            process.put("executable", executable);
            process.put("name", executable.substring(executable.lastIndexOf('/') + 1));
            process.put("pid", 50910);
            ObjectNode destination = event.putObject("destination");
            destination.put("address", destinationIp);
            destination.put("ip", destinationIp);
            destination.put("port", port);
            ObjectNode source = event.putObject("source");
            source.put("ip", "10.0.17.32");
            source.put("port", 38879);
            event.putObject("network").put("direction", "egress").put("transport", "tcp");
            return event;
        }

        /** Stage 3: the process becomes a shell. */
        public JsonNode shell(String shellName, String parentName, Instant at) {
            ObjectNode event = base("process", "start", "exec", at);
            ObjectNode process = event.putObject("process");
            process.put("entity_id", entityId);
            process.put("pid", 50910);
            process.put("executable", "/usr/bin/" + shellName);
            process.put("name", shellName);
            process.put("command_line", "/usr/bin/" + shellName + " -i");
            ObjectNode parent = process.putObject("parent");
            parent.put("entity_id", "parent-" + entityId);
            parent.put("executable", "/usr/bin/" + parentName);
            parent.put("name", parentName);
            return event;
        }

        /** The three stages as a complete match, 100 ms apart from {@code start}. */
        public List<JsonNode> reverseShell(Instant start) {
            return List.of(
                    suspiciousExec("/tmp/.x1", "sh", start),
                    connection("/tmp/.x1", "198.51.100.142", 4444, start.plusMillis(100)),
                    shell("sh", "bash", start.plusMillis(200)));
        }

        private ObjectNode base(String category, String type, String action, Instant at) {
            ObjectNode event = JSON.createObjectNode();
            event.put("@timestamp", at.toString());
            ObjectNode meta = event.putObject("event");
            meta.put("id", UUID.randomUUID().toString().substring(0, 22));
            meta.put("action", action);
            meta.putArray("category").add(category);
            meta.putArray("type").add(type);
            meta.put("kind", "event");
            meta.put("module", "endpoint");
            meta.put("dataset", "endpoint.events." + category);
            ObjectNode host = event.putObject("host");
            host.put("id", hostId);
            host.put("name", hostName);
            host.put("hostname", hostName);
            host.putObject("os").put("type", "linux").put("family", "ubuntu");
            event.putObject("user").put("id", "1000").put("name", "ubuntu");
            event.putObject("agent").put("type", "endpoint").put("version", "8.15.2");
            return event;
        }
    }
}
