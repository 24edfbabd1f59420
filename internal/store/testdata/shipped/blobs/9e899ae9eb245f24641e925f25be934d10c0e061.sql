-- Supervision cases (监督案件, spec/supervision-v1.md §5; 行政执法监督条例
-- Arts. 20–33, 山东省行政执法监督条例 Arts. 22, 28–29): one row per case with
-- its judged status and deadlines, one row per recorded act (with the
-- number of the document it issued), and the per-region time limits.

-- +goose Up
CREATE TABLE supervision_cases (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    version         BIGINT NOT NULL DEFAULT 1,
    -- The supervised agency and where it sits (jurisdiction filters).
    region_code     TEXT NOT NULL,
    agency_code     TEXT NOT NULL,
    -- The supervision body handling it (its region): the opener's, or the
    -- level above for 提级监督 (Art. 20). Documents are numbered per body.
    body_region     TEXT NOT NULL,
    source          TEXT NOT NULL,
    source_ref      TEXT NOT NULL DEFAULT '',
    -- Links kept both ways: the warning or penalty case it was opened from.
    warning_id      BIGINT NOT NULL DEFAULT 0,
    penalty_case_id BIGINT NOT NULL DEFAULT 0,
    summary         TEXT NOT NULL,
    listed          INTEGER NOT NULL DEFAULT 0, -- 挂牌督办
    escalated       INTEGER NOT NULL DEFAULT 0, -- 提级监督
    -- reconsideration | litigation when refused under Art. 33 ¶3.
    dispute         TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    deadlines       TEXT NOT NULL DEFAULT '{}',
    next_check      TEXT NOT NULL DEFAULT '',
    opened_on       TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX supervision_cases_region ON supervision_cases (region_code, id);
CREATE INDEX supervision_cases_agency ON supervision_cases (agency_code, id);
CREATE INDEX supervision_cases_due ON supervision_cases (next_check, id);
CREATE INDEX supervision_cases_warning ON supervision_cases (warning_id);
CREATE INDEX supervision_cases_penalty ON supervision_cases (penalty_case_id);

CREATE TABLE supervision_acts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     BIGINT NOT NULL REFERENCES supervision_cases (id) ON DELETE CASCADE,
    type        TEXT NOT NULL,
    at          TEXT NOT NULL,            -- the act's civil date
    actor       TEXT NOT NULL,
    actor_name  TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    data        TEXT NOT NULL DEFAULT '{}', -- the act's own fields (delivered_on, kind, scope, ...)
    doc_kind    TEXT NOT NULL DEFAULT '',
    doc_no      TEXT NOT NULL DEFAULT '',
    recorded_at BIGINT NOT NULL
);
CREATE INDEX supervision_acts_case ON supervision_acts (case_id, id);

-- Time limits in calendar days per region subtree; the most specific
-- region's row applies (default 30 each: 鲁条例 Arts. 28–29).
CREATE TABLE supervision_settings (
    region_code     TEXT PRIMARY KEY,
    fulfilment_days INTEGER NOT NULL,
    correction_days INTEGER NOT NULL,
    execution_days  INTEGER NOT NULL,
    updated_at      BIGINT NOT NULL
);

-- +goose Down
DROP TABLE supervision_settings;
DROP TABLE supervision_acts;
DROP TABLE supervision_cases;
