-- Statistics at province scale (issue 15): the warning totals of the
-- statistics page and of the warning dashboard (warning/stats.go
-- dashTotals: counts by severity, status and stage, and the days to
-- close) read every finding of the region and period from the table (a
-- sequential scan of 394,000 findings for a province, 100–180 ms on
-- PostgreSQL). This index holds every column they read, so the engines
-- answer from the index alone (PostgreSQL: index-only, once VACUUM has
-- set the visibility map; 50–70 ms). It starts with findings_dash_region's
-- columns, which it replaces.

-- +goose Up
CREATE INDEX findings_dash_cover ON findings (region_code, first_seen, agency_code, severity, status, stage, last_action, resolved_at);
DROP INDEX findings_dash_region;

-- +goose Down
CREATE INDEX findings_dash_region ON findings (region_code, first_seen);
DROP INDEX findings_dash_cover;
