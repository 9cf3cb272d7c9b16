package dev.tripline.alerts;

import static dev.tripline.alerts.EcsFields.text;
import static dev.tripline.alerts.EcsFields.texts;

import dev.tripline.event.FieldPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Writes an alert's {@code reason}: one sentence an analyst reads before anything else, built from the matched
 * events' ECS fields in sequence order rather than from any one rule's wording, so every sequence rule reads well:
 * <blockquote>/tmp/.x, started from sh, connected to 198.51.100.7:4444 and spawned sh on host web-1 as user
 * ubuntu.</blockquote>
 * Field values come from the events, which an attacker may shape: each is cut to a bounded length and stripped of
 * control characters, so the sentence stays one line of sane size.
 */
final class AlertReason {

    static final int MAX_VALUE_LENGTH = 160;
    static final int MAX_STEPS = 6;

    private AlertReason() {
    }

    static String describe(List<JsonNode> documents) {
        JsonNode first = documents.get(0);
        String subject = subject(documents);
        boolean startsWithProcessStart = isProcessStart(first);
        List<String> steps = new ArrayList<>();
        for (int i = startsWithProcessStart ? 1 : 0; i < documents.size(); i++) {
            String step = step(documents.get(i));
            if (step != null && (steps.isEmpty() || !steps.get(steps.size() - 1).equals(step))) {
                steps.add(step);
            }
        }
        StringBuilder sentence = new StringBuilder(subject);
        String parent = shown(coalesce(text(first, EcsFields.PARENT_NAME), text(first, EcsFields.PARENT_EXECUTABLE)));
        if (startsWithProcessStart && steps.isEmpty()) {
            sentence.append(" was started");
            if (parent != null) {
                sentence.append(" from ").append(parent);
            }
        } else {
            if (startsWithProcessStart && parent != null) {
                sentence.append(", started from ").append(parent).append(',');
            }
            sentence.append(' ').append(joined(steps));
        }
        String host = shown(coalesce(firstText(documents, EcsFields.HOST_NAME),
                firstText(documents, EcsFields.HOST_HOSTNAME), firstText(documents, EcsFields.HOST_ID)));
        if (host != null) {
            sentence.append(" on host ").append(host);
        }
        String user = shown(firstText(documents, EcsFields.USER_NAME));
        if (user != null) {
            sentence.append(" as user ").append(user);
        }
        return sentence.append('.').toString();
    }

    /** The process the sequence is about: the first event's, else the first process any event names. */
    private static String subject(List<JsonNode> documents) {
        for (JsonNode document : documents) {
            String process = coalesce(text(document, EcsFields.PROCESS_EXECUTABLE), text(document, EcsFields.PROCESS_NAME));
            if (process != null) {
                return shown(process);
            }
        }
        return "A process";
    }

    private static String step(JsonNode document) {
        List<String> categories = texts(document, EcsFields.EVENT_CATEGORY);
        String action = lower(text(document, EcsFields.EVENT_ACTION));
        if (categories.contains("network")) {
            return networkStep(document, action);
        }
        if (categories.contains("process")) {
            if (texts(document, EcsFields.EVENT_TYPE).contains("end")) {
                return "exited";
            }
            String name = shown(coalesce(text(document, EcsFields.PROCESS_NAME), text(document, EcsFields.PROCESS_EXECUTABLE)));
            return name == null ? "started a process" : "spawned " + name;
        }
        if (categories.contains("file")) {
            String file = shown(coalesce(text(document, EcsFields.FILE_PATH), text(document, EcsFields.FILE_NAME)));
            return fileVerb(action, texts(document, EcsFields.EVENT_TYPE)) + (file == null ? " a file" : " " + file);
        }
        if (categories.contains("dns")) {
            String name = shown(text(document, EcsFields.DNS_QUESTION_NAME));
            return name == null ? "made a DNS query" : "looked up " + name;
        }
        String category = categories.isEmpty() ? "an" : "a " + shown(categories.get(0));
        return action == null ? "raised " + category + " event" : "raised " + category + " event (" + shown(action) + ")";
    }

    private static String networkStep(JsonNode document, String action) {
        String destination = endpoint(document, EcsFields.DESTINATION_IP, EcsFields.DESTINATION_PORT);
        String source = endpoint(document, EcsFields.SOURCE_IP, EcsFields.SOURCE_PORT);
        String direction = lower(text(document, EcsFields.NETWORK_DIRECTION));
        boolean inbound = (action != null && action.contains("accept"))
                || "ingress".equals(direction) || "inbound".equals(direction) || "incoming".equals(direction);
        if (inbound && source != null) {
            return "accepted a connection from " + source;
        }
        if (destination != null) {
            return "connected to " + destination;
        }
        return "made a network connection";
    }

    private static String endpoint(JsonNode document, FieldPath ipField,
            FieldPath portField) {
        String ip = shown(text(document, ipField));
        if (ip == null) {
            return null;
        }
        String port = shown(text(document, portField));
        if (port == null) {
            return ip;
        }
        return ip.indexOf(':') >= 0 ? "[" + ip + "]:" + port : ip + ":" + port;
    }

    private static String fileVerb(String action, List<String> types) {
        if (types.contains("creation") || "creation".equals(action)) {
            return "created";
        }
        if (types.contains("deletion") || "deletion".equals(action)) {
            return "deleted";
        }
        if ("rename".equals(action)) {
            return "renamed";
        }
        return types.contains("change") || "modification".equals(action) || "overwrite".equals(action)
                ? "modified" : "touched";
    }

    private static boolean isProcessStart(JsonNode document) {
        if (!texts(document, EcsFields.EVENT_CATEGORY).contains("process")) {
            return false;
        }
        String action = lower(text(document, EcsFields.EVENT_ACTION));
        return texts(document, EcsFields.EVENT_TYPE).contains("start")
                || "exec".equals(action) || "fork".equals(action) || "start".equals(action);
    }

    private static String joined(List<String> steps) {
        List<String> shownSteps = steps.size() > MAX_STEPS ? steps.subList(0, MAX_STEPS) : steps;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < shownSteps.size(); i++) {
            if (i > 0) {
                text.append(i == shownSteps.size() - 1 && steps.size() <= MAX_STEPS ? " and " : ", ");
            }
            text.append(shownSteps.get(i));
        }
        if (steps.size() > MAX_STEPS) {
            text.append(" and ").append(steps.size() - MAX_STEPS).append(" more steps");
        }
        return text.toString();
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

    /** A value as it may appear in the sentence: one line, bounded, or null when nothing printable is left. */
    static String shown(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder clean = new StringBuilder(Math.min(value.length(), MAX_VALUE_LENGTH + 1));
        for (int i = 0; i < value.length() && clean.length() < MAX_VALUE_LENGTH; i++) {
            char c = value.charAt(i);
            clean.append(Character.isISOControl(c) ? ' ' : c);
        }
        String text = clean.toString().strip();
        if (text.isEmpty()) {
            return null;
        }
        return value.length() > MAX_VALUE_LENGTH ? text + "…" : text;
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    @SafeVarargs
    private static <T> T coalesce(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
