-- Joint enforcement (联合办案/联合执法, DOMAIN.md C14; 行政执法监督条例
-- Art. 13 on cross-field and cross-region enforcement): an action with a
-- lead agency and participants, its shared tasks and timeline as recorded
-- acts, and the cases it produced — each still its own agency's case,
-- linked here.

-- +goose Up
CREATE TABLE joint_actions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    version      BIGINT NOT NULL DEFAULT 1,
    region_code  TEXT NOT NULL, -- the deepest region holding every member
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL,
    lead         TEXT NOT NULL, -- the lead agency (牵头单位)
    party_id     TEXT NOT NULL DEFAULT '', -- the enterprise it concerns, when one
    party_name   TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    starts_on    TEXT NOT NULL,
    ends_on      TEXT NOT NULL,
    next_check   TEXT NOT NULL DEFAULT '',
    opened_on    TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX joint_actions_region ON joint_actions (region_code, id);
CREATE INDEX joint_actions_due ON joint_actions (next_check, id);

CREATE TABLE joint_action_members (
    action_id    BIGINT NOT NULL REFERENCES joint_actions (id) ON DELETE CASCADE,
    agency_code  TEXT NOT NULL,
    region_code  TEXT NOT NULL,
    PRIMARY KEY (action_id, agency_code)
);
CREATE INDEX joint_action_members_agency ON joint_action_members (agency_code, action_id);

CREATE TABLE joint_action_acts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    action_id    BIGINT NOT NULL REFERENCES joint_actions (id) ON DELETE CASCADE,
    type         TEXT NOT NULL,
    at           TEXT NOT NULL,
    agency_code  TEXT NOT NULL DEFAULT '',
    actor        TEXT NOT NULL,
    actor_name   TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    data         TEXT NOT NULL DEFAULT '{}', -- task: owner, due; report: task; link: case_id
    recorded_at  BIGINT NOT NULL
);
CREATE INDEX joint_action_acts_action ON joint_action_acts (action_id, id);

CREATE TABLE joint_action_cases (
    action_id    BIGINT NOT NULL REFERENCES joint_actions (id) ON DELETE CASCADE,
    case_id      BIGINT NOT NULL,
    agency_code  TEXT NOT NULL,
    PRIMARY KEY (action_id, case_id)
);
CREATE INDEX joint_action_cases_case ON joint_action_cases (case_id);

-- +goose Down
DROP TABLE joint_action_cases;
DROP TABLE joint_action_acts;
DROP TABLE joint_action_members;
DROP TABLE joint_actions;
