package dev.tripline.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads {@code Authorization: ApiKey <secret>}. A request without the header goes on unauthenticated (public paths
 * let it through, the rest answer 401); a header that does not name a known key is a 401 at once.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String SCHEME = "ApiKey";

    private final ApiKeyRegistry registry;
    private final AuthenticationEntryPoint entryPoint;

    ApiKeyAuthenticationFilter(ApiKeyRegistry registry, AuthenticationEntryPoint entryPoint) {
        this.registry = registry;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || header.isBlank()) {
            chain.doFilter(request, response);
            return;
        }
        if (!header.regionMatches(true, 0, SCHEME + " ", 0, SCHEME.length() + 1)) {
            entryPoint.commence(request, response,
                    new BadCredentialsException("Unsupported authorization scheme: send 'Authorization: ApiKey <secret>'"));
            return;
        }
        Optional<ApiKeyPrincipal> principal = registry.authenticate(header.substring(SCHEME.length() + 1).trim());
        if (principal.isEmpty()) {
            entryPoint.commence(request, response, new BadCredentialsException("The API key is not valid"));
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new ApiKeyAuthentication(principal.get()));
        // cleared by Spring Security's SecurityContextHolderFilter when the request ends, after the 403 handler
        // (which runs outside this filter) has read who was denied
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }
}
