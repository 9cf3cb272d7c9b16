package dev.tripline.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keys kept in PostgreSQL (hashes only). Used when {@code TRIPLINE_API_KEYS} is not set: the first start creates
 * one admin key and shows its secret once; later starts find the hash and create nothing.
 */
final class StoredApiKeys {

    static final String BOOTSTRAP_NAME = "bootstrap-admin";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcTemplate jdbc;

    StoredApiKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<ApiKeyRegistry.Entry> load() {
        return jdbc.query("SELECT name, role, secret_sha256 FROM api_keys ORDER BY created_at, name",
                (row, i) -> new ApiKeyRegistry.Entry(row.getString("name"), ApiKeyRole.parse(row.getString("role")),
                        row.getBytes("secret_sha256")));
    }

    /**
     * Creates the bootstrap admin key unless one exists. Several replicas starting at once on an empty database
     * race on the unique name; exactly one wins and only the winner learns (and shows) a secret.
     *
     * @return the new secret, or empty when a key already existed
     */
    Optional<String> createBootstrapAdminIfNone() {
        Integer existing = jdbc.queryForObject("SELECT count(*) FROM api_keys", Integer.class);
        if (existing != null && existing > 0) {
            return Optional.empty();
        }
        String secret = newSecret();
        int inserted = jdbc.update("""
                INSERT INTO api_keys (name, role, secret_sha256) VALUES (?, ?, ?)
                ON CONFLICT (name) DO NOTHING""", BOOTSTRAP_NAME, ApiKeyRole.ADMIN.wireName(), ApiKeyRegistry.sha256(secret));
        return inserted == 1 ? Optional.of(secret) : Optional.empty();
    }

    static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "tl_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
