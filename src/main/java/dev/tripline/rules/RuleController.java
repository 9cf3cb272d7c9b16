package dev.tripline.rules;

import dev.tripline.web.ApiException;
import dev.tripline.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

@Tag(name = "Rules", description = "Elastic EQL detection rules: import (TOML or JSON), manage, export, status")
@RestController
@RequestMapping("/api/v1/rules")
class RuleController {

    static final String TOML = "application/toml";
    static final String NDJSON = "application/x-ndjson";
    private static final int MAX_PER_PAGE = 500;

    private final RuleService rules;
    private final RuleImporter importer;
    private final RuleStatusReport status;
    private final RulesProperties properties;
    private final JsonMapper json;

    RuleController(RuleService rules, RuleImporter importer, RuleStatusReport status, RulesProperties properties,
            JsonMapper json) {
        this.rules = rules;
        this.importer = importer;
        this.status = status;
        this.properties = properties;
        this.json = json;
    }

    @Operation(summary = "Import one rule",
            description = "An Elastic detection-rules TOML file (application/toml) or a Kibana rule object "
                    + "(application/json). Only EQL rules are accepted. 201 with the stored rule; 400 when the text "
                    + "does not parse (line and column), 422 when a field, the language or the query is wrong, 409 "
                    + "when the rule_id exists.")
    @PostMapping(consumes = {TOML, MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_PLAIN_VALUE})
    ResponseEntity<RuleView> create(@RequestBody String body,
            @RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType) {
        RuleView created = rules.create(limited(body), format(contentType, body));
        return ResponseEntity.created(URI.create("/api/v1/rules/" + created.ruleId())).body(created);
    }

    @Operation(summary = "Import many rules",
            description = "NDJSON of Kibana rule objects (a Kibana export's summary line is skipped), or a multipart "
                    + "upload of TOML/JSON files (any part names). Each rule is checked and stored on its own: the "
                    + "answer lists per rule created, updated, unchanged or the error. With overwrite=true an existing "
                    + "rule is replaced (revision +1), else it is an error.")
    @PostMapping(path = "/_import", consumes = NDJSON)
    ImportReport importNdjson(@RequestBody String body,
            @RequestParam(defaultValue = "false") boolean overwrite) {
        return importer.importNdjson(body, overwrite);
    }

