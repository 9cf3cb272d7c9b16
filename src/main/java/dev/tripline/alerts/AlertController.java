package dev.tripline.alerts;

import dev.tripline.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The alert API. Reads carry an ETag so that pollers get a 304 while nothing changed; changes to one alert need
 * {@code If-Match}. Who may call what is decided in the security configuration (GET: viewer, changes: analyst).
 */
@RestController
@RequestMapping("/api/v1/alerts")
@Tag(name = "alerts")
class AlertController {

    private static final String MERGE_PATCH_JSON = "application/merge-patch+json";

    private final AlertService alerts;
    private final AlertTriage triage;
    private final JsonMapper json;

    AlertController(AlertService alerts, AlertTriage triage, JsonMapper json) {
        this.alerts = alerts;
        this.triage = triage;
        this.json = json;
    }

    @Operation(summary = "List alerts in feed order, filtered; keyset-paged with an opaque cursor")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = AlertPage.class)))
    @FilterParameters
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "page size",
            schema = @Schema(types = "integer", minimum = "1", maximum = "1000", defaultValue = "50"))
    @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "next_cursor of the previous page, same filters",
            schema = @Schema(types = "string", maxLength = 200))
    @Parameter(name = "order", in = ParameterIn.QUERY, description = "asc: oldest first, the poller's feed",
            schema = @Schema(types = "string", allowableValues = {"asc", "desc"}, defaultValue = "asc"))
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> list(@Parameter(hidden = true) @RequestParam MultiValueMap<String, String> parameters) {
        AlertPage page = alerts.list(AlertQuery.parseList(parameters));
        // the ETag is the digest of the exact bytes sent: whatever changes in the page changes it
        byte[] body = json.writeValueAsBytes(page);
        return ResponseEntity.ok()
                .eTag(digest(body))
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }

    @Operation(summary = "Alert counts by status, severity, rule and host for dashboard tiles")
    @FilterParameters
    @Parameter(name = "top", in = ParameterIn.QUERY, description = "how many rules and hosts to list",
            schema = @Schema(types = "integer", minimum = "1", maximum = "100", defaultValue = "10"))
    @GetMapping(path = "/_summary", produces = MediaType.APPLICATION_JSON_VALUE)
    AlertSummary summary(@Parameter(hidden = true) @RequestParam MultiValueMap<String, String> parameters) {
        return alerts.summary(AlertQuery.parseSummary(parameters));
    }

    @Operation(summary = "One alert with its events in order, investigation guide, MITRE mapping and status history")
    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AlertView> get(@PathVariable("id") String id) {
        AlertView alert = alerts.get(alertId(id));
        return ResponseEntity.ok().eTag(alert.etag()).header(HttpHeaders.CACHE_CONTROL, "no-cache").body(alert);
    }

    @Operation(summary = "Change an alert's status, closing reason, assignee or tags (If-Match required)")
    @PatchMapping(path = "/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, MERGE_PATCH_JSON},
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AlertView> patch(@PathVariable("id") String id,
            @Parameter(description = "the ETag read (required; * changes any version)")
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schema = @Schema(implementation = PatchBody.class))) @RequestBody JsonNode body) {
        UUID alertId = alertId(id);
        AlertView alert = triage.change(alertId, ifMatch, TriagePatch.parse(body));
        return ResponseEntity.ok().eTag(alert.etag()).body(alert);
    }

    @Operation(summary = "Change the status of many alerts by id; reports updated, unchanged or not_found per id")
    @PostMapping(path = "/_status", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    BulkStatusResult changeStatus(@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            schema = @Schema(implementation = BulkStatusBody.class))) @RequestBody JsonNode body) {
        return triage.changeStatus(BulkStatusChange.parse(body));
    }

    private static UUID alertId(String text) {
        return AlertService.parseId(text).orElseThrow(() -> ApiException.notFound("Alert", AlertReason.shown(text)));
    }

    private static String digest(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 27) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The filters both the list and the summary take, for the API description. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @Parameter(name = "status", in = ParameterIn.QUERY, description = "open, acknowledged, closed; several values"
            + " comma-separated or repeated match any", schema = @Schema(types = "string"))
    @Parameter(name = "severity", in = ParameterIn.QUERY, description = "low, medium, high, critical",
            schema = @Schema(types = "string"))
    @Parameter(name = "rule_id", in = ParameterIn.QUERY, schema = @Schema(types = "string"))
    @Parameter(name = "host_id", in = ParameterIn.QUERY, schema = @Schema(types = "string"))
    @Parameter(name = "host_name", in = ParameterIn.QUERY, schema = @Schema(types = "string"))
    @Parameter(name = "from", in = ParameterIn.QUERY, description = "time of the alert's last event, at or after",
            schema = @Schema(types = "string", format = "date-time"))
    @Parameter(name = "to", in = ParameterIn.QUERY, description = "time of the alert's last event, before",
            schema = @Schema(types = "string", format = "date-time"))
    @Parameter(name = "updated_since", in = ParameterIn.QUERY, description = "last changed at or after",
            schema = @Schema(types = "string", format = "date-time"))
    @interface FilterParameters {
    }

    /** The PATCH body's shape, for the API description (the body is read strictly by {@link TriagePatch}). */
    record PatchBody(
            @Schema(allowableValues = {"open", "acknowledged", "closed"}) String status,
            @Schema(allowableValues = {"false_positive", "true_positive", "benign_positive", "duplicate", "other"},
                    nullable = true, description = "only for closed alerts") String statusReason,
            @Schema(nullable = true, maxLength = TriageFields.MAX_ASSIGNEE_LENGTH) String assignee,
            @ArraySchema(maxItems = TriageFields.MAX_TAGS, schema = @Schema(maxLength = TriageFields.MAX_TAG_LENGTH))
            List<String> tags) {
    }

    /** The bulk status body's shape, for the API description. */
    record BulkStatusBody(
            @ArraySchema(minItems = 1, maxItems = BulkStatusChange.MAX_IDS) List<UUID> ids,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"open", "acknowledged", "closed"})
            String status,
            @Schema(allowableValues = {"false_positive", "true_positive", "benign_positive", "duplicate", "other"},
                    nullable = true) String statusReason) {
    }
}
