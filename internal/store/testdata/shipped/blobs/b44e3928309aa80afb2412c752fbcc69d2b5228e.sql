-- Agency settings the penalty-case rules read since exchange v1.1:
-- the 陈述申辩 period in working days (处罚法 Art. 44, 45 set none; the
-- departments' rules do; 0 = the default of 5), and the penalty kinds the
-- agency's rules count as 其他较重的行政处罚 with a hearing right (处罚法
-- Art. 63(五)(六)), as comma-separated kinds — NULL while the agency has
-- not said, so that no list is presumed. hearing_person_fen and
-- hearing_org_fen (00003) keep 0 for "not set": 较大数额 has no default.

-- +goose Up
ALTER TABLE agency_case_rules ADD COLUMN statement_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE agency_case_rules ADD COLUMN hearing_kinds TEXT;

-- +goose Down
ALTER TABLE agency_case_rules DROP COLUMN hearing_kinds;
ALTER TABLE agency_case_rules DROP COLUMN statement_days;
