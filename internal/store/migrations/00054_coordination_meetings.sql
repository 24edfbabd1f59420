-- Coordination (协调指挥, DOMAIN.md C14), the Qinhuangdao seed's 联席会议 and
-- 乡镇与上级执法部门协作 / 审批监管处罚衔接:
--   - meetings (联席会议): convened by a supervision body, with an agenda,
--     the member agencies (who report on their decisions here) and the
--     outside bodies (公安、检察院、监察) by name, the minutes, and the
--     decisions as follow-up tasks with an owner and a deadline on the
--     working-day calendar, all as recorded acts;
--   - assists (协作请求、衔接通知): one agency asks another agency on this
--     platform to act (a township or 司法所 asking a county agency) or
--     notifies it (a penalty touching a licence, to its licensing agency);
--     the recipient records its receipt and its answer by a deadline.

-- +goose Up
CREATE TABLE meetings (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    version      BIGINT NOT NULL DEFAULT 1,
    region_code  TEXT NOT NULL, -- the convening supervision body's region
    title        TEXT NOT NULL,
    agenda       TEXT NOT NULL,
    outside      TEXT NOT NULL DEFAULT '[]', -- [{kind, name}] 公安、检察院、监察 and others
    held_on      TEXT NOT NULL,             -- the planned date
    status       TEXT NOT NULL,             -- planned | held | closed | cancelled
    minutes      TEXT NOT NULL DEFAULT '',
    next_check   TEXT NOT NULL DEFAULT '',
    opened_on    TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX meetings_region ON meetings (region_code, id);
CREATE INDEX meetings_due ON meetings (next_check, id);

CREATE TABLE meeting_members (
    meeting_id   BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    agency_code  TEXT NOT NULL,
    region_code  TEXT NOT NULL,
    PRIMARY KEY (meeting_id, agency_code)
);
CREATE INDEX meeting_members_agency ON meeting_members (agency_code, meeting_id);

CREATE TABLE meeting_acts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id   BIGINT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    type         TEXT NOT NULL,
    at           TEXT NOT NULL,
    agency_code  TEXT NOT NULL DEFAULT '',
    actor        TEXT NOT NULL,
    actor_name   TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    data         TEXT NOT NULL DEFAULT '{}', -- minutes: attended; decision: owner, due; report: decision
    recorded_at  BIGINT NOT NULL
);
CREATE INDEX meeting_acts_meeting ON meeting_acts (meeting_id, id);

CREATE TABLE assists (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    version      BIGINT NOT NULL DEFAULT 1,
    kind         TEXT NOT NULL,            -- township | licence
    region_code  TEXT NOT NULL,            -- the deepest region holding both agencies
    sender       TEXT NOT NULL,
    recipient    TEXT NOT NULL,
    subject      TEXT NOT NULL,
    summary      TEXT NOT NULL,
    case_id      BIGINT NOT NULL DEFAULT 0,
    status       TEXT NOT NULL,            -- sent | received | answered | withdrawn
    sent_on      TEXT NOT NULL,
    answer_due   TEXT NOT NULL,
    next_check   TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX assists_region ON assists (region_code, id);
CREATE INDEX assists_sender ON assists (sender, id);
CREATE INDEX assists_recipient ON assists (recipient, id);
CREATE INDEX assists_due ON assists (next_check, id);

CREATE TABLE assist_acts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    assist_id    BIGINT NOT NULL REFERENCES assists (id) ON DELETE CASCADE,
    type         TEXT NOT NULL,
    at           TEXT NOT NULL,
    agency_code  TEXT NOT NULL DEFAULT '',
    actor        TEXT NOT NULL,
    actor_name   TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    data         TEXT NOT NULL DEFAULT '{}',
    recorded_at  BIGINT NOT NULL
);
CREATE INDEX assist_acts_assist ON assist_acts (assist_id, id);

-- Overlap detection reads inspections of a region and a window by
-- enterprise, in the index alone.
CREATE INDEX inspections_overlap ON inspections (region_code, visit_day, enterprise_id, agency_code);

-- +goose Down
DROP INDEX inspections_overlap;
DROP TABLE assist_acts;
DROP TABLE assists;
DROP TABLE meeting_acts;
DROP TABLE meeting_members;
DROP TABLE meetings;
