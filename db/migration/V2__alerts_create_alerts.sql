-- Alerts: one row per completed sequence. The primary key is the engine's deterministic match id, so a replayed
-- batch finds its alerts already stored and INSERT ... ON CONFLICT (id) DO NOTHING makes the replay harmless.
CREATE TABLE alerts (
    id                  uuid        PRIMARY KEY,
    -- The 64-bit id of the transaction that inserted the row: the alert's position in the list. Readers only
    -- return rows below the oldest transaction still running (pg_snapshot_xmin), so a transaction that commits
    -- late can never land behind a cursor that a client already holds.
    feed_xid            bigint      NOT NULL DEFAULT (pg_current_xact_id()::text)::bigint,
    rule_id             text        NOT NULL,
    rule_name           text        NOT NULL,
    rule_revision       integer     NOT NULL CHECK (rule_revision >= 0),
    rule_references     text[]      NOT NULL DEFAULT '{}',
    rule_tags           text[]      NOT NULL DEFAULT '{}',
    severity            text        NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
    risk_score          integer     NOT NULL CHECK (risk_score BETWEEN 0 AND 100),
    status              text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'closed')),
    status_reason       text        CHECK (status_reason IN ('false_positive', 'true_positive', 'benign_positive',
                                                             'duplicate', 'other')),
    assignee            text,
    tags                text[]      NOT NULL DEFAULT '{}',
    reason              text        NOT NULL,
    host_id             text,
    host_name           text,
    user_info           jsonb,
    process_info        jsonb,
    destination_info    jsonb,
    join_keys           jsonb       NOT NULL,
    event_ids           text[]      NOT NULL,
    -- the matched documents as they were posted, in sequence order
    events              jsonb       NOT NULL,
    threat              jsonb       NOT NULL DEFAULT '[]',
    investigation_guide text,
    first_event_at      timestamptz NOT NULL,
    last_event_at       timestamptz NOT NULL,
    detected_at         timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    -- bumped by every triage change; the alert's ETag and the If-Match precondition compare it
    version             integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
    CONSTRAINT alerts_status_reason_only_when_closed CHECK (status_reason IS NULL OR status = 'closed')
);

-- the list's keyset, alone and behind each equality filter
CREATE UNIQUE INDEX alerts_feed ON alerts (feed_xid, id);
CREATE INDEX alerts_status_feed ON alerts (status, feed_xid, id);
CREATE INDEX alerts_severity_feed ON alerts (severity, feed_xid, id);
CREATE INDEX alerts_rule_feed ON alerts (rule_id, feed_xid, id);
CREATE INDEX alerts_host_id_feed ON alerts (host_id, feed_xid, id);
CREATE INDEX alerts_host_name_feed ON alerts (host_name, feed_xid, id);
-- range filters: from/to (event time) and updated_since
CREATE INDEX alerts_last_event_at ON alerts (last_event_at);
CREATE INDEX alerts_updated_at ON alerts (updated_at);
