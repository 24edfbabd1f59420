-- Warning handling (电子监察, spec/supervision-v1.md §1): every finding has a
-- handling stage — issued 待签收, signed 整改中, answered 待核查, closed 已销号,
-- cured 已消除 — a flag for a yellow warning made red because nobody signed
-- it in time, and a history of who did what when.

-- +goose Up
ALTER TABLE findings ADD COLUMN stage TEXT NOT NULL DEFAULT 'issued';
ALTER TABLE findings ADD COLUMN escalated INTEGER NOT NULL DEFAULT 0;
-- When the warning was (last) issued, unix ms: escalation counts from it.
ALTER TABLE findings ADD COLUMN issued_at BIGINT NOT NULL DEFAULT 0;
-- The last day to sign before a yellow warning turns red (YYYY-MM-DD),
-- kept by the hourly escalation pass; '' = not counted yet or not yellow.
ALTER TABLE findings ADD COLUMN sign_by TEXT NOT NULL DEFAULT '';
-- The last handling action (sign, rectify, explain, verify, return), so
-- "returned to me" is one indexed condition.
ALTER TABLE findings ADD COLUMN last_action TEXT NOT NULL DEFAULT '';

UPDATE findings SET issued_at = first_seen;
UPDATE findings SET stage = 'cured' WHERE status = 'resolved';

CREATE INDEX findings_agency_stage ON findings (agency_code, stage, status);
CREATE INDEX findings_stage_scope ON findings (stage, region_code);

-- One row per step, oldest first by id. actor is the account, token or
-- certificate number ('system' for the platform's own steps).
CREATE TABLE finding_history (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    finding_id  BIGINT NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
    region_code TEXT NOT NULL,
    action      TEXT NOT NULL,
    at          BIGINT NOT NULL,
    actor       TEXT NOT NULL,
    actor_name  TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX finding_history_finding ON finding_history (finding_id, id);

INSERT INTO finding_history (finding_id, region_code, action, at, actor, actor_name, note)
SELECT id, region_code, 'issued', first_seen, 'system', '平台', '' FROM findings;
INSERT INTO finding_history (finding_id, region_code, action, at, actor, actor_name, note)
SELECT id, region_code, 'cured', resolved_at, 'system', '平台', '' FROM findings WHERE status = 'resolved';

-- The working days after which an unsigned yellow warning turns red, per
-- region; the most specific region's setting applies (default 3).
CREATE TABLE warning_settings (
    region_code             TEXT PRIMARY KEY,
    escalate_after_workdays INTEGER NOT NULL,
    updated_at              BIGINT NOT NULL
);

-- +goose Down
DROP TABLE warning_settings;
DROP TABLE finding_history;
DROP INDEX findings_stage_scope;
DROP INDEX findings_agency_stage;
ALTER TABLE findings DROP COLUMN last_action;
ALTER TABLE findings DROP COLUMN sign_by;
ALTER TABLE findings DROP COLUMN issued_at;
ALTER TABLE findings DROP COLUMN escalated;
ALTER TABLE findings DROP COLUMN stage;
