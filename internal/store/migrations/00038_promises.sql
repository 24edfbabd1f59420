-- 证明事项告知承诺制 (issue 19, C17): the catalogue of retained 证明事项
-- and of those handled by 告知承诺, the promises made, their 行政协助核查
-- by the agency that holds the data, and a false promise's consequence.

-- +goose Up
-- kind retained: the certificate is still asked for (basis, issuer);
-- kind promise: a written promise replaces it (promise_text, verify_rule,
-- the agency that verifies and in how many working days).
CREATE TABLE promise_items (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code   TEXT NOT NULL,
    agency_code   TEXT NOT NULL,
    kind          TEXT NOT NULL,
    name          TEXT NOT NULL,
    basis         TEXT NOT NULL,
    issuer        TEXT NOT NULL DEFAULT '',
    promise_text  TEXT NOT NULL DEFAULT '',
    verify_rule   TEXT NOT NULL DEFAULT '',
    verify_agency TEXT NOT NULL DEFAULT '',
    verify_days   INTEGER NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    UNIQUE (agency_code, name)
);
CREATE INDEX promise_items_scope ON promise_items (region_code, kind);

-- One promise and its verification. verify_agency is set when the check
-- is sent; due is its last working day; result true/false when answered.
CREATE TABLE promises (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id       BIGINT NOT NULL REFERENCES promise_items (id),
    region_code   TEXT NOT NULL,
    agency_code   TEXT NOT NULL,
    applicant     TEXT NOT NULL,
    applicant_id  TEXT NOT NULL,
    application   TEXT NOT NULL,
    promised_on   TEXT NOT NULL,
    verify_agency TEXT NOT NULL DEFAULT '',
    sent_on       TEXT NOT NULL DEFAULT '',
    due           TEXT NOT NULL DEFAULT '',
    answered_on   TEXT NOT NULL DEFAULT '',
    result        TEXT NOT NULL DEFAULT '',
    answer_note   TEXT NOT NULL DEFAULT '',
    consequence   TEXT NOT NULL DEFAULT '',
    disposed_on   TEXT NOT NULL DEFAULT '',
    next_check    TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1,
    created_by    TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX promises_scope ON promises (region_code, id);
CREATE INDEX promises_agency ON promises (agency_code, id);
CREATE INDEX promises_verifier ON promises (verify_agency, id);
CREATE INDEX promises_next_check ON promises (next_check);

-- +goose Down
DROP TABLE promises;
DROP TABLE promise_items;
