-- Discretion benchmarks (裁量基准) and the four lists (四张清单), C4.
-- A benchmark version is a matter's tiers as set by one region (province,
-- city or county) from a date on; tiers are kept as JSON exactly as the
-- exchange spec puts them. A list item is one 违法行为 of one list.

-- +goose Up
CREATE TABLE benchmarks (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    matter_code    TEXT NOT NULL REFERENCES matters (code),
    region_code    TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    version        INTEGER NOT NULL,
    tiers_json     TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    UNIQUE (matter_code, region_code, effective_from),
    UNIQUE (matter_code, region_code, version)
);
CREATE INDEX benchmarks_region ON benchmarks (region_code, matter_code);

CREATE TABLE discretion_items (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT NOT NULL,
    matter_code     TEXT NOT NULL REFERENCES matters (code),
    region_code     TEXT NOT NULL,
    title           TEXT NOT NULL,
    violation_basis TEXT NOT NULL DEFAULT '',
    penalty_basis   TEXT NOT NULL DEFAULT '',
    conditions_json TEXT NOT NULL DEFAULT '[]',
    criteria_json   TEXT NOT NULL DEFAULT '{}',
    measures_json   TEXT NOT NULL DEFAULT '[]',
    effective_from  TEXT NOT NULL,
    effective_to    TEXT NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX discretion_items_matter ON discretion_items (matter_code, effective_from);
CREATE INDEX discretion_items_region ON discretion_items (region_code, kind, id);

-- +goose Down
DROP TABLE discretion_items;
DROP TABLE benchmarks;
