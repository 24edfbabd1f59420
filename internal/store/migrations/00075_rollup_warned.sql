-- Statistics at province scale (issue 15): the warning panel's 预警率 —
-- of the cases registered in the period, those that ever had a finding —
-- joined the period's cases to every case finding of the region (about
-- 4 s for a province). This rollup holds, per region × month of
-- registration (created_at, Asia/Shanghai) × agency, the cases registered
-- and of them those ever warned: the same facts as the registered cell of
-- case_rollup_assess, by month. The case service keeps it in the case's
-- saving transaction (cases/rollup_warned.go); a database upgraded from
-- before this migration is filled once at start (cases.EnsureRollup),
-- since the month of an instant is not the same SQL on both engines.

-- +goose Up
CREATE TABLE case_rollup_warned (
    region_code TEXT NOT NULL,
    month       TEXT NOT NULL,
    agency_code TEXT NOT NULL,
    registered  BIGINT NOT NULL DEFAULT 0,
    warned      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (region_code, month, agency_code)
);

-- +goose Down
DROP TABLE case_rollup_warned;
