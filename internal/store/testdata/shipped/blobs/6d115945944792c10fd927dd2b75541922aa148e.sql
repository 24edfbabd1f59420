-- The workflow kernel (internal/flow): one findings table for every kind of
-- supervised subject (penalty cases first; complaints, inspections and
-- supervision cases later), a version column for compare-and-swap saves, one
-- numbering counter, and accounts linked to their officer record.

-- +goose Up
CREATE TABLE findings (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    subject_kind  TEXT NOT NULL,
    subject_id    BIGINT NOT NULL,
    rule          TEXT NOT NULL,
    fkey          TEXT NOT NULL DEFAULT '',
    severity      TEXT NOT NULL,
    message       TEXT NOT NULL,
    basis         TEXT NOT NULL,
    due           TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'open',
    region_code   TEXT NOT NULL,
    agency_code   TEXT NOT NULL,
    first_seen    BIGINT NOT NULL,
    resolved_at   BIGINT NOT NULL DEFAULT 0,
    UNIQUE (subject_kind, subject_id, rule, fkey)
);
CREATE INDEX findings_scope ON findings (region_code, status, id);
CREATE INDEX findings_rule ON findings (rule, status);
CREATE INDEX findings_open ON findings (subject_kind, subject_id, status);

INSERT INTO findings (subject_kind, subject_id, rule, fkey, severity, message, basis, due, status, region_code,
    agency_code, first_seen, resolved_at)
SELECT 'case', case_id, rule, wkey, severity, message, basis, due, status, region_code, agency_code, first_seen,
    resolved_at FROM case_warnings;
DROP TABLE case_warnings;

-- Compare-and-swap: a save writes version + 1 where the version it read is
-- still there; two concurrent acts on one case can no longer overwrite each other.
ALTER TABLE cases ADD COLUMN version BIGINT NOT NULL DEFAULT 0;

-- One counter for every number the platform issues: case numbers per agency
-- and year, document numbers per agency, kind and year.
CREATE TABLE counters (
    scope TEXT NOT NULL,
    year  INTEGER NOT NULL,
    last  BIGINT NOT NULL,
    PRIMARY KEY (scope, year)
);
INSERT INTO counters (scope, year, last)
SELECT 'doc/' || agency_code || '/' || kind, year, last FROM doc_counters;
DROP TABLE doc_counters;

-- An account of role officer, legal_reviewer or agency_head acts as the
-- officer with this certificate (办、审、定分离 is checked by person).
ALTER TABLE accounts ADD COLUMN officer_cert TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE accounts DROP COLUMN officer_cert;
CREATE TABLE doc_counters (
    agency_code TEXT NOT NULL,
    kind        TEXT NOT NULL,
    year        INTEGER NOT NULL,
    last        INTEGER NOT NULL,
    PRIMARY KEY (agency_code, kind, year)
);
DROP TABLE counters;
ALTER TABLE cases DROP COLUMN version;
CREATE TABLE case_warnings (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id       BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    rule          TEXT NOT NULL,
    wkey          TEXT NOT NULL DEFAULT '',
    severity      TEXT NOT NULL,
    message       TEXT NOT NULL,
    basis         TEXT NOT NULL,
    due           TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'open',
    region_code   TEXT NOT NULL,
    agency_code   TEXT NOT NULL,
    first_seen    BIGINT NOT NULL,
    resolved_at   BIGINT NOT NULL DEFAULT 0,
    UNIQUE (case_id, rule, wkey)
);
DROP TABLE findings;
