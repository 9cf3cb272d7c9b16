-- Responses to batches posted with an Idempotency-Key: a retry with the same key and body gets the stored
-- answer without being evaluated again; the same key with another body is refused. Kept for a day.
CREATE TABLE ingest_idempotency_keys (
    idempotency_key text        PRIMARY KEY CHECK (length(idempotency_key) BETWEEN 1 AND 255),
    body_sha256     bytea       NOT NULL CHECK (octet_length(body_sha256) = 32),
    response        text        NOT NULL,  -- verbatim, so a replay is byte for byte the first answer
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX ingest_idempotency_keys_created_at ON ingest_idempotency_keys (created_at);
