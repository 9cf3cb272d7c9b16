package dev.tripline.security;

import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** Who is acting in the current request: the name of the API key that authenticated it. */
public final class CurrentApiKey {

    private CurrentApiKey() {
    }

    /** The key's name, or {@code "system"} outside an authenticated request (start-up, background work). */
    public static String name() {
        return principal().map(ApiKeyPrincipal::name).orElse("system");
    }

    public static Optional<ApiKeyRole> role() {
        return principal().map(ApiKeyPrincipal::role);
    }

    private static Optional<ApiKeyPrincipal> principal() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof ApiKeyPrincipal principal
                ? Optional.of(principal) : Optional.empty();
    }
}
