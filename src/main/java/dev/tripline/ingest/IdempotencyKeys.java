package dev.tripline.ingest;

import java.time.Duration;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Stored answers to batches posted with an {@code Idempotency-Key}. Every method runs inside the caller's
 * transaction: the key is locked for the transaction (two requests with the same key do not both evaluate), and
 * the answer is saved in the same commit as the batch's alerts, so a stored answer always describes alerts that
 * exist.
 */
final class IdempotencyKeys {

    record Stored(byte[] bodySha256, String responseJson) {
    }

    private final JdbcTemplate jdbc;

    IdempotencyKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Blocks until no other transaction holds the key, then holds it until this transaction ends. */
    void lock(String key) {
        jdbc.query("SELECT pg_advisory_xact_lock(hashtextextended(?, 7))", rs -> null, key);
    }

    Optional<Stored> find(String key) {
        return jdbc.query("SELECT body_sha256, response FROM ingest_idempotency_keys "
                        + "WHERE idempotency_key = ?",
                (row, i) -> new Stored(row.getBytes("body_sha256"), row.getString("response")), key)
                .stream().findFirst();
    }

    void save(String key, byte[] bodySha256, String responseJson) {
        jdbc.update("INSERT INTO ingest_idempotency_keys (idempotency_key, body_sha256, response) "
                + "VALUES (?, ?, ?)", key, bodySha256, responseJson);
    }

    int deleteOlderThan(Duration age) {
        return jdbc.update("DELETE FROM ingest_idempotency_keys WHERE created_at < now() - make_interval(secs => ?)",
                (double) age.toSeconds());
    }
}
