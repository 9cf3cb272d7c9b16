package dev.tripline.security;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses {@code TRIPLINE_API_KEYS}: comma-separated {@code role:secret} entries, each optionally named as
 * {@code name=role:secret} (the name is what audit records show; it defaults to {@code <role>-<position>}).
 * A malformed value stops the start: running with keys other than the operator meant is worse than not running.
 * Error messages never repeat a secret.
 */
final class ConfiguredApiKeys {

    private ConfiguredApiKeys() {
    }

    static List<ApiKeyRegistry.Entry> parse(String value) {
        List<ApiKeyRegistry.Entry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        String[] items = value.split(",");
        for (int i = 0; i < items.length; i++) {
            String item = items[i].trim();
            int position = i + 1;
            if (item.isEmpty()) {
                continue;
            }
            int colon = item.indexOf(':');
            if (colon < 0) {
                throw invalid(position, "expected role:secret or name=role:secret");
            }
            String head = item.substring(0, colon);
            String secret = item.substring(colon + 1);
            String name = null;
            int equals = head.indexOf('=');
            if (equals >= 0) {
                name = head.substring(0, equals).trim();
                head = head.substring(equals + 1);
            }
            ApiKeyRole role;
            try {
                role = ApiKeyRole.parse(head);
            } catch (IllegalArgumentException e) {
                throw invalid(position, e.getMessage());
            }
            if (secret.length() < ApiKeyRegistry.MIN_SECRET_LENGTH) {
                throw invalid(position, "the secret must be at least " + ApiKeyRegistry.MIN_SECRET_LENGTH + " characters");
            }
            if (name == null || name.isEmpty()) {
                name = role.wireName() + "-" + position;
            }
            if (!names.add(name)) {
                throw invalid(position, "the name '" + name + "' is used twice");
            }
            entries.add(new ApiKeyRegistry.Entry(name, role, ApiKeyRegistry.sha256(secret)));
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("TRIPLINE_API_KEYS is set but names no key");
        }
        return entries;
    }

    private static IllegalArgumentException invalid(int position, String reason) {
        return new IllegalArgumentException("TRIPLINE_API_KEYS entry " + position + " is invalid: " + reason);
    }
}
