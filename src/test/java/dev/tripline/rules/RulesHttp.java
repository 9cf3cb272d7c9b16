package dev.tripline.rules;

import dev.tripline.support.TestApiKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for the rules API in integration tests. */
final class RulesHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    RulesHttp(int port) {
        this.port = port;
    }

    record Response(int status, String body, HttpResponse<String> raw) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    Response get(String path, String key) {
        return send(request(path, key).GET().build());
    }

    Response delete(String path, String key) {
        return send(request(path, key).DELETE().build());
    }

    Response post(String path, String key, String contentType, String body) {
        return send(request(path, key).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Response put(String path, String key, String contentType, String body) {
        return send(request(path, key).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Response patch(String path, String key, String body) {
        return send(request(path, key).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Response multipart(String path, String key, String... nameAndContent) {
        String boundary = "tripline-test-boundary";
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < nameAndContent.length; i += 2) {
            body.append("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"file\"; filename=\"").append(nameAndContent[i])
                    .append("\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .append(nameAndContent[i + 1]).append("\r\n");
        }
        body.append("--").append(boundary).append("--\r\n");
        return post(path, key, "multipart/form-data; boundary=" + boundary, body.toString());
    }

    private HttpRequest.Builder request(String path, String key) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (key != null) {
            builder.header("Authorization", TestApiKeys.header(key));
        }
        return builder;
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
