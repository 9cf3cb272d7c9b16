package dev.tripline.alerts;

import java.util.ArrayList;
import java.util.List;

/**
 * Strong entity tags for single alerts ({@code "<version>"}) and the {@code If-Match} comparison (RFC 9110 13.1.1:
 * strong comparison, so a weak tag never matches; {@code *} matches any existing alert).
 */
final class EntityTags {

    private EntityTags() {
    }

    static String of(int version) {
        return "\"" + version + "\"";
    }

    /** Whether an {@code If-Match} header value lets a change to the alert at {@code version} through. */
    static boolean matches(String ifMatch, int version) {
        String current = of(version);
        for (String tag : split(ifMatch)) {
            if (tag.equals("*") || tag.equals(current)) {
                return true;
            }
        }
        return false;
    }

    /** The tags of a comma-separated list; commas inside a quoted tag do not split it. */
    static List<String> split(String header) {
        List<String> tags = new ArrayList<>();
        if (header == null) {
            return tags;
        }
        StringBuilder tag = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                add(tags, tag);
                tag.setLength(0);
            } else {
                tag.append(c);
            }
        }
        add(tags, tag);
        return tags;
    }

    private static void add(List<String> tags, StringBuilder tag) {
        String value = tag.toString().strip();
        if (!value.isEmpty()) {
            tags.add(value);
        }
    }
}
