-- Issue 13's remaining parts of supervision casework and case-file review:
--
-- * 司法所 assistance (行政执法监督条例 Art. 6 ¶2): the county supervision
--   body names the township (乡镇、街道) whose 司法所 assists on a case;
--   the 司法所 reads the cases of its township and records its assistance.
-- * A campaign's standard per case kind (JSON {case_kind: standard id});
--   standard_id stays the penalty files' standard.
-- * A file's final deductions (the agreed or reconciled sheet), from which
--   publication raises a warning per item found wrong on a file that is not
--   不合格 (the 不合格 ones open a supervision case).

-- +goose Up
ALTER TABLE supervision_cases ADD COLUMN township_code TEXT NOT NULL DEFAULT '';
CREATE INDEX supervision_cases_township ON supervision_cases (township_code, id);
ALTER TABLE review_campaigns ADD COLUMN standards TEXT NOT NULL DEFAULT '{}';
ALTER TABLE review_files ADD COLUMN final_deductions TEXT NOT NULL DEFAULT '{}';

-- +goose Down
ALTER TABLE review_files DROP COLUMN final_deductions;
ALTER TABLE review_campaigns DROP COLUMN standards;
DROP INDEX supervision_cases_township;
ALTER TABLE supervision_cases DROP COLUMN township_code;
