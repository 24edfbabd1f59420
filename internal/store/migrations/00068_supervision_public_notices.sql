-- The public portal lists the 通报 that are 向社会公布 (行政执法监督条例
-- Art. 31): acts of type 'notice' read newest first.

-- +goose Up
CREATE INDEX supervision_acts_type ON supervision_acts (type, id);

-- +goose Down
DROP INDEX supervision_acts_type;
