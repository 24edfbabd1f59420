-- 双随机一公开 (优化营商环境条例 第五十四条): the object pool (检查对象名录库,
-- imported from xlsx), officers' declared conflicts of interest, and the
-- draws with their published seed and the snapshots (and SHA-256) of both
-- pools, so anyone can recompute a draw.

-- +goose Up
CREATE TABLE inspection_objects (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code   TEXT NOT NULL,
    enterprise_id TEXT NOT NULL,
    name          TEXT NOT NULL,
    otype         TEXT NOT NULL DEFAULT '',
    field         TEXT NOT NULL DEFAULT '',
    tier          TEXT NOT NULL,
    updated_at    BIGINT NOT NULL,
    UNIQUE (region_code, enterprise_id)
);
CREATE INDEX inspection_objects_scope ON inspection_objects (region_code, tier);

CREATE TABLE inspection_conflicts (
    cert_no       TEXT NOT NULL,
    enterprise_id TEXT NOT NULL,
    PRIMARY KEY (cert_no, enterprise_id)
);

CREATE TABLE inspection_draws (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_code     TEXT NOT NULL,
    region_code     TEXT NOT NULL,
    title           TEXT NOT NULL,
    seed            TEXT NOT NULL,
    objects_hash    TEXT NOT NULL,
    inspectors_hash TEXT NOT NULL,
    ratios          TEXT NOT NULL,
    objects         TEXT NOT NULL,
    inspectors      TEXT NOT NULL,
    result          TEXT NOT NULL,
    drawn_at        BIGINT NOT NULL,
    drawn_by        TEXT NOT NULL
);
CREATE INDEX inspection_draws_scope ON inspection_draws (region_code, id);

-- +goose Down
DROP TABLE inspection_draws;
DROP TABLE inspection_conflicts;
DROP TABLE inspection_objects;
