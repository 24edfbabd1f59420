-- Case-file review campaigns (案卷评查, DOMAIN.md C12; 行政执法监督条例 Arts.
-- 15, 18; 山东省行政执法监督条例 Art. 14): scoring standards as data (veto
-- items, 卷面 and 内容 items with points, versions), campaigns with a
-- seeded random sample of closed penalty cases, several reviewers per file
-- scoring independently, reconciliation, and published results.

-- +goose Up
CREATE TABLE review_standards (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    body_region TEXT NOT NULL,
    name        TEXT NOT NULL,
    case_kind   TEXT NOT NULL DEFAULT 'penalty',
    version     INTEGER NOT NULL,
    items       TEXT NOT NULL, -- JSON: [{code, layer (veto|form|content), title, points, rules}]
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (body_region, name, version)
);

CREATE TABLE review_campaigns (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    version      BIGINT NOT NULL DEFAULT 1,
    body_region  TEXT NOT NULL,
    name         TEXT NOT NULL,
    year         INTEGER NOT NULL,
    standard_id  BIGINT NOT NULL REFERENCES review_standards (id),
    agency_codes TEXT NOT NULL, -- JSON array
    per_agency   INTEGER NOT NULL DEFAULT 0,
    ratio_pct    INTEGER NOT NULL DEFAULT 0,
    weighted     INTEGER NOT NULL DEFAULT 0, -- cases with warnings weigh double
    threshold    INTEGER NOT NULL DEFAULT 10, -- points apart that need reconciliation
    seed         TEXT NOT NULL,
    pool_sha256  TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL, -- draft | drawn | published
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    drawn_at     BIGINT NOT NULL DEFAULT 0,
    published_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX review_campaigns_region ON review_campaigns (body_region, id);

CREATE TABLE review_files (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id         BIGINT NOT NULL REFERENCES review_campaigns (id) ON DELETE CASCADE,
    case_id             BIGINT NOT NULL,
    agency_code         TEXT NOT NULL,
    region_code         TEXT NOT NULL,
    prefill             TEXT NOT NULL DEFAULT '{}', -- machine pre-scoring from the case's findings
    status              TEXT NOT NULL, -- unassigned | scoring | reconcile | final
    final_score         INTEGER NOT NULL DEFAULT 0,
    final_veto          TEXT NOT NULL DEFAULT '', -- JSON array of veto codes
    verdict             TEXT NOT NULL DEFAULT '',
    note                TEXT NOT NULL DEFAULT '',
    supervision_case_id BIGINT NOT NULL DEFAULT 0,
    UNIQUE (campaign_id, case_id)
);
CREATE INDEX review_files_agency ON review_files (agency_code, campaign_id);

CREATE TABLE review_scores (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    file_id       BIGINT NOT NULL REFERENCES review_files (id) ON DELETE CASCADE,
    reviewer      TEXT NOT NULL, -- account username
    vetoes        TEXT NOT NULL DEFAULT '[]',
    deductions    TEXT NOT NULL DEFAULT '{}',
    score         INTEGER NOT NULL DEFAULT 0,
    note          TEXT NOT NULL DEFAULT '',
    submitted_at  BIGINT NOT NULL DEFAULT 0,
    UNIQUE (file_id, reviewer)
);
CREATE INDEX review_scores_reviewer ON review_scores (reviewer, file_id);

-- +goose Down
DROP TABLE review_scores;
DROP TABLE review_files;
DROP TABLE review_campaigns;
DROP TABLE review_standards;
