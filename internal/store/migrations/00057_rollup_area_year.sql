-- Statistics at province scale (issue 15: every dashboard of the province
-- dataset under 200 ms on both engines). case_rollup_wide (00030) has a
-- row per region × month × agency — about 90,000 for two years of 山东 —
-- and a province's dashboard or 年报 summed them all (EXPLAIN on
-- PostgreSQL: a sequential scan of 67,000 rows, 320 ms). The case service
-- keeps two coarser rollups of the same measures in the case's saving
-- transaction (cases/rollup_area.go):
--   case_rollup_area: per month and city (level 4: the first four digits
--     of the region code) or county (level 6): a province's or a city's
--     dashboard by region or by month;
--   case_rollup_year: per region × year × agency: the 年报 (a year by
--     definition) and the assessment's yearly counts.
-- And the period indexes the inspection and complaint panels count on
-- (a province's visits of a half-year are a range of visit_day, not of
-- the region), and the agency index of the per-agency 年报 draft.

-- +goose Up
CREATE TABLE case_rollup_area (
    level                  INTEGER NOT NULL,
    area                   TEXT NOT NULL,
    month                  TEXT NOT NULL,
    filed                  BIGINT NOT NULL DEFAULT 0,
    closed                 BIGINT NOT NULL DEFAULT 0,
    filed_general          BIGINT NOT NULL DEFAULT 0,
    decided                BIGINT NOT NULL DEFAULT 0,
    decided_general        BIGINT NOT NULL DEFAULT 0,
    penalties              BIGINT NOT NULL DEFAULT 0,
    no_penalty             BIGINT NOT NULL DEFAULT 0,
    transfers              BIGINT NOT NULL DEFAULT 0,
    annulled               BIGINT NOT NULL DEFAULT 0,
    amount_fen             BIGINT NOT NULL DEFAULT 0,
    fine_fen               BIGINT NOT NULL DEFAULT 0,
    days                   BIGINT NOT NULL DEFAULT 0,
    timed                  BIGINT NOT NULL DEFAULT 0,
    published              BIGINT NOT NULL DEFAULT 0,
    coerce_measures        BIGINT NOT NULL DEFAULT 0,
    coerce_enforce         BIGINT NOT NULL DEFAULT 0,
    p_warning              BIGINT NOT NULL DEFAULT 0,
    p_criticism            BIGINT NOT NULL DEFAULT 0,
    p_fine                 BIGINT NOT NULL DEFAULT 0,
    p_confiscate_income    BIGINT NOT NULL DEFAULT 0,
    p_confiscate_property  BIGINT NOT NULL DEFAULT 0,
    p_suspend_license      BIGINT NOT NULL DEFAULT 0,
    p_downgrade            BIGINT NOT NULL DEFAULT 0,
    p_restrict_business    BIGINT NOT NULL DEFAULT 0,
    p_suspend_business     BIGINT NOT NULL DEFAULT 0,
    p_close                BIGINT NOT NULL DEFAULT 0,
    p_restrict_employment  BIGINT NOT NULL DEFAULT 0,
    p_revoke_license       BIGINT NOT NULL DEFAULT 0,
    p_detention            BIGINT NOT NULL DEFAULT 0,
    p_other                BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (level, area, month)
);

CREATE TABLE case_rollup_year (
    region_code            TEXT NOT NULL,
    year                   INTEGER NOT NULL,
    agency_code            TEXT NOT NULL,
    filed                  BIGINT NOT NULL DEFAULT 0,
    closed                 BIGINT NOT NULL DEFAULT 0,
    filed_general          BIGINT NOT NULL DEFAULT 0,
    decided                BIGINT NOT NULL DEFAULT 0,
    decided_general        BIGINT NOT NULL DEFAULT 0,
    penalties              BIGINT NOT NULL DEFAULT 0,
    no_penalty             BIGINT NOT NULL DEFAULT 0,
    transfers              BIGINT NOT NULL DEFAULT 0,
    annulled               BIGINT NOT NULL DEFAULT 0,
    amount_fen             BIGINT NOT NULL DEFAULT 0,
    fine_fen               BIGINT NOT NULL DEFAULT 0,
    days                   BIGINT NOT NULL DEFAULT 0,
    timed                  BIGINT NOT NULL DEFAULT 0,
    published              BIGINT NOT NULL DEFAULT 0,
    coerce_measures        BIGINT NOT NULL DEFAULT 0,
    coerce_enforce         BIGINT NOT NULL DEFAULT 0,
    p_warning              BIGINT NOT NULL DEFAULT 0,
    p_criticism            BIGINT NOT NULL DEFAULT 0,
    p_fine                 BIGINT NOT NULL DEFAULT 0,
    p_confiscate_income    BIGINT NOT NULL DEFAULT 0,
    p_confiscate_property  BIGINT NOT NULL DEFAULT 0,
    p_suspend_license      BIGINT NOT NULL DEFAULT 0,
    p_downgrade            BIGINT NOT NULL DEFAULT 0,
    p_restrict_business    BIGINT NOT NULL DEFAULT 0,
    p_suspend_business     BIGINT NOT NULL DEFAULT 0,
    p_close                BIGINT NOT NULL DEFAULT 0,
    p_restrict_employment  BIGINT NOT NULL DEFAULT 0,
    p_revoke_license       BIGINT NOT NULL DEFAULT 0,
    p_detention            BIGINT NOT NULL DEFAULT 0,
    p_other                BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (region_code, year, agency_code)
);
CREATE INDEX case_rollup_year_period ON case_rollup_year (year, region_code);
CREATE INDEX case_rollup_year_agency ON case_rollup_year (agency_code, year);

CREATE INDEX inspections_period ON inspections (visit_day, region_code);
CREATE INDEX complaints_period ON complaints (received_on, region_code);

-- +goose Down
DROP INDEX complaints_period;
DROP INDEX inspections_period;
DROP TABLE case_rollup_year;
DROP TABLE case_rollup_area;
