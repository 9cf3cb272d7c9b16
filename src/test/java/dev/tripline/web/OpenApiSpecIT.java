package dev.tripline.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tripline.support.IntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The committed {@code openapi/tripline-v1.yaml} is what clients generate code from and what reviewers diff; it
 * must be exactly what the running service describes. Regenerate it with
 * {@code ./mvnw verify -Dit.test=OpenApiSpecIT -Dtripline.openapi.update=true}.
 */
@IntegrationTest
class OpenApiSpecIT {

    private static final Path COMMITTED = Path.of("openapi", "tripline-v1.yaml");

    @LocalServerPort
    int port;

    @Test
    void committedSpecMatchesTheRunningService() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v3/api-docs.yaml")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        String live = response.body().replaceAll("http://localhost:\\d+", "http://localhost:8080");

        if (Boolean.getBoolean("tripline.openapi.update")) {
            Files.writeString(COMMITTED, live);
        }
        assertThat(Files.readString(COMMITTED))
                .as("openapi/tripline-v1.yaml is stale: regenerate with -Dtripline.openapi.update=true")
                .isEqualTo(live);
    }
}
