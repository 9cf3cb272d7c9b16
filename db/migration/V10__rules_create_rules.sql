-- Detection rules: one row per rule_id, holding the rule as it was imported (verbatim source and the parsed
-- Kibana-shaped body) and what analysts tuned since. The engine runs every enabled row; a change takes effect for
-- the next batch.
CREATE TABLE rules (
    rule_id        text        PRIMARY KEY,
    name           text        NOT NULL,
    description    text        NOT NULL,
    -- effective values: the body's, unless named in tuned_fields (then set by PATCH and kept across upgrades)
    severity       text        NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    risk_score     integer     NOT NULL CHECK (risk_score BETWEEN 0 AND 100),
    tags           text[]      NOT NULL DEFAULT '{}',
    tuned_fields   text[]      NOT NULL DEFAULT '{}',
    query          text        NOT NULL,
    -- the text the rule arrived as, byte for byte (TOML file or JSON object), and its SHA-256
    source_format  text        NOT NULL CHECK (source_format IN ('toml', 'json')),
    source         text        NOT NULL,
    source_sha256  text        NOT NULL,
    body           jsonb       NOT NULL,
    metadata       jsonb       NOT NULL DEFAULT '{}',
    -- api: imported over the API; builtin: shipped in the jar; directory: read from TRIPLINE_RULES_DIR at start
    origin         text        NOT NULL CHECK (origin IN ('api', 'builtin', 'directory')),
    -- true once an admin replaced the body (PUT): a newer shipped or directory file then no longer overwrites it
    body_replaced  boolean     NOT NULL DEFAULT false,
    enabled        boolean     NOT NULL,
    revision       integer     NOT NULL CHECK (revision >= 1),
    created_by     text        NOT NULL,
    updated_by     text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX rules_by_name ON rules (lower(name), rule_id);
CREATE INDEX rules_tags ON rules USING gin (tags);
