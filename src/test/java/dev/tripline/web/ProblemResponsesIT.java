package dev.tripline.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.support.IntegrationTest;
import dev.tripline.support.TestApiKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class ProblemResponsesIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Test
    void requestWithoutKeyIsUnauthorizedProblem() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/alerts")).GET().build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertProblem(response, "urn:tripline:problem:unauthorized", 401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("ApiKey realm=\"tripline\"");
    }

    @Test
    void requestWithUnknownKeyIsUnauthorizedProblemThatDoesNotEchoTheKey() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/alerts"))
                .header("Authorization", "ApiKey not-a-key-of-this-service").GET().build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(body(response).get("detail").asString()).isEqualTo("The API key is not valid");
        assertThat(response.body()).doesNotContain("not-a-key-of-this-service");
    }

    @Test
    void unknownPathWithValidKeyIsNotFoundProblem() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/no-such-thing"))
                .header("Authorization", TestApiKeys.header(TestApiKeys.VIEWER)).GET().build());

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode problem = assertProblem(response, "urn:tripline:problem:not-found", 404);
        assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/no-such-thing");
        assertThat(problem.get("detail").asString()).contains("/api/v1/no-such-thing");
    }

    @Test
    void keyOfTooWeakARoleIsForbiddenProblem() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/alerts"))
                .header("Authorization", TestApiKeys.header(TestApiKeys.INGEST)).GET().build());

        assertThat(response.statusCode()).isEqualTo(403);
        JsonNode problem = assertProblem(response, "urn:tripline:problem:forbidden", 403);
        assertThat(problem.get("detail").asString()).contains("ingest-it").contains("ingest");
    }

    @Test
    void everyResponseCarriesARequestId() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/v1/alerts"))
                .header("X-Request-Id", "trace-42").GET().build());

        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("trace-42");
    }

    private JsonNode assertProblem(HttpResponse<String> response, String type, int status) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                contentType -> assertThat(contentType).startsWith("application/problem+json"));
        JsonNode problem = body(response);
        assertThat(problem.get("type").asString()).isEqualTo(type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        return problem;
    }

    private static JsonNode body(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
