-- Statistics at province scale (issue 15): the 年报's 行政检查 (visits,
-- joint visits and distinct enterprises of a year, for the region and per
-- agency: report/inspection.go, report/sources.go) read the year's rows of
-- inspections_period and then the table, whose rows of a year lie all
-- over it (about 1.1 s for a province's 214,000 visits of 2025 on
-- PostgreSQL). This index holds every column those two queries read, so
-- both engines answer from the index alone (PostgreSQL: an index-only
-- scan once VACUUM has set the visibility map; 0.17 s). It starts with
-- inspections_period's columns, which it replaces.

-- +goose Up
CREATE INDEX inspections_year_cover ON inspections (visit_day, region_code, agency_code, enterprise_id, joint_agencies);
DROP INDEX inspections_period;

-- +goose Down
CREATE INDEX inspections_period ON inspections (visit_day, region_code);
DROP INDEX inspections_year_cover;
