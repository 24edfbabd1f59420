-- 案例指导 and 履职免责 (DOMAIN.md C14; the Qinhuangdao seed's 案例指导 and
-- 履职免责):
--   - guiding_cases (典型案例, 行政执法监督条例 Art. 24): made by a
--     supervision body from a decided case of its region, the party's
--     personal data masked, with its points of law and the rule codes it
--     illustrates; published on the portal;
--   - exemptions (尽职免责认定): a supervision body's finding that an
--     officer did the duty and is exempt from accountability for a
--     decision later annulled or changed (or a warning), with the ground
--     and the reasons; assessment discounts the decisions so found.

-- +goose Up
CREATE TABLE guiding_cases (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code  TEXT NOT NULL,
    case_id      BIGINT NOT NULL,
    agency_code  TEXT NOT NULL,
    matter_code  TEXT NOT NULL DEFAULT '',
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL, -- the facts, masked
    points       TEXT NOT NULL, -- 裁判要旨 / points of law
    rules        TEXT NOT NULL DEFAULT '', -- rule codes it illustrates, comma separated
    decided_on   TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,  -- draft | published | withdrawn
    published_on TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX guiding_cases_region ON guiding_cases (region_code, id);
CREATE INDEX guiding_cases_published ON guiding_cases (status, published_on, id);

CREATE TABLE exemptions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code  TEXT NOT NULL, -- the officer's agency's region
    agency_code  TEXT NOT NULL,
    cert_no      TEXT NOT NULL,
    officer_name TEXT NOT NULL,
    case_id      BIGINT NOT NULL DEFAULT 0,
    finding_id   BIGINT NOT NULL DEFAULT 0,
    year         INTEGER NOT NULL, -- the year of the decision (or the finding) it covers
    ground       TEXT NOT NULL,
    reasons      TEXT NOT NULL,
    decided_on   TEXT NOT NULL,
    status       TEXT NOT NULL, -- granted | revoked
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX exemptions_region ON exemptions (region_code, year, id);
CREATE INDEX exemptions_agency ON exemptions (agency_code, year);
CREATE INDEX exemptions_officer ON exemptions (cert_no, id);

-- +goose Down
DROP TABLE exemptions;
DROP TABLE guiding_cases;
