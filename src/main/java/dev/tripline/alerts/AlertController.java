package dev.tripline.alerts;

import dev.tripline.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
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
    @GetMapping
    ResponseEntity<byte[]> list(@RequestParam MultiValueMap<String, String> parameters) {
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
    @GetMapping("/_summary")
    AlertSummary summary(@RequestParam MultiValueMap<String, String> parameters) {
        return alerts.summary(AlertQuery.parseSummary(parameters));
    }

    @Operation(summary = "One alert with its events in order, investigation guide, MITRE mapping and status history")
    @GetMapping("/{id}")
    ResponseEntity<AlertView> get(@PathVariable("id") String id) {
        AlertView alert = alerts.get(alertId(id));
        return ResponseEntity.ok().eTag(alert.etag()).header(HttpHeaders.CACHE_CONTROL, "no-cache").body(alert);
    }

    @Operation(summary = "Change an alert's status, closing reason, assignee or tags (If-Match required)")
    @PatchMapping(path = "/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, MERGE_PATCH_JSON})
    ResponseEntity<AlertView> patch(@PathVariable("id") String id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch, @RequestBody JsonNode body) {
        UUID alertId = alertId(id);
        AlertView alert = triage.change(alertId, ifMatch, TriagePatch.parse(body));
        return ResponseEntity.ok().eTag(alert.etag()).body(alert);
    }

    @Operation(summary = "Change the status of many alerts by id; reports updated, unchanged or not_found per id")
    @PostMapping(path = "/_status", consumes = MediaType.APPLICATION_JSON_VALUE)
    BulkStatusResult changeStatus(@RequestBody JsonNode body) {
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
}
