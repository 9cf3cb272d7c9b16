package dev.tripline.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * Something a client caused, told back to it as problem+json. Features subclass it (or use its factories) with a
 * stable problem slug: the {@code type} of the answer is {@code urn:tripline:problem:<slug>}.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String slug;
    private final String title;
    private final Map<String, Object> properties;

    public ApiException(HttpStatus status, String slug, String title, String detail) {
        this(status, slug, title, detail, Map.of());
    }

    public ApiException(HttpStatus status, String slug, String title, String detail, Map<String, Object> properties) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    public static ApiException notFound(String what, Object id) {
        return new ApiException(HttpStatus.NOT_FOUND, "not-found", "Not found", what + " " + id + " does not exist");
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", detail);
    }

    public static ApiException unprocessable(String slug, String title, String detail) {
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, slug, title, detail);
    }

    public static ApiException conflict(String slug, String title, String detail) {
        return new ApiException(HttpStatus.CONFLICT, slug, title, detail);
    }

    public HttpStatus status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
