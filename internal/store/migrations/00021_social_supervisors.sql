-- 社会监督员 (C11): citizens appointed by a supervision body to watch
-- enforcement — 聘任 with term, field and region, training records, yearly
-- evaluation and reward, exit — and their 旁站式监督 records (on-site
-- observation of an agency's enforcement), which the body reviews. Their
-- clues are complaints of source 'clue' (complaints.clue_by).

-- +goose Up
CREATE TABLE social_supervisors (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    cert_no      TEXT NOT NULL UNIQUE,            -- 聘任证号
    account_id   BIGINT NOT NULL DEFAULT 0,       -- the social_supervisor account it is, 0 = none yet
    name         TEXT NOT NULL,
    region_code  TEXT NOT NULL,
    field        TEXT NOT NULL DEFAULT '',        -- 监督领域
    appointed_by TEXT NOT NULL,                   -- who appointed (account)
    term_from    TEXT NOT NULL,
    term_to      TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'active',  -- active | exited
    exit_on      TEXT NOT NULL DEFAULT '',
    exit_reason  TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX social_supervisors_region ON social_supervisors (region_code, status);
CREATE INDEX social_supervisors_account ON social_supervisors (account_id);

-- Training (培训), evaluation (考核) and reward (奖励): one row per record.
CREATE TABLE social_records (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    supervisor_id BIGINT NOT NULL REFERENCES social_supervisors (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,                  -- training | evaluation | reward
    on_date       TEXT NOT NULL,
    title         TEXT NOT NULL,
    grade         TEXT NOT NULL DEFAULT '',       -- evaluation: excellent | pass | fail
    hours         INTEGER NOT NULL DEFAULT 0,
    recorded_by   TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX social_records_supervisor ON social_records (supervisor_id, on_date);

-- 旁站式监督: what a social supervisor saw of an agency's enforcement on site.
CREATE TABLE observations (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id    BIGINT NOT NULL,                -- the social supervisor's account
    observer_name TEXT NOT NULL,
    agency_code   TEXT NOT NULL,
    region_code   TEXT NOT NULL,
    on_date       TEXT NOT NULL,
    place         TEXT NOT NULL,
    checklist     TEXT NOT NULL,                  -- JSON: item → yes | no | na
    findings      TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'submitted', -- submitted | reviewed
    review_note   TEXT NOT NULL DEFAULT '',
    reviewed_by   TEXT NOT NULL DEFAULT '',
    reviewed_at   BIGINT NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL
);
CREATE INDEX observations_scope ON observations (region_code, on_date);
CREATE INDEX observations_account ON observations (account_id, on_date);

-- +goose Down
DROP TABLE observations;
DROP TABLE social_records;
DROP TABLE social_supervisors;
