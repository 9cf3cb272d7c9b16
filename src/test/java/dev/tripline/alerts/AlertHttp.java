package dev.tripline.alerts;

import dev.tripline.support.DefendEvents;

import dev.tripline.support.TestApiKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;

/** A small client for the alert API in integration tests. */
final class AlertHttp {

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    AlertHttp(int port) {
        this.port = port;
    }

    HttpResponse<String> get(String pathAndQuery, String key, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery))
                .header("Authorization", TestApiKeys.header(key)).GET();
        return send(withHeaders(request, headers));
    }

    HttpResponse<String> patch(String path, String key, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Authorization", TestApiKeys.header(key))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body));
        return send(withHeaders(request, headers));
    }

    HttpResponse<String> post(String path, String key, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Authorization", TestApiKeys.header(key))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return send(request);
    }

    static JsonNode json(HttpResponse<String> response) {
        return DefendEvents.JSON.readTree(response.body());
    }

    private static HttpRequest.Builder withHeaders(HttpRequest.Builder request, String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://localhost:" + port + pathAndQuery);
    }
}
