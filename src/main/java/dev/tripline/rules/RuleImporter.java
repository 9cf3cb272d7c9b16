package dev.tripline.rules;

import dev.tripline.web.ApiException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bulk import: each rule parsed, checked and stored on its own, so one bad rule never blocks the others and never
 * leaves half of itself behind. The answer lists the outcome of every rule in input order.
 */
@Component
class RuleImporter {

    /** One uploaded file: its name (which decides TOML or JSON, else the content does) and text. */
    record Item(String name, String text) {
    }

    private final RuleService rules;
    private final RuleParser parser;
    private final RulesProperties properties;
    private final JsonMapper json = JsonMapper.builder().build();

    RuleImporter(RuleService rules, RuleParser parser, RulesProperties properties) {
        this.rules = rules;
        this.parser = parser;
        this.properties = properties;
    }

    ImportReport importNdjson(String body, boolean overwrite) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = body.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (!line.isBlank()) {
                entries.add(new Entry("line " + (i + 1), line, RuleFormat.JSON));
            }
        }
        return run(entries, overwrite);
    }

    ImportReport importFiles(List<Item> files, boolean overwrite) {
        List<Entry> entries = new ArrayList<>();
        for (Item file : files) {
            String name = file.name().toLowerCase(Locale.ROOT);
            if (name.endsWith(".ndjson")) {
                String[] lines = file.text().split("\r?\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    if (!lines[i].isBlank()) {
                        entries.add(new Entry(file.name() + " line " + (i + 1), lines[i], RuleFormat.JSON));
                    }
                }
            } else {
                RuleFormat format = name.endsWith(".json") ? RuleFormat.JSON
                        : name.endsWith(".toml") ? RuleFormat.TOML : RuleParser.detect(file.text());
                entries.add(new Entry(file.name(), file.text(), format));
            }
        }
        return run(entries, overwrite);
    }

    private record Entry(String source, String text, RuleFormat format) {
    }

    private ImportReport run(List<Entry> entries, boolean overwrite) {
        entries.removeIf(entry -> entry.format() == RuleFormat.JSON && isExportSummary(entry.text()));
        if (entries.isEmpty()) {
            throw ApiException.badRequest("The upload holds no rule");
        }
        if (entries.size() > properties.maxImportRules()) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "too-many-rules", "Too many rules",
                    "One import takes at most " + properties.maxImportRules() + " rules, this one has "
                            + entries.size());
        }
        List<ImportReport.Result> results = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int ok = 0;
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            String ruleId = null;
            try {
                if (entry.text().length() > properties.maxRuleBytes()) {
                    throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large",
                            "A rule may have at most " + properties.maxRuleBytes() + " bytes");
                }
                ElasticRule rule = parser.parse(entry.text(), entry.format());
                ruleId = rule.ruleId();
                if (!seen.add(ruleId)) {
                    throw ApiException.conflict("duplicate-rule-id", "Duplicate rule id",
                            "rule_id " + ruleId + " appears more than once in this import");
                }
                RuleService.Written written = rules.importOne(rule, entry.text(), overwrite);
                results.add(new ImportReport.Result(i, entry.source(), ruleId, written.status(),
                        written.rule().revision(), null));
                ok++;
            } catch (ApiException e) {
                Object reported = e.properties().get("rule_id");
                results.add(new ImportReport.Result(i, entry.source(), ruleId != null ? ruleId
                        : reported instanceof String id ? id : null, "error", null, RuleController.problem(e)));
            }
        }
        return new ImportReport(entries.size(), ok, entries.size() - ok, results);
    }

    /** The last line of a Kibana export: {@code {"exported_count": ..., "missing_rules": [...]}}. */
    private boolean isExportSummary(String line) {
        if (!line.contains("exported_count")) {
            return false;
        }
        try {
            JsonNode node = json.readTree(line);
            return node.isObject() && node.has("exported_count") && !node.has("rule_id") && !node.has("query");
        } catch (JacksonException e) {
            return false;
        }
    }
}
