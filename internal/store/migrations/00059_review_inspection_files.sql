-- Inspection files in case-file review (案卷评查 of 行政检查 files, issue 13:
-- "a standard per case kind"; 行政执法监督条例 Arts. 15, 18; 山东省行政执法
-- 监督条例 Art. 14: 检查记录 are filed and reviewed like the other files).
-- A drawn file is of a case kind: a penalty case (case_id, as before) or an
-- inspection (inspection_id). An inspection file keeps case_id at minus its
-- inspection's id, so the table's UNIQUE (campaign_id, case_id) still holds
-- one row per drawn file of either kind and joins on cases find nothing.

-- +goose Up
ALTER TABLE review_files ADD COLUMN case_kind TEXT NOT NULL DEFAULT 'penalty';
ALTER TABLE review_files ADD COLUMN inspection_id BIGINT NOT NULL DEFAULT 0;
CREATE INDEX review_files_inspection ON review_files (inspection_id, campaign_id);

-- +goose Down
DROP INDEX review_files_inspection;
ALTER TABLE review_files DROP COLUMN inspection_id;
ALTER TABLE review_files DROP COLUMN case_kind;
