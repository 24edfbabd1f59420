-- The statutory fine range of a penalty matter (法定罚款幅度, C3): fixed
-- amounts, and where the law sets the fine as multiples of 货值金额 or 违法所得,
-- the multiples, their base and the base amount from which they apply (see
-- registry.StatutoryFine). Cases judge a fine against it when no discretion
-- benchmark applies (处罚法 Art. 34). NULL: not set. DOUBLE PRECISION is a
-- REAL column on SQLite and an 8-byte float on PostgreSQL.

-- +goose Up
ALTER TABLE matters ADD COLUMN statutory_fine_min_fen BIGINT;
ALTER TABLE matters ADD COLUMN statutory_fine_max_fen BIGINT;
ALTER TABLE matters ADD COLUMN statutory_multiple_min DOUBLE PRECISION;
ALTER TABLE matters ADD COLUMN statutory_multiple_max DOUBLE PRECISION;
ALTER TABLE matters ADD COLUMN statutory_multiple_of TEXT NOT NULL DEFAULT '';
ALTER TABLE matters ADD COLUMN statutory_multiple_from_fen BIGINT;
ALTER TABLE matters ADD COLUMN statutory_basis TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE matters DROP COLUMN statutory_basis;
ALTER TABLE matters DROP COLUMN statutory_multiple_from_fen;
ALTER TABLE matters DROP COLUMN statutory_multiple_of;
ALTER TABLE matters DROP COLUMN statutory_multiple_max;
ALTER TABLE matters DROP COLUMN statutory_multiple_min;
ALTER TABLE matters DROP COLUMN statutory_fine_max_fen;
ALTER TABLE matters DROP COLUMN statutory_fine_min_fen;
