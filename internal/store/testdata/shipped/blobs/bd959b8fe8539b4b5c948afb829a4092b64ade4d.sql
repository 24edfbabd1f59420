-- 涉企行政检查 (DOMAIN.md C9, spec/supervision-v1.md §4): the 检查事项清单's
-- own columns beside the registry's inspection matters, yearly inspection
-- plans with their tasks, the inspections themselves (pushed by source
-- systems or handled in zfjd), and the enterprises' anonymous ratings.

-- +goose Up
-- What a matter of kind inspection adds as a 检查事项: the object types it
-- applies to and the "一张表单" checked on site, one item a line (JSON array).
CREATE TABLE inspection_items (
    matter_code  TEXT PRIMARY KEY,
    region_code  TEXT NOT NULL,
    object_types TEXT NOT NULL DEFAULT '',
    checklist    TEXT NOT NULL DEFAULT '[]',
    updated_at   BIGINT NOT NULL
);

-- One yearly plan per agency (鲁政办发〔2025〕3号: filed by the end of March).
CREATE TABLE inspection_plans (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_code TEXT NOT NULL,
    region_code TEXT NOT NULL,
    year        INTEGER NOT NULL,
    title       TEXT NOT NULL,
    filed_on    TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (agency_code, year)
);
CREATE INDEX inspection_plans_scope ON inspection_plans (region_code, year);

-- A task of a plan: a matter, on whom, in which month; enterprise_id is set
-- for a task on one enterprise (综合查一次 matches those of several agencies).
CREATE TABLE inspection_plan_tasks (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id         BIGINT NOT NULL REFERENCES inspection_plans (id) ON DELETE CASCADE,
    agency_code     TEXT NOT NULL,
    region_code     TEXT NOT NULL,
    matter_code     TEXT NOT NULL,
    objects         TEXT NOT NULL,
    enterprise_id   TEXT NOT NULL DEFAULT '',
    enterprise_name TEXT NOT NULL DEFAULT '',
    month           TEXT NOT NULL,
    ratio_percent   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX inspection_plan_tasks_plan ON inspection_plan_tasks (plan_id, id);
CREATE INDEX inspection_plan_tasks_enterprise ON inspection_plan_tasks (enterprise_id, month);

-- One inspection. visit_day is the first check-in's civil date ('' before
-- it), visit_at its instant (unix ms): the frequency rules read the
-- enterprise's window through inspections_enterprise, never a scan.
CREATE TABLE inspections (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    source_system   TEXT NOT NULL,
    source_id       TEXT NOT NULL,
    agency_code     TEXT NOT NULL,
    region_code     TEXT NOT NULL,
    matter_code     TEXT NOT NULL,
    kind            TEXT NOT NULL,
    directed        INTEGER NOT NULL DEFAULT 0,
    emergency       INTEGER NOT NULL DEFAULT 0,
    enterprise_name TEXT NOT NULL,
    enterprise_id   TEXT NOT NULL,
    joint_agencies  TEXT NOT NULL DEFAULT '[]',
    events          TEXT NOT NULL DEFAULT '[]',
    checklist       TEXT NOT NULL DEFAULT '[]',
    code            TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    visit_day       TEXT NOT NULL DEFAULT '',
    visit_at        BIGINT NOT NULL DEFAULT 0,
    officers        TEXT NOT NULL DEFAULT '',
    problem_found   INTEGER NOT NULL DEFAULT -1,
    deadlines       TEXT NOT NULL DEFAULT '{}',
    next_check      TEXT NOT NULL DEFAULT '',
    version         BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    UNIQUE (source_system, source_id)
);
CREATE UNIQUE INDEX inspections_code ON inspections (code) WHERE code <> '';
CREATE INDEX inspections_enterprise ON inspections (enterprise_id, visit_day, id);
CREATE INDEX inspections_scope ON inspections (region_code, visit_day, id);
CREATE INDEX inspections_agency ON inspections (agency_code, visit_day, id);
CREATE INDEX inspections_next_check ON inspections (next_check, id);

-- 事后评价: one anonymous rating per inspection, read by supervision only
-- (never joined into what the inspecting agency reads).
CREATE TABLE inspection_ratings (
    inspection_id BIGINT PRIMARY KEY REFERENCES inspections (id) ON DELETE CASCADE,
    region_code   TEXT NOT NULL,
    agency_code   TEXT NOT NULL,
    score         INTEGER NOT NULL,
    comment       TEXT NOT NULL DEFAULT '',
    at            BIGINT NOT NULL
);
CREATE INDEX inspection_ratings_scope ON inspection_ratings (region_code, at);

-- Frequency caps per region (54号: published caps; the most specific
-- region's row applies, default 1 a day, 2 a week, 3 a month).
CREATE TABLE inspection_caps (
    region_code TEXT PRIMARY KEY,
    per_day     INTEGER NOT NULL,
    per_week    INTEGER NOT NULL,
    per_month   INTEGER NOT NULL,
    updated_at  BIGINT NOT NULL
);

-- +goose Down
DROP TABLE inspection_caps;
DROP TABLE inspection_ratings;
DROP TABLE inspections;
DROP TABLE inspection_plan_tasks;
DROP TABLE inspection_plans;
DROP TABLE inspection_items;
