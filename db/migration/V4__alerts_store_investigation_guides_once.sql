-- A rule's investigation guide (often several kilobytes) is the same in every alert the rule raises. Stored with each
-- alert, it was most of the row and most of what PostgreSQL compressed and logged per alert; now each distinct text is
-- stored once and an alert refers to it by its SHA-256. Alerts stored before keep their own copy in
-- investigation_guide; readers take whichever is there.
CREATE TABLE alert_guides (
    sha256 bytea PRIMARY KEY CHECK (length(sha256) = 32),
    guide  text  NOT NULL
);

ALTER TABLE alerts ADD COLUMN investigation_guide_sha256 bytea;