    @Operation(summary = "Import many rules (multipart upload of rule files)",
            description = "Any number of file parts (any part names): .toml and .json files are one rule each, "
                    + ".ndjson files one rule per line. Answers per rule as the NDJSON import does.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
            @Content(mediaType = NDJSON, schema = @Schema(type = "string")),
            @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE, schema = @Schema(type = "object",
                    description = "file parts: .toml, .json (one rule each) or .ndjson (one rule per line)"))})
    @PostMapping(path = "/_import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ImportReport importFiles(MultipartHttpServletRequest request,
            @RequestParam(defaultValue = "false") boolean overwrite) throws IOException {
        List<RuleImporter.Item> items = new ArrayList<>();
        for (MultipartFile file : request.getMultiFileMap().values().stream().flatMap(List::stream).toList()) {
            String name = file.getOriginalFilename() == null || file.getOriginalFilename().isBlank()
                    ? file.getName() : file.getOriginalFilename();
            items.add(new RuleImporter.Item(name, new String(file.getBytes(), StandardCharsets.UTF_8)));
        }
        return importer.importFiles(items, overwrite);
    }

    @Operation(summary = "List rules", description = "Filters: enabled, severity, tag (exact), text (in name, "
            + "description or rule_id); ordered by name; page from 1, per_page up to 500 (default 50).")
    @GetMapping
    RulePage list(@RequestParam(required = false) Boolean enabled,
            @RequestParam(required = false) String severity,
            @RequestParam(required = false) String tag,
            @RequestParam(required = false) String text,
            @RequestParam(defaultValue = "1") int page,
            @Parameter(name = "per_page") @RequestParam(name = "per_page", defaultValue = "50") int perPage) {
        if (page < 1 || page > 1_000_000) {
            throw ApiException.badRequest("page must be from 1 to 1000000, was " + page);
        }
        if (perPage < 1 || perPage > MAX_PER_PAGE) {
            throw ApiException.badRequest("per_page must be from 1 to " + MAX_PER_PAGE + ", was " + perPage);
        }
        String normalizedSeverity = null;
        if (severity != null && !severity.isBlank()) {
            normalizedSeverity = severity.toLowerCase(Locale.ROOT);
            if (!RuleParser.SEVERITIES.contains(normalizedSeverity)) {
                throw ApiException.badRequest("severity must be one of low, medium, high, critical");
            }
        }
        return rules.list(new RuleFilter(enabled, normalizedSeverity, blankToNull(tag), blankToNull(text), page,
                perPage));
    }

    @Operation(summary = "Export every rule as NDJSON",
            description = "One Kibana rule object per line with the current enabled flag, severity, risk score, tags "
                    + "and version (= revision); importable here or in Kibana.")
    @GetMapping(path = "/_export", produces = NDJSON)
    ResponseEntity<String> export() {
        // a few thousand rules at most: written in one piece rather than streamed asynchronously
        StringBuilder body = new StringBuilder();
        for (ObjectNode rule : rules.export()) {
            body.append(json.writeValueAsString(rule)).append('\n');
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"rules_export.ndjson\"")
                .contentType(MediaType.parseMediaType(NDJSON))
                .body(body.toString());
    }

    @Operation(summary = "Engine status per rule",
            description = "Per rule: engine counters (events seen, stage hits, matches, pending, expired, evicted, "
                    + "late, suppressed, ...), last alert time, load error; and every file or rule that failed to load.")
    @GetMapping("/_status")
    RuleStatusReport.Status status() {
        return status.report();
    }

    @Operation(summary = "One rule, with its investigation guide and original source")
    @GetMapping("/{ruleId}")
    RuleView get(@PathVariable String ruleId) {
        return rules.get(ruleId);
    }

    @Operation(summary = "Tune a rule", description = "enabled, severity, risk_score, tags; other fields are refused. "
            + "Any change increments the revision and takes effect for the next batch; the rule's partial matches "
            + "are dropped (and counted).")
    @PatchMapping(path = "/{ruleId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    RuleView patch(@PathVariable String ruleId, @RequestBody JsonNode body) {
        return rules.patch(ruleId, RulePatch.parse(body));
    }

    @Operation(summary = "Replace a rule's body", description = "TOML or JSON as for import; the rule_id must match. "
            + "Revision +1; tuned fields are reset to the new body's.")
    @PutMapping(path = "/{ruleId}", consumes = {TOML, MediaType.APPLICATION_JSON_VALUE, MediaType.TEXT_PLAIN_VALUE})
    RuleView replace(@PathVariable String ruleId, @RequestBody String body,
            @RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType) {
        return rules.replace(ruleId, limited(body), format(contentType, body));
    }

    @Operation(summary = "Delete a custom rule", description = "Built-in rules cannot be deleted (409); disable them.")
    @DeleteMapping("/{ruleId}")
    ResponseEntity<Void> delete(@PathVariable String ruleId) {
        rules.delete(ruleId);
        return ResponseEntity.noContent().build();
    }

    private String limited(String body) {
        if (body.length() > properties.maxRuleBytes()) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large",
                    "A rule may have at most " + properties.maxRuleBytes() + " bytes");
        }
        return body;
    }

    static RuleFormat format(String contentType, String body) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith(MediaType.APPLICATION_JSON_VALUE)) {
            return RuleFormat.JSON;
        }
        if (type.startsWith(TOML) || type.startsWith("text/x-toml")) {
            return RuleFormat.TOML;
        }
        return RuleParser.detect(body);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    static Map<String, Object> problem(ApiException e) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", Problems.TYPE_PREFIX + e.slug());
        problem.put("title", e.title());
        problem.put("status", e.status().value());
        problem.put("detail", e.getMessage());
        problem.putAll(e.properties());
        return problem;
    }
}
