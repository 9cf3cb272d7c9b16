package dev.tripline.security;

import java.util.List;
import java.util.Locale;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** What an API key may do. Roles nest: admin includes everything, analyst includes viewer. */
public enum ApiKeyRole {
    INGEST,
    VIEWER,
    ANALYST,
    ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ApiKeyRole parse(String value) {
        for (ApiKeyRole role : values()) {
            if (role.wireName().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + value + "' (expected ingest, viewer, analyst or admin)");
    }

    /** The authorities this role carries, its own and those of every role it includes. */
    List<GrantedAuthority> authorities() {
        List<ApiKeyRole> granted = switch (this) {
            case INGEST -> List.of(INGEST);
            case VIEWER -> List.of(VIEWER);
            case ANALYST -> List.of(ANALYST, VIEWER);
            case ADMIN -> List.of(ADMIN, ANALYST, VIEWER, INGEST);
        };
        return granted.stream().<GrantedAuthority>map(r -> new SimpleGrantedAuthority("ROLE_" + r.name())).toList();
    }
}
