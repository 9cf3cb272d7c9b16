package dev.tripline.ingest;

import dev.tripline.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/events")
@Tag(name = "Events", description = "Batch intake: ECS events in, alerts out")
class EventsController {

    static final String NDJSON = "application/x-ndjson";
    /** Bodies declared up to this long are read into an array of their size at once (a 1,000-event batch is ~1.4 MB). */
    static final int EXACT_READ_LIMIT = 4 * 1024 * 1024;
    private static final Pattern SANE_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

    private final IngestService ingest;
    private final RequestBodies bodies;

    EventsController(IngestService ingest, RequestBodies bodies) {
        this.ingest = ingest;
        this.bodies = bodies;
    }

    @PostMapping(consumes = {MediaType.APPLICATION_JSON_VALUE, NDJSON, "application/ndjson"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Ingest a batch of ECS events",
            description = """
                    The body is a JSON array of events, {"events": [...]}, a single event object, or NDJSON \
                    (application/x-ndjson); Content-Encoding gzip is accepted. Invalid events are rejected by index \
                    while the rest are evaluated. The answer comes once the batch's alerts are committed; if the \
                    database is unreachable it is 503 with Retry-After, and a retry raises every alert exactly once. \
                    An Idempotency-Key makes a retry return the stored answer without evaluating again.""")
    @ApiResponse(responseCode = "200", description = "Evaluated; alerts committed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = IngestResponse.class)))
    ResponseEntity<String> ingest(HttpServletRequest request,
            @Parameter(description = "Makes a retried request return the first answer instead of evaluating again")
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) throws IOException {
        if (idempotencyKey != null && !SANE_KEY.matcher(idempotencyKey).matches()) {
            throw ApiException.badRequest("Idempotency-Key must be 1 to 255 printable ASCII characters without spaces");
        }
        MediaType type = MediaType.parseMediaType(request.getContentType());
        IngestService.Format format = type.getSubtype().endsWith("ndjson")
                ? IngestService.Format.NDJSON : IngestService.Format.JSON;
        RequestBodies.Body body = readBody(request, bodies);
        IngestService.Outcome outcome;
        try {
            outcome = ingest.ingest(body.bytes(), body.length(), format, idempotencyKey);
        } finally {
            // the answer is a string; neither it nor the engine refers to the body any more
            bodies.release(body.bytes(), body.length());
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(HttpStatus.OK).contentType(MediaType.APPLICATION_JSON);
        if (outcome.replayed()) {
            answer.header("Idempotent-Replayed", "true");
        }
        return answer.body(outcome.json());
    }

    /**
     * The body in one array. A declared length up to {@link #EXACT_READ_LIMIT} is read straight into an array from
     * {@code bodies} (readAllBytes would collect it in chunks and copy them: twice the allocation for every batch); a
     * longer or undeclared one (gzip, chunked) is collected as it comes, so that a length a client merely declares
     * never reserves memory. The size caps are the body limit filter's. The caller gives the array back to
     * {@code bodies} when the batch is answered.
     */
    static RequestBodies.Body readBody(HttpServletRequest request, RequestBodies bodies) throws IOException {
        InputStream in = request.getInputStream();
        long declared = request.getContentLengthLong();
        if (declared < 0 || declared > EXACT_READ_LIMIT) {
            byte[] all = in.readAllBytes();
            return new RequestBodies.Body(all, all.length);
        }
        byte[] array = bodies.take((int) declared);
        // Tomcat stops the stream at the declared length; a connection that ends early leaves a truncated body, which
        // the decoder refuses naming where it breaks off
        int read = in.readNBytes(array, 0, (int) declared);
        return new RequestBodies.Body(array, read);
    }
}
