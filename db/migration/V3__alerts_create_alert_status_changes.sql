-- Who changed an alert's status, when, from what to what and why: written in the same transaction as the change.
CREATE TABLE alert_status_changes (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id      uuid        NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    from_status   text        NOT NULL,
    to_status     text        NOT NULL,
    status_reason text,
    changed_by    text        NOT NULL,
    changed_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX alert_status_changes_alert ON alert_status_changes (alert_id, id);
