-- Foundation schema (C1 jurisdictions and agencies, C2 officers, C3 matters,
-- accounts, sessions, API tokens, audit trail). Written SQLite-first; the
-- migrator rewrites the few PostgreSQL differences (see migrate.go).
-- Every jurisdiction-bound table carries region_code so that scopes are
-- range scans on it (region_code >= '3701' AND region_code < '3702').

-- +goose Up
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE regions (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    parent_code TEXT NOT NULL DEFAULT '',
    level       INTEGER NOT NULL,
    revision    TEXT NOT NULL
);
CREATE INDEX regions_parent ON regions (parent_code, code);

CREATE TABLE agencies (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    code           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    kind           TEXT NOT NULL,
    subject_type   TEXT NOT NULL DEFAULT '',
    region_code    TEXT NOT NULL,
    domain         TEXT NOT NULL DEFAULT '',
    parent_code    TEXT NOT NULL DEFAULT '',
    legal_basis    TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'active',
    announced_on   TEXT NOT NULL DEFAULT '',
    publicity_days INTEGER NOT NULL DEFAULT 7,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX agencies_region ON agencies (region_code, name);

CREATE TABLE officers (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    cert_no            TEXT NOT NULL UNIQUE,
    name               TEXT NOT NULL,
    id_number          TEXT NOT NULL DEFAULT '',
    agency_code        TEXT NOT NULL REFERENCES agencies (code),
    region_code        TEXT NOT NULL,
    domain             TEXT NOT NULL DEFAULT '',
    cert_valid_from    TEXT NOT NULL,
    cert_valid_to      TEXT NOT NULL,
    cert_status        TEXT NOT NULL DEFAULT 'valid',
    status_reason      TEXT NOT NULL DEFAULT '',
    exam_score         INTEGER NOT NULL DEFAULT -1,
    exam_date          TEXT NOT NULL DEFAULT '',
    oath_date          TEXT NOT NULL DEFAULT '',
    hearing_host       INTEGER NOT NULL DEFAULT 0,
    legal_review       INTEGER NOT NULL DEFAULT 0,
    supervision        INTEGER NOT NULL DEFAULT 0,
    verify_id          TEXT NOT NULL UNIQUE,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);
CREATE INDEX officers_region ON officers (region_code, cert_no);
CREATE INDEX officers_agency ON officers (agency_code);

-- 年审 (annual review) and yearly training hours, one row per officer and year.
CREATE TABLE officer_years (
    officer_id     BIGINT NOT NULL REFERENCES officers (id) ON DELETE CASCADE,
    year           INTEGER NOT NULL,
    training_hours INTEGER NOT NULL DEFAULT 0,
    review_result  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (officer_id, year)
);

CREATE TABLE matters (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    code                   TEXT NOT NULL UNIQUE,
    name                   TEXT NOT NULL,
    kind                   TEXT NOT NULL,
    region_code            TEXT NOT NULL,
    domain                 TEXT NOT NULL DEFAULT '',
    legal_basis            TEXT NOT NULL DEFAULT '',
    basis_effective        TEXT NOT NULL DEFAULT '',
    criminal_threshold_fen BIGINT,
    version                INTEGER NOT NULL DEFAULT 1,
    created_at             BIGINT NOT NULL,
    updated_at             BIGINT NOT NULL
);
CREATE INDEX matters_region ON matters (region_code, code);

CREATE TABLE matter_agencies (
    matter_id   BIGINT NOT NULL REFERENCES matters (id) ON DELETE CASCADE,
    agency_code TEXT NOT NULL REFERENCES agencies (code),
    PRIMARY KEY (matter_id, agency_code)
);
CREATE INDEX matter_agencies_agency ON matter_agencies (agency_code);

CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL,
    region_code   TEXT NOT NULL,
    agency_code   TEXT NOT NULL DEFAULT '',
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  BIGINT NOT NULL DEFAULT 0,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL
);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    role         TEXT NOT NULL,
    region_code  TEXT NOT NULL,
    agency_code  TEXT NOT NULL DEFAULT '',
    revoked      INTEGER NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL
);

CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BLOB NOT NULL,
    expiry BIGINT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          BIGINT NOT NULL,
    actor       TEXT NOT NULL,
    actor_role  TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_key  TEXT NOT NULL,
    region_code TEXT NOT NULL,
    before_json TEXT NOT NULL DEFAULT '',
    after_json  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_region ON audit_log (region_code, id);
CREATE INDEX audit_entity ON audit_log (entity, entity_key, id);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE sessions;
DROP TABLE api_tokens;
DROP TABLE accounts;
DROP TABLE matter_agencies;
DROP TABLE matters;
DROP TABLE officer_years;
DROP TABLE officers;
DROP TABLE agencies;
DROP TABLE regions;
DROP TABLE settings;
