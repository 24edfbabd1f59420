-- Statistics at province scale (issue 15): the statistics page's
-- inspections panel counted every 涉企行政检查 of both periods from
-- inspections (about 3,000,000 rows for a province's view). The inspection
-- service keeps these two rollups in the inspection's saving transaction
-- (inspection/rollup.go); the bulk loader rebuilds them after loading.
--   inspection_rollup: per region × month of visit_day × agency: the
--     visits checked in, the joint ones (joint_agencies <> '[]') and those
--     that found no problem (problem_found = 0); an agency's or a
--     county's view, and the scope auth.FilterInspections reads (region
--     and agency).
--   inspection_rollup_area: the same per month and city (level 4: the
--     first four digits of the region code) or county (level 6): a
--     province's or a city's view bound to no agency.
-- An inspection not yet checked in (visit_day '') counts nowhere.

-- +goose Up
CREATE TABLE inspection_rollup (
    region_code TEXT NOT NULL,
    month       TEXT NOT NULL,
    agency_code TEXT NOT NULL,
    visits      BIGINT NOT NULL DEFAULT 0,
    joint       BIGINT NOT NULL DEFAULT 0,
    no_problem  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (region_code, month, agency_code)
);
CREATE INDEX inspection_rollup_agency ON inspection_rollup (agency_code, month, region_code);

CREATE TABLE inspection_rollup_area (
    level      INTEGER NOT NULL,
    area       TEXT NOT NULL,
    month      TEXT NOT NULL,
    visits     BIGINT NOT NULL DEFAULT 0,
    joint      BIGINT NOT NULL DEFAULT 0,
    no_problem BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (level, area, month)
);

INSERT INTO inspection_rollup (region_code, month, agency_code, visits, joint, no_problem)
SELECT region_code, SUBSTR(visit_day, 1, 7), agency_code, COUNT(*),
    SUM(CASE WHEN joint_agencies <> '[]' THEN 1 ELSE 0 END), SUM(CASE WHEN problem_found = 0 THEN 1 ELSE 0 END)
FROM inspections WHERE visit_day <> '' GROUP BY region_code, SUBSTR(visit_day, 1, 7), agency_code;

INSERT INTO inspection_rollup_area (level, area, month, visits, joint, no_problem)
SELECT 4, SUBSTR(region_code, 1, 4), month, SUM(visits), SUM(joint), SUM(no_problem)
FROM inspection_rollup GROUP BY SUBSTR(region_code, 1, 4), month;

INSERT INTO inspection_rollup_area (level, area, month, visits, joint, no_problem)
SELECT 6, SUBSTR(region_code, 1, 6), month, SUM(visits), SUM(joint), SUM(no_problem)
FROM inspection_rollup GROUP BY SUBSTR(region_code, 1, 6), month;

-- +goose Down
DROP TABLE inspection_rollup_area;
DROP TABLE inspection_rollup;
