-- 综合查一次 (国办发〔2024〕54号): the joint visit filed from a proposal —
-- the planned inspections of one enterprise by several agencies in one
-- month — is one record. Its (enterprise, month) is claimed here in the
-- transaction that files the visit, so two clicks at the same time (of
-- one officer, or of two agencies of the proposal) file one visit: the
-- second's insert fails on the key, and its retry finds the first.
-- And a checklist photo's number (seq) is unique within its inspection:
-- it names the photo's leaf in the record log (inspection_photo).

-- +goose Up
CREATE TABLE inspection_joint_visits (
    enterprise_id TEXT NOT NULL,
    month         TEXT NOT NULL,
    inspection_id BIGINT NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    agency_code   TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (enterprise_id, month)
);
CREATE INDEX inspection_joint_visits_inspection ON inspection_joint_visits (inspection_id);
CREATE UNIQUE INDEX inspection_photos_seq ON inspection_photos (inspection_id, seq);

-- +goose Down
DROP INDEX inspection_photos_seq;
DROP TABLE inspection_joint_visits;
