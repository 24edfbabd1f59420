-- Information sharing and clue transfer (信息共享和线索移送, 行政执法监督条例
-- Art. 33): what the supervision body or an agency sends to 监察机关, 公安,
-- 检察院, 行政复议 or 政府督查, with the receipt and the answer recorded
-- against a deadline; the acts are the record.

-- +goose Up
CREATE TABLE transfers (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    version        BIGINT NOT NULL DEFAULT 1,
    region_code    TEXT NOT NULL,
    sender         TEXT NOT NULL DEFAULT '', -- the sending agency ('' = the supervision body)
    kind           TEXT NOT NULL,            -- clue | case_transfer | filing_supervision | sharing
    recipient_kind TEXT NOT NULL,            -- supervisory_commission | police | procuratorate | reconsideration | inspection_office
    recipient      TEXT NOT NULL,            -- the receiving body's name
    subject        TEXT NOT NULL,
    summary        TEXT NOT NULL,
    case_id        BIGINT NOT NULL DEFAULT 0,
    urgent         INTEGER NOT NULL DEFAULT 0, -- 绿色通道
    status         TEXT NOT NULL,
    sent_on        TEXT NOT NULL,
    answer_due     TEXT NOT NULL,
    next_check     TEXT NOT NULL DEFAULT '',
    created_by     TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX transfers_region ON transfers (region_code, id);
CREATE INDEX transfers_sender ON transfers (sender, id);
CREATE INDEX transfers_due ON transfers (next_check, id);

CREATE TABLE transfer_acts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    transfer_id  BIGINT NOT NULL REFERENCES transfers (id) ON DELETE CASCADE,
    type         TEXT NOT NULL,
    at           TEXT NOT NULL,
    agency_code  TEXT NOT NULL DEFAULT '',
    actor        TEXT NOT NULL,
    actor_name   TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    data         TEXT NOT NULL DEFAULT '{}',
    recorded_at  BIGINT NOT NULL
);
CREATE INDEX transfer_acts_transfer ON transfer_acts (transfer_id, id);

-- +goose Down
DROP TABLE transfer_acts;
DROP TABLE transfers;
