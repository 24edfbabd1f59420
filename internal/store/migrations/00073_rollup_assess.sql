-- The assessment rollup (issue 15, C13: the 评议考核 score sheets of a
-- city or a province under 200 ms). The score sheet's 无预警率, on-time
-- rates per deadline and 公示及时率 scanned the region's cases (an EXISTS
-- over findings per case), its deadline warnings joined to the cases'
-- contributions and its published decisions (2.9 s for a city of 50,000
-- cases). The case service now keeps, in the case's saving transaction
-- after its findings and published decision (cases/rollup_assess.go),
-- case_rollup_assess: per region × year × agency the cases registered
-- and of them ever warned, the decisions late per deadline, the
-- undecided cases late, the decisions to publish, on display, on display
-- in time and late unpublished. case_rollup_contrib keeps what each case
-- added (assess_json) and whether it ever had a warning (warned).
--
-- Backfill: warned here; case_rollup_assess and assess_json need the
-- working-day calendar (the 公示 period), so the rollup key moves to
-- case_rollup_v3 and the server's start (cases.EnsureRollup) rebuilds
-- every rollup once.

-- +goose Up
ALTER TABLE case_rollup_contrib ADD COLUMN warned INTEGER NOT NULL DEFAULT 0;
ALTER TABLE case_rollup_contrib ADD COLUMN assess_json TEXT NOT NULL DEFAULT '';
UPDATE case_rollup_contrib SET warned = 1
    WHERE EXISTS (SELECT 1 FROM findings f WHERE f.subject_kind = 'case' AND f.subject_id = case_rollup_contrib.case_id);
CREATE TABLE case_rollup_assess (
    region_code         TEXT NOT NULL,
    year                INTEGER NOT NULL,
    agency_code         TEXT NOT NULL,
    registered          BIGINT NOT NULL DEFAULT 0,
    warned              BIGINT NOT NULL DEFAULT 0,
    late_any            BIGINT NOT NULL DEFAULT 0,
    late_decision       BIGINT NOT NULL DEFAULT 0,
    late_delivery       BIGINT NOT NULL DEFAULT 0,
    late_publicity      BIGINT NOT NULL DEFAULT 0,
    undecided_any       BIGINT NOT NULL DEFAULT 0,
    undecided_decision  BIGINT NOT NULL DEFAULT 0,
    to_publish          BIGINT NOT NULL DEFAULT 0,
    published           BIGINT NOT NULL DEFAULT 0,
    published_timely    BIGINT NOT NULL DEFAULT 0,
    unpublished_late    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (region_code, year, agency_code)
);
CREATE INDEX case_rollup_assess_year ON case_rollup_assess (year, region_code);

-- +goose Down
DROP INDEX case_rollup_assess_year;
DROP TABLE case_rollup_assess;
ALTER TABLE case_rollup_contrib DROP COLUMN assess_json;
ALTER TABLE case_rollup_contrib DROP COLUMN warned;
