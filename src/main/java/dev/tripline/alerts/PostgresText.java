package dev.tripline.alerts;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Makes event-derived text storable. PostgreSQL refuses the NUL character in text and {@code \u0000} in jsonb; an
 * event carrying one (attackers control process arguments and file names) would otherwise make every retry of its
 * batch fail, and the alert would never be stored. NUL becomes U+FFFD, the replacement character.
 */
final class PostgresText {

    private static final char REPLACEMENT = '\uFFFD';
    /** A {@code \u0000} escape that is an escape: preceded by an even number of backslashes (zero included). */
    private static final Pattern NUL_ESCAPE = Pattern.compile("(?<!\\\\)((?:\\\\\\\\)*)\\\\u0000");

    private PostgresText() {
    }

    static String clean(String text) {
        return text == null || text.indexOf('\0') < 0 ? text : text.replace('\0', REPLACEMENT);
    }

    static List<String> clean(List<String> texts) {
        for (String text : texts) {
            if (text != null && text.indexOf('\0') >= 0) {
                return texts.stream().map(PostgresText::clean).toList();
            }
        }
        return texts;
    }

    /** JSON text as Jackson writes it, with every escaped NUL (in values and in names) replaced. */
    static String cleanJson(String json) {
        if (json == null || !json.contains("\\u0000")) {
            return json;
        }
        // group 1 keeps the backslashes before the escape; the replacement appends a literal \uFFFD escape
        return NUL_ESCAPE.matcher(json).replaceAll("$1\\\\uFFFD");
    }
}
