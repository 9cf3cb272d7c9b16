package dev.tripline.security;

import dev.tripline.web.ProblemWriter;
import dev.tripline.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** Spring Security's 401 and 403 answers, as problem+json like every other error (they bypass the MVC advice). */
final class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final ProblemWriter writer;

    ProblemSecurityHandlers(ProblemWriter writer) {
        this.writer = writer;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        String detail = failure instanceof BadCredentialsException
                ? failure.getMessage()
                : "This request needs an API key: send 'Authorization: ApiKey <secret>'";
        response.setHeader("WWW-Authenticate", ApiKeyAuthenticationFilter.SCHEME + " realm=\"tripline\"");
        writer.write(response, Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail,
                request.getRequestURI()));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        String role = CurrentApiKey.role().map(ApiKeyRole::wireName).orElse("none");
        writer.write(response, Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                "The API key '" + CurrentApiKey.name() + "' has role " + role + ", which may not "
                        + request.getMethod() + " " + request.getRequestURI(),
                request.getRequestURI()));
    }
}
