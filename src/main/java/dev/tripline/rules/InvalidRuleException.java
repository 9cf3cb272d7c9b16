package dev.tripline.rules;

import dev.tripline.web.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * A rule that cannot be imported, with the reason a client can act on: where the text does not parse (400, with
 * line and column), which fields are wrong (422), that its language is not EQL (422), or where its query fails
 * (422, with the query's line and column and, for TOML, the line in the file).
 */
final class InvalidRuleException extends ApiException {

    static final String SYNTAX = "invalid-rule-syntax";
    static final String INVALID = "invalid-rule";
    static final String LANGUAGE = "language-not-supported";
    static final String QUERY = "invalid-rule-query";
    static final String AD_HOC_QUERY = "invalid-query";

    private InvalidRuleException(HttpStatus status, String slug, String title, String detail,
            Map<String, Object> properties) {
        super(status, slug, title, detail, properties);
    }

    static InvalidRuleException syntax(RuleFormat format, String reason, int line, int column) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("format", format.wireName());
        String where = "";
        if (line > 0) {
            properties.put("line", line);
            properties.put("column", column);
            where = " at line " + line + ", column " + column;
        }
        return new InvalidRuleException(HttpStatus.BAD_REQUEST, SYNTAX, "Rule does not parse",
                "The " + format.wireName().toUpperCase(java.util.Locale.ROOT) + " rule does not parse" + where + ": "
                        + reason, properties);
    }

    /** One problem per field: {@code errors[{field, message}]}. */
    static InvalidRuleException invalid(String ruleId, List<Map<String, String>> errors) {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (ruleId != null) {
            properties.put("rule_id", ruleId);
        }
        properties.put("errors", errors);
        String first = errors.get(0).get("field") + " " + errors.get(0).get("message");
        return new InvalidRuleException(HttpStatus.UNPROCESSABLE_CONTENT, INVALID, "Invalid rule",
                (ruleId != null ? "Rule " + ruleId : "The rule") + " has " + errors.size() + " invalid field(s): "
                        + first + (errors.size() > 1 ? ", ..." : ""), properties);
    }

    static InvalidRuleException languageNotSupported(String ruleId, String type, String language) {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (ruleId != null) {
            properties.put("rule_id", ruleId);
        }
        properties.put("rule_type", type);
        if (language != null) {
            properties.put("language", language);
        }
        String what = language != null && !language.equals(type) ? type + " rule in " + language : type + " rule";
        return new InvalidRuleException(HttpStatus.UNPROCESSABLE_CONTENT, LANGUAGE, "Rule language not supported",
                (ruleId != null ? "Rule " + ruleId : "The rule") + " is a " + what
                        + ": only EQL rules (type = \"eql\", language = \"eql\") are supported; nothing was imported",
                properties);
    }

    /**
     * The query does not compile. {@code line}/{@code column} are the query's own (from 1); {@code sourceLine} is
     * the line of the rule file that holds it, when it can be told (0 otherwise).
     */
    static InvalidRuleException query(String ruleId, String message, String reason, int line, int column,
            int sourceLine, String excerpt, String suggestion) {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (ruleId != null) {
            properties.put("rule_id", ruleId);
        }
        properties.put("reason", reason);
        if (line > 0) {
            properties.put("line", line);
            properties.put("column", column);
        }
        if (sourceLine > 0) {
            properties.put("source_line", sourceLine);
        }
        if (excerpt != null && !excerpt.isEmpty()) {
            properties.put("excerpt", excerpt);
        }
        if (suggestion != null) {
            properties.put("suggestion", suggestion);
        }
        if (ruleId == null) {
            // an ad-hoc query (search, preview) is the request itself: a bad one is a bad request
            return new InvalidRuleException(HttpStatus.BAD_REQUEST, AD_HOC_QUERY, "Query does not compile",
                    "query " + message, properties);
        }
        return new InvalidRuleException(HttpStatus.UNPROCESSABLE_CONTENT, QUERY, "Rule query does not compile",
                (ruleId != null ? "Rule " + ruleId + ": " : "") + "query " + message
                        + (sourceLine > 0 ? " (line " + sourceLine + " of the rule file)" : ""), properties);
    }
}
