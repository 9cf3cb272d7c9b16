package dev.tripline.rules;

import java.util.Locale;

/** Where a stored rule came from, which decides what may be done to it and who wins on the next start. */
enum RuleOrigin {
    /** imported over the API */
    API,
    /** shipped in the jar: may be disabled, never deleted */
    BUILTIN,
    /** read from TRIPLINE_RULES_DIR at start */
    DIRECTORY;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static RuleOrigin fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
