-- Statistics (issue 15, C15/C7/C13): what every case counts for, kept in
-- the case's saving transaction, so that the dashboards, the 行政执法统计
-- 年报 and the assessment answer from grouped counts instead of scanning
-- the cases.
--
-- case_rollup: one row per month × region × agency × matter × procedure ×
-- outcome × heaviest penalty × annulled, for two facts: kind 'filed' (a
-- case counted in the month it was registered or filed) and kind
-- 'decided' (a decision counted in the month it was made). A month, not a
-- day, because at province scale a day × agency × matter cell holds about
-- one case and a rollup that does not shrink the data buys nothing.
-- penalty is the decision's heaviest penalty kind (exchange-v1's order,
-- 'other' only alone), '' when the outcome is not a penalty.

-- +goose Up
CREATE TABLE case_rollup (
    region_code    TEXT NOT NULL,
    month          TEXT NOT NULL,
    kind           TEXT NOT NULL,
    agency_code    TEXT NOT NULL,
    matter_code    TEXT NOT NULL,
    procedure_kind TEXT NOT NULL,
    outcome        TEXT NOT NULL,
    penalty        TEXT NOT NULL,
    annulled       INTEGER NOT NULL,
    n              BIGINT NOT NULL,
    closed         BIGINT NOT NULL,
    amount_fen     BIGINT NOT NULL,
    fine_fen       BIGINT NOT NULL,
    days           BIGINT NOT NULL,
    timed          BIGINT NOT NULL,
    published      BIGINT NOT NULL,
    PRIMARY KEY (region_code, month, kind, agency_code, matter_code, procedure_kind, outcome, penalty, annulled)
);
-- Wide jurisdictions (a province, a city) read a period across regions.
CREATE INDEX case_rollup_period ON case_rollup (kind, month, region_code);
CREATE INDEX case_rollup_agency ON case_rollup (agency_code, kind, month);

-- What each case counts for now, so that a write moves its counts from the
-- old cells to the new ones without reading the old case.
CREATE TABLE case_rollup_contrib (
    case_id        BIGINT PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    region_code    TEXT NOT NULL,
    agency_code    TEXT NOT NULL,
    matter_code    TEXT NOT NULL,
    procedure_kind TEXT NOT NULL,
    filed_month    TEXT NOT NULL,
    closed         INTEGER NOT NULL,
    decided_month  TEXT NOT NULL,
    outcome        TEXT NOT NULL,
    penalty        TEXT NOT NULL,
    annulled       INTEGER NOT NULL,
    amount_fen     BIGINT NOT NULL,
    fine_fen       BIGINT NOT NULL,
    days           BIGINT NOT NULL,
    published      INTEGER NOT NULL
);

-- The 行政执法统计年报 of one year and region (agency_code '' for the
-- region's consolidated report) or of one agency: drafted from live data,
-- explained by the agency, reviewed by the supervision body, published by
-- 31 January (国办发〔2018〕118号). data_json is the tables as published.
CREATE TABLE annual_reports (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    year         INTEGER NOT NULL,
    region_code  TEXT NOT NULL,
    agency_code  TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'draft',
    notes_json   TEXT NOT NULL DEFAULT '{}',
    data_json    TEXT NOT NULL DEFAULT '',
    submitted_at BIGINT NOT NULL DEFAULT 0,
    reviewed_at  BIGINT NOT NULL DEFAULT 0,
    published_at BIGINT NOT NULL DEFAULT 0,
    review_note  TEXT NOT NULL DEFAULT '',
    updated_at   BIGINT NOT NULL,
    updated_by   TEXT NOT NULL DEFAULT '',
    version      BIGINT NOT NULL DEFAULT 0,
    UNIQUE (year, region_code, agency_code)
);
CREATE INDEX annual_reports_scope ON annual_reports (region_code, year);

-- +goose Down
DROP TABLE annual_reports;
DROP TABLE case_rollup_contrib;
DROP TABLE case_rollup;
