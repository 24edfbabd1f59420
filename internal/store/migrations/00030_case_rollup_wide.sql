-- Statistics (issue 15): the coarse rollup. case_rollup (00029) has a
-- row per month × region × agency × matter × procedure × outcome ×
-- penalty, which at province scale is about as many rows as cases; a
-- province's or a city's dashboard reads this one instead: a row per
-- region × month × agency with every measure as a column (the heaviest
-- penalty kinds as p_<kind>, so the 年报 reads its columns here too).
-- The case service keeps both in the case's saving transaction.

-- +goose Up
CREATE TABLE case_rollup_wide (
    region_code            TEXT NOT NULL,
    month                  TEXT NOT NULL,
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
    PRIMARY KEY (region_code, month, agency_code)
);
CREATE INDEX case_rollup_wide_period ON case_rollup_wide (month, region_code);

-- +goose Down
DROP TABLE case_rollup_wide;
