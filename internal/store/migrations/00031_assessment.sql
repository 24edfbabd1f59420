-- 评议考核 (issue 15, DOMAIN.md C13, domain-research §1.8): a region's
-- indicator set for a year as data (without one, the platform's default),
-- values the supervision body enters for indicators that come from outside
-- (外部评议, 复议纠错 and 诉讼败诉 counts), and its adjustments of an
-- agency's score with the reason. The scores themselves are computed from
-- live data when read.

-- +goose Up
CREATE TABLE assess_sets (
    region_code     TEXT NOT NULL,
    year            INTEGER NOT NULL,
    indicators_json TEXT NOT NULL,
    updated_at      BIGINT NOT NULL,
    updated_by      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (region_code, year)
);

CREATE TABLE assess_values (
    year        INTEGER NOT NULL,
    agency_code TEXT NOT NULL,
    indicator   TEXT NOT NULL,
    value       BIGINT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    region_code TEXT NOT NULL,
    updated_at  BIGINT NOT NULL,
    updated_by  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (year, agency_code, indicator)
);

CREATE TABLE assess_adjustments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    year        INTEGER NOT NULL,
    agency_code TEXT NOT NULL,
    region_code TEXT NOT NULL,
    points      BIGINT NOT NULL, -- tenths of a point, signed
    reason      TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    created_by  TEXT NOT NULL
);
CREATE INDEX assess_adjustments_agency ON assess_adjustments (year, agency_code);

-- +goose Down
DROP TABLE assess_adjustments;
DROP TABLE assess_values;
DROP TABLE assess_sets;
