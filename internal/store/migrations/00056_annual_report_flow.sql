-- The 行政执法统计年报 as a workflow (issue 15, DOMAIN.md C7; 国办发〔2018〕
-- 118号): each enforcement agency's report for year Y is drafted from live
-- data on 1 January of Y+1, explained by the agency, submitted, returned
-- or approved by the supervision body and published on the portal by 31
-- January; the kernel's due pass (next_check) raises the reminder and the
-- late warning. acts_json is the report's history (who did what, when,
-- with which note) shown on its page.
--
-- And the 行政强制 of the 年报 (行政强制法 Arts. 9, 12, 53), kept in the
-- coarse case rollup like the penalty columns: the 查封、扣押 and the
-- applications to the court for enforcement a case recorded, counted in
-- the month of the first of each (case_rollup_contrib keeps what the case
-- counts for, so a save moves the counts).

-- +goose Up
ALTER TABLE annual_reports ADD COLUMN next_check TEXT NOT NULL DEFAULT '';
ALTER TABLE annual_reports ADD COLUMN drafted_on TEXT NOT NULL DEFAULT '';
ALTER TABLE annual_reports ADD COLUMN published_on TEXT NOT NULL DEFAULT '';
ALTER TABLE annual_reports ADD COLUMN acts_json TEXT NOT NULL DEFAULT '[]';
CREATE INDEX annual_reports_next_check ON annual_reports (next_check, id);
CREATE INDEX annual_reports_published ON annual_reports (status, year, region_code);

ALTER TABLE case_rollup_contrib ADD COLUMN coerce_month TEXT NOT NULL DEFAULT '';
ALTER TABLE case_rollup_contrib ADD COLUMN coerce_n BIGINT NOT NULL DEFAULT 0;
ALTER TABLE case_rollup_contrib ADD COLUMN enforce_month TEXT NOT NULL DEFAULT '';
ALTER TABLE case_rollup_contrib ADD COLUMN enforce_n BIGINT NOT NULL DEFAULT 0;
ALTER TABLE case_rollup_wide ADD COLUMN coerce_measures BIGINT NOT NULL DEFAULT 0;
ALTER TABLE case_rollup_wide ADD COLUMN coerce_enforce BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE case_rollup_wide DROP COLUMN coerce_enforce;
ALTER TABLE case_rollup_wide DROP COLUMN coerce_measures;
ALTER TABLE case_rollup_contrib DROP COLUMN enforce_n;
ALTER TABLE case_rollup_contrib DROP COLUMN enforce_month;
ALTER TABLE case_rollup_contrib DROP COLUMN coerce_n;
ALTER TABLE case_rollup_contrib DROP COLUMN coerce_month;
DROP INDEX annual_reports_published;
DROP INDEX annual_reports_next_check;
ALTER TABLE annual_reports DROP COLUMN acts_json;
ALTER TABLE annual_reports DROP COLUMN published_on;
ALTER TABLE annual_reports DROP COLUMN drafted_on;
ALTER TABLE annual_reports DROP COLUMN next_check;
