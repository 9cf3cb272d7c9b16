package dev.tripline.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/**
 * The one place that turns exceptions into answers. Everything a client can cause becomes problem+json with a
 * stable {@code type}; anything else is a 500 that says nothing internal and carries the request's correlation id,
 * which is logged with the stack trace.
 */
@RestControllerAdvice
class ProblemExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> handleApiException(ApiException ex, NativeWebRequest request) {
        ProblemDetail problem = Problems.of(ex.status(), ex.slug(), ex.title(), ex.getMessage(), path(request));
        ex.properties().forEach(problem::setProperty);
        return problemResponse(problem, new HttpHeaders());
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException ex, NativeWebRequest request) {
        List<Map<String, String>> errors = ex.getConstraintViolations().stream()
                .map(v -> Map.of("field", v.getPropertyPath().toString(), "message", v.getMessage()))
                .toList();
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "The request has " + errors.size() + " invalid value(s)", path(request));
        problem.setProperty("errors", errors);
        return problemResponse(problem, new HttpHeaders());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> handleTypeMismatch(MethodArgumentTypeMismatchException ex, NativeWebRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "'" + ex.getName() + "' has an invalid value", path(request));
        return problemResponse(problem, new HttpHeaders());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception ex, NativeWebRequest request) {
        HttpServletRequest servletRequest = request.getNativeRequest(HttpServletRequest.class);
        String correlationId = servletRequest != null ? RequestIdFilter.of(servletRequest) : "unknown";
        log.error("Unexpected error [correlation_id={}]", correlationId, ex);
        ProblemDetail problem = Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "The server could not complete the request. Quote correlation_id " + correlationId
                        + " when reporting this.",
                path(request));
        problem.setProperty("correlation_id", correlationId);
        return problemResponse(problem, new HttpHeaders());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(ProblemExceptionHandler::describe)
                .toList();
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                "The request body has " + errors.size() + " invalid field(s)", path(request));
        problem.setProperty("errors", errors);
        return problemResponse(problem, headers);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = ex.getMostSpecificCause();
        ProblemDetail problem;
        if (cause instanceof JacksonException jackson) {
            // the original message names the offending token without echoing the body; the location says where
            TokenStreamLocation location = jackson.getLocation();
            String where = location != null && location.getLineNr() > 0
                    ? " at line " + location.getLineNr() + ", column " + location.getColumnNr() : "";
            problem = Problems.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                    firstLine(jackson.getOriginalMessage()) + where, path(request));
            if (!where.isEmpty()) {
                problem.setProperty("line", location.getLineNr());
                problem.setProperty("column", location.getColumnNr());
            }
        } else {
            problem = Problems.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                    cause.getMessage() == null ? "The request body could not be read" : firstLine(cause.getMessage()),
                    path(request));
        }
        return problemResponse(problem, headers);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found",
                "No endpoint " + ex.getHttpMethod() + " /" + ex.getResourcePath(), path(request));
        return problemResponse(problem, headers);
    }

    /** Framework exceptions (404, 405, 415, ...) arrive here with a ProblemDetail body that lacks our type. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail detail ? detail
                : ProblemDetail.forStatusAndDetail(statusCode, ex.getMessage());
        ProblemDetail typed = Problems.of(statusCode, Problems.slugFor(statusCode),
                problem.getTitle() != null ? problem.getTitle() : HttpStatus.valueOf(statusCode.value()).getReasonPhrase(),
                problem.getDetail(), path(request));
        if (problem.getProperties() != null) {
            problem.getProperties().forEach(typed::setProperty);
        }
        return problemResponse(typed, headers);
    }

    private static ResponseEntity<Object> problemResponse(ProblemDetail problem, HttpHeaders headers) {
        return ResponseEntity.status(problem.getStatus())
                .headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static Map<String, String> describe(FieldError error) {
        return Map.of("field", error.getField(),
                "message", error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage());
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    private static String path(WebRequest request) {
        HttpServletRequest servletRequest = request instanceof NativeWebRequest nwr
                ? nwr.getNativeRequest(HttpServletRequest.class) : null;
        return servletRequest != null ? servletRequest.getRequestURI() : null;
    }
}
