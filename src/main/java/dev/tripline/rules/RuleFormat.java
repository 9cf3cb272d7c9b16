package dev.tripline.rules;

import java.util.Locale;

/** The two ways an Elastic rule is written: a detection-rules TOML file, or Kibana's JSON rule object. */
enum RuleFormat {
    TOML,
    JSON;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static RuleFormat fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
