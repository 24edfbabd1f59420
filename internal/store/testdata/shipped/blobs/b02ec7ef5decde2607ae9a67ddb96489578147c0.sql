-- Penalty cases (C5) and their warnings (C8). A case is facts plus an ordered
-- event list, kept as JSON exactly as the exchange spec puts them; the columns
-- beside them are derived on every write for lists, scopes and the daily pass.

-- +goose Up
CREATE TABLE cases (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    source_system   TEXT NOT NULL,
    source_id       TEXT NOT NULL,
    case_no         TEXT NOT NULL DEFAULT '',
    title           TEXT NOT NULL DEFAULT '',
    agency_code     TEXT NOT NULL,
    region_code     TEXT NOT NULL,
    matter_code     TEXT NOT NULL,
    procedure_kind  TEXT NOT NULL,
    party_kind      TEXT NOT NULL,
    party_name      TEXT NOT NULL,
    party_id_number TEXT NOT NULL,
    party_json      TEXT NOT NULL,
    facts_json      TEXT NOT NULL,
    events_json     TEXT NOT NULL,
    body_hash       TEXT NOT NULL,
    status          TEXT NOT NULL,
    filed_on        TEXT NOT NULL DEFAULT '',
    decided_on      TEXT NOT NULL DEFAULT '',
    outcome         TEXT NOT NULL DEFAULT '',
    tier            TEXT NOT NULL DEFAULT '',
    fine_fen        BIGINT NOT NULL DEFAULT 0,
    published_on    TEXT NOT NULL DEFAULT '',
    withdrawn_on    TEXT NOT NULL DEFAULT '',
    deadlines_json  TEXT NOT NULL DEFAULT '{}',
    next_check      TEXT NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    UNIQUE (source_system, source_id)
);
CREATE INDEX cases_scope ON cases (region_code, agency_code, id);
CREATE INDEX cases_party ON cases (party_id_number, matter_code);
CREATE INDEX cases_next_check ON cases (next_check);
CREATE INDEX cases_published ON cases (published_on);

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
CREATE INDEX case_warnings_scope ON case_warnings (region_code, status, id);
CREATE INDEX case_warnings_rule ON case_warnings (rule, status);

-- Per-agency settings the rules read: the legal-review list (重大执法决定法制
-- 审核目录, 处罚法 Art. 58(四)) as matters and a fine threshold, and the local
-- "较大数额" for hearing rights (Art. 63(一)).
CREATE TABLE agency_case_rules (
    agency_code          TEXT PRIMARY KEY REFERENCES agencies (code),
    review_fine_fen      BIGINT NOT NULL DEFAULT 0,
    review_matters       TEXT NOT NULL DEFAULT '',
    hearing_person_fen   BIGINT NOT NULL DEFAULT 0,
    hearing_org_fen      BIGINT NOT NULL DEFAULT 0,
    updated_at           BIGINT NOT NULL
);

-- Officers: the day the recorded status took effect, so that a certificate
-- revoked today was still valid for acts done before (处罚法 Art. 42).
ALTER TABLE officers ADD COLUMN status_since TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE officers DROP COLUMN status_since;
DROP TABLE agency_case_rules;
DROP TABLE case_warnings;
DROP TABLE cases;
