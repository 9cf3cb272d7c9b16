package dev.tripline.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * Reads Elastic rules: detection-rules TOML files ({@code [metadata]}, {@code [rule]}, {@code [[rule.threat]]}, ...)
 * and Kibana's JSON rule objects. Checks the rule's language first, so that a non-EQL rule is refused as such rather
 * than for the fields it lacks, then every field Tripline relies on, reporting all problems at once.
 */
final class RuleParser {

    static final Set<String> SEVERITIES = Set.of("low", "medium", "high", "critical");
    /** rule ids appear in URL paths: Elastic's are UUIDs, custom ones may be any short token */
    static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final String EQL = "eql";

    private final TomlMapper toml = TomlMapper.builder().build();
    private final JsonMapper json = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** TOML unless the text starts (after white space and a BOM) with a JSON object. */
    static RuleFormat detect(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c) && c != '\uFEFF') {
                return c == '{' ? RuleFormat.JSON : RuleFormat.TOML;
            }
        }
        return RuleFormat.TOML;
    }

    ElasticRule parse(String text, RuleFormat format) {
        return format == RuleFormat.TOML ? parseToml(text) : parseJson(text);
    }

    ElasticRule parseToml(String text) {
        JsonNode root = read(text, RuleFormat.TOML);
        JsonNode rule = root.get("rule");
        if (rule == null || !rule.isObject()) {
            throw InvalidRuleException.invalid(null, List.of(error("rule",
                    "is missing: a detection-rules file has a [rule] table (and usually [metadata])")));
        }
        JsonNode metadata = root.get("metadata");
        ObjectNode meta = metadata != null && metadata.isObject() ? (ObjectNode) metadata
                : JsonNodeFactory.instance.objectNode();
        return fromBody(RuleFormat.TOML, (ObjectNode) rule, meta, true);
    }

    ElasticRule parseJson(String text) {
        return fromJson(read(text, RuleFormat.JSON));
    }

    /** A Kibana rule object already read (one line of an NDJSON import). */
    ElasticRule fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw InvalidRuleException.invalid(null, List.of(error("(body)", "must be a JSON object (a Kibana rule)")));
        }
        return fromBody(RuleFormat.JSON, (ObjectNode) node, JsonNodeFactory.instance.objectNode(), false);
    }

    private JsonNode read(String text, RuleFormat format) {
        try {
            JsonNode root = format == RuleFormat.TOML ? toml.readTree(text) : json.readTree(text);
            if (root == null || root.isMissingNode() || !root.isObject()) {
                throw InvalidRuleException.syntax(format, format == RuleFormat.JSON
                        ? "expected a JSON object (a Kibana rule)" : "expected TOML tables", 0, 0);
            }
            return root;
        } catch (JacksonException e) {
            TokenStreamLocation location = e.getLocation();
            int line = location != null ? Math.max(0, location.getLineNr()) : 0;
            int column = location != null ? Math.max(0, location.getColumnNr()) : 0;
            throw InvalidRuleException.syntax(format, firstLine(e.getOriginalMessage()), line, column);
        }
    }

    private static ElasticRule fromBody(RuleFormat format, ObjectNode body, ObjectNode metadata,
            boolean ruleIdRequired) {
        String ruleId = text(body, "rule_id");
        String type = text(body, "type");
        String language = text(body, "language");
        String reportedId = ruleId != null && RULE_ID.matcher(ruleId).matches() ? ruleId : null;
        if (type != null && !EQL.equals(type.toLowerCase(Locale.ROOT))) {
            throw InvalidRuleException.languageNotSupported(reportedId, type, language);
        }
        if (language != null && !EQL.equals(language.toLowerCase(Locale.ROOT))) {
            throw InvalidRuleException.languageNotSupported(reportedId, type == null ? "rule" : type, language);
        }

        List<Map<String, String>> errors = new ArrayList<>();
        if (ruleId == null) {
            if (body.has("rule_id") || ruleIdRequired) {
                errors.add(error("rule_id", "is required (a string such as a UUID)"));
            } else {
                ruleId = UUID.randomUUID().toString();
                body.put("rule_id", ruleId);
            }
        } else if (!RULE_ID.matcher(ruleId).matches()) {
            errors.add(error("rule_id", "must be 1 to 128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit"));
        }
        if (type == null) {
            errors.add(error("type", "is required and must be \"eql\""));
        }
        String name = requiredText(body, "name", errors);
        String description = requiredText(body, "description", errors);
        String query = requiredText(body, "query", errors);
        String severity = requiredText(body, "severity", errors);
        if (severity != null) {
            severity = severity.toLowerCase(Locale.ROOT);
            if (!SEVERITIES.contains(severity)) {
                errors.add(error("severity", "must be one of low, medium, high, critical"));
            }
        }
        int riskScore = 0;
        JsonNode risk = body.get("risk_score");
        if (risk == null || risk.isNull()) {
            errors.add(error("risk_score", "is required (0 to 100)"));
        } else if (!risk.isIntegralNumber() || risk.asLong() < 0 || risk.asLong() > 100) {
            errors.add(error("risk_score", "must be an integer from 0 to 100"));
        } else {
            riskScore = risk.asInt();
        }
        List<String> tags = strings(body, "tags", errors);
        List<String> references = strings(body, "references", errors);
        JsonNode threat = body.get("threat");
        if (threat == null || threat.isNull()) {
            threat = JsonNodeFactory.instance.arrayNode();
        } else if (!threat.isArray() || !allObjects(threat)) {
            errors.add(error("threat", "must be an array of MITRE ATT&CK mappings (objects)"));
        }
        String note = optionalText(body, "note", errors);
        String categoryField = optionalText(body, "event_category_override", errors);
        Boolean enabled = null;
        JsonNode enabledNode = body.get("enabled");
        if (enabledNode != null && !enabledNode.isNull()) {
            if (enabledNode.isBoolean()) {
                enabled = enabledNode.booleanValue();
            } else {
                errors.add(error("enabled", "must be true or false"));
            }
        }
        if (!errors.isEmpty()) {
            throw InvalidRuleException.invalid(reportedId, errors);
        }
        return new ElasticRule(format, ruleId, name, description, query, severity, riskScore, tags, references,
                threat, note, categoryField == null || categoryField.isBlank() ? null : categoryField, enabled,
                metadata, body);
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value != null && value.isString() && !value.stringValue().isBlank() ? value.stringValue() : null;
    }

    private static String requiredText(JsonNode body, String field, List<Map<String, String>> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            errors.add(error(field, "is required"));
            return null;
        }
        if (!value.isString() || value.stringValue().isBlank()) {
            errors.add(error(field, "must be a non-empty string"));
            return null;
        }
        return value.stringValue();
    }

    private static String optionalText(JsonNode body, String field, List<Map<String, String>> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            errors.add(error(field, "must be a string"));
            return null;
        }
        return value.stringValue();
    }

    private static List<String> strings(JsonNode body, String field, List<Map<String, String>> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        if (value.isArray()) {
            for (JsonNode element : value) {
                if (!element.isString()) {
                    errors.add(error(field, "must be an array of strings"));
                    return List.of();
                }
                values.add(element.stringValue());
            }
            return values;
        }
        errors.add(error(field, "must be an array of strings"));
        return List.of();
    }

    private static boolean allObjects(JsonNode array) {
        for (JsonNode element : array) {
            if (!element.isObject()) {
                return false;
            }
        }
        return true;
    }

    static Map<String, String> error(String field, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        return error;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /**
     * The line of {@code source} where the query's line {@code queryLine} sits, when the query appears verbatim in the
     * source (a TOML literal string {@code '''...'''} does); 0 when it cannot be told.
     */
    static int sourceLine(String source, String query, int queryLine) {
        if (source == null || query == null || queryLine <= 0) {
            return 0;
        }
        int at = source.indexOf(query);
        if (at < 0) {
            return 0;
        }
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
        return line + queryLine - 1;
    }
}
