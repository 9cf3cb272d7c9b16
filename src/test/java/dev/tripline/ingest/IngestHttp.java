package dev.tripline.ingest;

import dev.tripline.support.TestApiKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Posts batches and reads alerts over real HTTP, as a shipper and a dashboard would. */
final class IngestHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String SEED_RULE = "fa3a59dc-33c3-43bf-80a9-e8437a922c7f";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    IngestHttp(int port) {
        this.port = port;
    }

    HttpResponse<String> postJson(String body, String... headers) {
        return post(body.getBytes(StandardCharsets.UTF_8), "application/json", headers);
    }

    HttpResponse<String> postEvents(List<JsonNode> events, String... headers) {
        return postJson(JSON.writeValueAsString(events), headers);
    }

    HttpResponse<String> postNdjson(List<JsonNode> events, boolean gzip) {
        String body = events.stream().map(JSON::writeValueAsString).collect(Collectors.joining("\n")) + "\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return gzip ? post(gzip(bytes), "application/x-ndjson", "Content-Encoding", "gzip")
                : post(bytes, "application/x-ndjson");
    }

    HttpResponse<String> post(byte[] body, String contentType, String... headers) {
        return postAs(TestApiKeys.header(TestApiKeys.INGEST), body, contentType, headers);
    }

    /** Posts with the given Authorization header value, or none when it is null. */
    HttpResponse<String> postAs(String authorization, byte[] body, String contentType, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/api/v1/events"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /**
     * The built-in rule's alerts on one host, as a dashboard reads them. (Other tests in the same application
     * install rules of their own, which may match these events too.)
     */
    List<JsonNode> alertsOfHost(String hostId) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/alerts?host_id=" + hostId
                        + "&rule_id=" + SEED_RULE + "&limit=100"))
                .header("Authorization", TestApiKeys.header(TestApiKeys.VIEWER)).GET().build());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET alerts answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode data = JSON.readTree(response.body()).get("data");
        return data.valueStream().toList();
    }

    JsonNode alert(String id) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/alerts/" + id))
                .header("Authorization", TestApiKeys.header(TestApiKeys.VIEWER)).GET().build());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET alert answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    static JsonNode body(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** The built-in rule's alerts in an ingest answer. */
    static List<JsonNode> seedAlerts(JsonNode answer) {
        return answer.get("alerts").valueStream()
                .filter(alert -> alert.get("rule_id").asString().equals(SEED_RULE)).toList();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
