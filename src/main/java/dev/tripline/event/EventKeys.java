package dev.tripline.event;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * An event's identity for de-duplication and alert ids: its {@code event.id} (what Elastic Defend sets on every
 * event), else {@code sha256:} plus a hash of the document in canonical form (keys sorted at every level), so the
 * same document always gets the same key however its keys were ordered when it was sent.
 */
public final class EventKeys {

    private EventKeys() {
    }

    public static String of(JsonNode document) {
        String id = fromId(Event.EVENT_ID.resolve(document));
        return id != null ? id : hash(document);
    }

    /** The same key read through the event (a compact event parses its document only when it has no usable id). */
    static String of(Event event) {
        String id = fromId(event.get(Event.EVENT_ID));
        return id != null ? id : hash(event.document());
    }

    /** The event's {@code event.id} as its key, or {@code null} when it has no usable one (no document is parsed). */
    static String idOf(Event event) {
        return fromId(event.get(Event.EVENT_ID));
    }

    private static String fromId(JsonNode id) {
        if (id != null && id.isString() && !id.stringValue().isEmpty()) {
            return id.stringValue();
        }
        if (id != null && id.isIntegralNumber()) {
            return id.asString();
        }
        return null;
    }

    private static String hash(JsonNode document) {
        MessageDigest digest = sha256();
        canonical(document, digest);
        return "sha256:" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest.digest());
    }

    private static void canonical(JsonNode node, MessageDigest digest) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(node.properties());
            entries.sort(Map.Entry.comparingByKey());
            digest.update((byte) '{');
            for (Map.Entry<String, JsonNode> entry : entries) {
                update(digest, entry.getKey());
                digest.update((byte) ':');
                canonical(entry.getValue(), digest);
                digest.update((byte) ',');
            }
            digest.update((byte) '}');
        } else if (node.isArray()) {
            digest.update((byte) '[');
            for (JsonNode element : node) {
                canonical(element, digest);
                digest.update((byte) ',');
            }
            digest.update((byte) ']');
        } else if (node.isString()) {
            digest.update((byte) '"');
            update(digest, node.stringValue());
        } else {
            // numbers, booleans, null: their JSON text
            update(digest, node.toString());
        }
    }

    private static void update(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        // length-prefixed so that no two different documents can hash the same byte stream
        digest.update((byte) (bytes.length >>> 24));
        digest.update((byte) (bytes.length >>> 16));
        digest.update((byte) (bytes.length >>> 8));
        digest.update((byte) bytes.length);
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

}
