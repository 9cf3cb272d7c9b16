-- Where new alerts go in the list. An alert's feed position is the 64-bit id of the transaction that inserted it,
-- lifted by this epoch. Transaction ids only grow within one PostgreSQL cluster; alerts dumped and restored into
-- another cluster keep positions that the new cluster's ids may lie below, so at start the service raises the
-- epoch whenever a stored position is not below the current transaction id (AlertFeed).
CREATE TABLE alert_feed (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    epoch     integer NOT NULL DEFAULT 0 CHECK (epoch BETWEEN 0 AND 32767)
);
INSERT INTO alert_feed DEFAULT VALUES;

-- 2^48 transaction ids per epoch: PostgreSQL's own 64-bit ids would need 65,536 wraparounds to reach it
CREATE FUNCTION alert_feed_base() RETURNS bigint LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT epoch::bigint << 48 FROM alert_feed $$;

-- Alerts: one row per completed sequence. The primary key is the engine's deterministic match id, so a replayed
-- batch finds its alerts already stored and INSERT ... ON CONFLICT (id) DO NOTHING makes the replay harmless.
CREATE TABLE alerts (
    id                  uuid        PRIMARY KEY,
    -- The alert's position in the list: its inserting transaction's id (plus the feed epoch). Readers only return
    -- rows below the oldest transaction still running (pg_snapshot_xmin), so a transaction that commits late can
    -- never land behind a cursor that a client already holds.
    feed_position       bigint      NOT NULL DEFAULT alert_feed_base() + (pg_current_xact_id()::text)::bigint,
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
CREATE UNIQUE INDEX alerts_feed ON alerts (feed_position, id);
CREATE INDEX alerts_status_feed ON alerts (status, feed_position, id);
CREATE INDEX alerts_severity_feed ON alerts (severity, feed_position, id);
CREATE INDEX alerts_rule_feed ON alerts (rule_id, feed_position, id);
CREATE INDEX alerts_host_id_feed ON alerts (host_id, feed_position, id);
CREATE INDEX alerts_host_name_feed ON alerts (host_name, feed_position, id);
-- range filters: from/to (event time) and updated_since
CREATE INDEX alerts_last_event_at ON alerts (last_event_at);
CREATE INDEX alerts_updated_at ON alerts (updated_at);
