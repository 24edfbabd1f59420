-- Coordination (协调指挥, DOMAIN.md C14): enforcement disputes between
-- agencies (争议协调, 行政执法监督条例 Art. 13; 山东省行政执法监督条例 Art. 18)
-- with the agencies named in them and the acts recorded on them, and the
-- index overlap detection reads the cases table by (重复执法、多头执法).

-- +goose Up
CREATE TABLE disputes (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    version      BIGINT NOT NULL DEFAULT 1,
    -- The coordinating supervision body's region: the deepest region
    -- holding every named agency (Art. 13 "本级行政执法机关之间").
    region_code  TEXT NOT NULL,
    -- competence | jurisdiction | matter_holder | cross_field | cross_region | overlap
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL,
    matter_code  TEXT NOT NULL DEFAULT '',
    case_id      BIGINT NOT NULL DEFAULT 0,
    -- The agency that applied ('' = opened ex officio by the supervision body).
    applicant    TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    answer_due   TEXT NOT NULL,
    deadlines    TEXT NOT NULL DEFAULT '{}',
    next_check   TEXT NOT NULL DEFAULT '',
    outcome      TEXT NOT NULL DEFAULT '',
    opened_on    TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX disputes_region ON disputes (region_code, id);
CREATE INDEX disputes_due ON disputes (next_check, id);

CREATE TABLE dispute_parties (
    dispute_id   BIGINT NOT NULL REFERENCES disputes (id) ON DELETE CASCADE,
    agency_code  TEXT NOT NULL,
    region_code  TEXT NOT NULL,
    PRIMARY KEY (dispute_id, agency_code)
);
CREATE INDEX dispute_parties_agency ON dispute_parties (agency_code, dispute_id);

CREATE TABLE dispute_acts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    dispute_id   BIGINT NOT NULL REFERENCES disputes (id) ON DELETE CASCADE,
    type         TEXT NOT NULL,
    at           TEXT NOT NULL,             -- the act's civil date
    agency_code  TEXT NOT NULL DEFAULT '',  -- the answering agency
    actor        TEXT NOT NULL,
    actor_name   TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    data         TEXT NOT NULL DEFAULT '{}', -- evidence, participants, holders, ...
    recorded_at  BIGINT NOT NULL
);
CREATE INDEX dispute_acts_dispute ON dispute_acts (dispute_id, id);

-- Overlap detection scans one region's cases of one filing window, in
-- the index alone (party, agency and matter are in it).
CREATE INDEX cases_overlap ON cases (region_code, filed_on, party_id_number, agency_code, matter_code);

-- +goose Down
DROP INDEX cases_overlap;
DROP TABLE dispute_acts;
DROP TABLE dispute_parties;
DROP TABLE disputes;
