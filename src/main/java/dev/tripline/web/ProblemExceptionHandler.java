package dev.tripline.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
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

    private final long retryAfterSeconds;

    ProblemExceptionHandler() {
        this(5);
    }

    @org.springframework.beans.factory.annotation.Autowired
    ProblemExceptionHandler(@Value("${tripline.http.retry-after:5s}") java.time.Duration retryAfter) {
        this(retryAfter.toSeconds());
    }

    private ProblemExceptionHandler(long retryAfterSeconds) {
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> handleApiException(ApiException ex, NativeWebRequest request) {
        ProblemDetail problem = Problems.of(ex.status(), ex.slug(), ex.title(), ex.getMessage(), path(request));
        ex.properties().forEach(problem::setProperty);
        HttpHeaders headers = new HttpHeaders();
        if (ex.status() == HttpStatus.SERVICE_UNAVAILABLE || ex.status() == HttpStatus.TOO_MANY_REQUESTS) {
            Object seconds = ex.properties().get("retry_after_seconds");
            headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds != null ? seconds : retryAfterSeconds));
        }
        return problemResponse(problem, headers);
    }

    /**
     * The database is unreachable or refused to commit: nothing the client sent is wrong, and nothing was
     * committed, so the same request can be sent again once the database is back.
     */
    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class,
            CannotCreateTransactionException.class, TransactionSystemException.class})
    ResponseEntity<Object> handleDatabaseUnavailable(Exception ex, NativeWebRequest request) {
        log.warn("Database unavailable, answering 503: {}", ex.getMessage());
        ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
                "Database unavailable", "The database is unreachable; nothing was stored. Send the same request again "
                        + "after " + retryAfterSeconds + " s.", path(request));
        problem.setProperty("retry_after_seconds", retryAfterSeconds);
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
        return problemResponse(problem, headers);
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
        if (lostTheDatabase(ex)) {
            // e.g. a rollback that fails because the connection died: Hibernate reports the rollback, not the cause
            return handleDatabaseUnavailable(ex, request);
        }
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

    /**
     * Whether anything in the cause chain says the connection to the database failed: an SQL state of class 08
     * (connection exception) or 57P (operator intervention, e.g. the server shutting down), or a socket error.
     */
    static boolean lostTheDatabase(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (t instanceof java.net.SocketException || t instanceof DataAccessResourceFailureException
                    || t instanceof CannotCreateTransactionException) {
                return true;
            }
        }
        return false;
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
