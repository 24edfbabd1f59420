-- The supervision view of 电子监察 (issue 8): 红黄牌 for officers and
-- agencies, the proposals a 红牌 sends to the certificate authority, the
-- agencies' explanations of unused powers (未履职, C3), and the indexes the
-- supervision dashboard's grouped counts run on.

-- +goose Up
-- The 红黄牌 thresholds of a region's subtree: a yellow card at yellow_at,
-- a red card at red_at red (or escalated) warnings in one calendar year.
-- The most specific region's setting applies; without one 3 and 6.
CREATE TABLE card_settings (
    region_code TEXT PRIMARY KEY,
    yellow_at   INTEGER NOT NULL,
    red_at      INTEGER NOT NULL,
    updated_at  BIGINT NOT NULL,
    updated_by  TEXT NOT NULL DEFAULT ''
);

-- Which officers a finding is attributed to: those named on the events of
-- the case it is about. Filled incrementally (card_cursor is the last
-- finding id done), so an officer's count is one indexed range.
CREATE TABLE finding_officers (
    finding_id  BIGINT NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
    cert_no     TEXT NOT NULL,
    region_code TEXT NOT NULL,
    first_seen  BIGINT NOT NULL,
    PRIMARY KEY (finding_id, cert_no)
);
CREATE INDEX finding_officers_cert ON finding_officers (cert_no, first_seen);
CREATE INDEX finding_officers_scope ON finding_officers (region_code, first_seen);

CREATE TABLE card_cursor (
    id           INTEGER PRIMARY KEY,
    last_finding BIGINT NOT NULL
);
INSERT INTO card_cursor (id, last_finding) VALUES (1, 0);

-- One proposal per officer and year that reached the red card: 暂扣执法证、
-- 离岗培训, decided by the certificate authority with a reason.
CREATE TABLE card_proposals (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    cert_no     TEXT NOT NULL,
    agency_code TEXT NOT NULL,
    region_code TEXT NOT NULL,
    year        INTEGER NOT NULL,
    warnings    INTEGER NOT NULL,
    threshold   INTEGER NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending',
    reason      TEXT NOT NULL DEFAULT '',
    decided_by  TEXT NOT NULL DEFAULT '',
    decided_at  BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    UNIQUE (cert_no, year)
);
CREATE INDEX card_proposals_scope ON card_proposals (region_code, status, id);

-- An agency's explanation of why it did not use a power in a year.
CREATE TABLE inaction_explanations (
    agency_code TEXT NOT NULL,
    matter_code TEXT NOT NULL,
    year        INTEGER NOT NULL,
    region_code TEXT NOT NULL,
    explanation TEXT NOT NULL,
    updated_at  BIGINT NOT NULL,
    updated_by  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (agency_code, matter_code, year)
);

-- Agency cards and dashboard periods: findings by agency and by region over time.
CREATE INDEX findings_card_agency ON findings (agency_code, first_seen);
CREATE INDEX findings_dash_region ON findings (region_code, first_seen);
-- 未履职: has this agency a case of this matter in the year?
CREATE INDEX cases_agency_matter ON cases (agency_code, matter_code, created_at);

-- +goose Down
DROP INDEX cases_agency_matter;
DROP INDEX findings_dash_region;
DROP INDEX findings_card_agency;
DROP TABLE inaction_explanations;
DROP TABLE card_proposals;
DROP TABLE card_cursor;
DROP TABLE finding_officers;
DROP TABLE card_settings;
