-- Rules as data (电子监察, spec/supervision-v1.md §2): per-region settings of
-- the built-in rules, supervisors' custom CEL rules with their versions,
-- the counter that invalidates every instance's cached rule configuration,
-- and the incremental distribution of fines for SIMILAR_CASE_DISPARITY.

-- +goose Up
-- Bumped in the transaction of every settings or custom-rule write; the
-- case service reloads its cached settings when it moves.
CREATE TABLE rule_epoch (
    id    INTEGER PRIMARY KEY,
    epoch BIGINT NOT NULL
);
INSERT INTO rule_epoch (id, epoch) VALUES (1, 0);

-- One region's setting of one built-in rule for its subtree; params_json
-- is an object of integer parameters (e.g. {"lead_workdays": 3}).
CREATE TABLE rule_settings (
    rule        TEXT NOT NULL,
    region_code TEXT NOT NULL,
    enabled     INTEGER NOT NULL,
    params_json TEXT NOT NULL DEFAULT '{}',
    version     BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    updated_by  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (rule, region_code)
);

-- The current version of each custom rule; applied_version is the version
-- the re-evaluation of existing cases has finished for, apply_cursor the
-- last case id it reached, apply_region the subtree it walks (the old and
-- new region when a version moved the rule).
CREATE TABLE custom_rules (
    code            TEXT PRIMARY KEY,
    region_code     TEXT NOT NULL,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL,
    severity        TEXT NOT NULL,
    basis           TEXT NOT NULL DEFAULT '',
    expression      TEXT NOT NULL,
    enabled         INTEGER NOT NULL,
    version         BIGINT NOT NULL,
    applied_version BIGINT NOT NULL DEFAULT 0,
    apply_cursor    BIGINT NOT NULL DEFAULT 0,
    apply_region    TEXT NOT NULL DEFAULT '',
    updated_at      BIGINT NOT NULL,
    updated_by      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX custom_rules_region ON custom_rules (region_code, code);

-- Every version as saved (each PUT makes one).
CREATE TABLE custom_rule_versions (
    code        TEXT NOT NULL,
    version     BIGINT NOT NULL,
    region_code TEXT NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    severity    TEXT NOT NULL,
    basis       TEXT NOT NULL DEFAULT '',
    expression  TEXT NOT NULL,
    enabled     INTEGER NOT NULL,
    created_at  BIGINT NOT NULL,
    created_by  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (code, version)
);

-- SIMILAR_CASE_DISPARITY: how many decided cases of a group (matter, tier,
-- decision year, province) received each fine amount, and what each case
-- counts for, so that a case write moves one count (cases/disparity.go).
CREATE TABLE fine_stats (
    matter_code TEXT NOT NULL,
    tier        TEXT NOT NULL,
    year        INTEGER NOT NULL,
    province    TEXT NOT NULL,
    fine_fen    BIGINT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (matter_code, tier, year, province, fine_fen)
);
CREATE TABLE fine_contrib (
    source_system TEXT NOT NULL,
    source_id     TEXT NOT NULL,
    matter_code   TEXT NOT NULL,
    tier          TEXT NOT NULL,
    year          INTEGER NOT NULL,
    province      TEXT NOT NULL,
    fine_fen      BIGINT NOT NULL,
    PRIMARY KEY (source_system, source_id)
);

-- +goose Down
DROP TABLE fine_contrib;
DROP TABLE fine_stats;
DROP TABLE custom_rule_versions;
DROP INDEX custom_rules_region;
DROP TABLE custom_rules;
DROP TABLE rule_settings;
DROP TABLE rule_epoch;
