-- The portal's filter options (agencies and regions, docs/public_cache.go)
-- were checked against a fingerprint of four aggregates over agencies and
-- regions on every list view: 10–25 ms on PostgreSQL with 7,930 agencies
-- under load, the largest fixed cost of /public/decisions (issue 11: ≥ 500
-- requests/s at 1,000,000 cases). registry_generation is one row that every
-- write of an agency or a region list bumps in its own transaction
-- (registry.BumpGeneration: PutAgency, SeedRegions, the scale loader), so
-- the check is one primary-key read.

-- +goose Up
CREATE TABLE registry_generation (
    id INTEGER PRIMARY KEY,
    n  BIGINT NOT NULL
);
INSERT INTO registry_generation (id, n) VALUES (1, 1);

-- +goose Down
DROP TABLE registry_generation;
