-- Complaints (码上监督, 投诉举报; spec/supervision-v1.md §3): the public's
-- complaints about enforcement, from the web form, an agency's or an
-- officer's QR code, the 12345 hotline or a social supervisor's clue, each
-- a subject of the complaint workflow (complaint.Handling) with its steps,
-- its photos (stored once per content hash in media), the one-use
-- proof-of-work challenges and the per-address intake log of the rate limit.

-- +goose Up
CREATE TABLE complaints (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    tracking_code  TEXT NOT NULL UNIQUE,
    secret_hash    TEXT NOT NULL,             -- SHA-256 of the secret, hex
    source         TEXT NOT NULL,             -- web | hotline | clue
    source_ref     TEXT NOT NULL DEFAULT '',  -- the 12345 工单号
    category       TEXT NOT NULL,
    region_code    TEXT NOT NULL,
    handler_code   TEXT NOT NULL DEFAULT '',  -- the supervision body it was routed to
    agency_code    TEXT NOT NULL DEFAULT '',  -- the agency complained about
    officer_cert   TEXT NOT NULL DEFAULT '',
    forwarded_to   TEXT NOT NULL DEFAULT '',  -- the agency it was forwarded to (转办)
    reply_due      TEXT NOT NULL DEFAULT '',
    place          TEXT NOT NULL DEFAULT '',
    happened_on    TEXT NOT NULL DEFAULT '',
    description    TEXT NOT NULL,
    anonymous      INTEGER NOT NULL DEFAULT 1,
    contact_enc    TEXT NOT NULL DEFAULT '',  -- key id ":" base64(nonce || AES-GCM ciphertext)
    status         TEXT NOT NULL,
    received_on    TEXT NOT NULL,             -- civil date of receipt
    received_at    BIGINT NOT NULL,
    answer         TEXT NOT NULL DEFAULT '',  -- what the complainant reads (答复 or 不予受理理由)
    rating         INTEGER NOT NULL DEFAULT 0,
    rating_comment TEXT NOT NULL DEFAULT '',
    clue_by        BIGINT NOT NULL DEFAULT 0, -- the social supervisor's account (线索直通)
    next_check     TEXT NOT NULL DEFAULT '',
    version        BIGINT NOT NULL DEFAULT 0,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX complaints_scope ON complaints (region_code, received_at);
CREATE INDEX complaints_forwarded ON complaints (forwarded_to, received_at);
CREATE INDEX complaints_status ON complaints (status, region_code);
CREATE INDEX complaints_next_check ON complaints (next_check, id);
CREATE INDEX complaints_clue_by ON complaints (clue_by, received_at);
CREATE UNIQUE INDEX complaints_source_ref ON complaints (source, source_ref) WHERE source_ref <> '';

-- One row per step, oldest first by id.
CREATE TABLE complaint_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    complaint_id BIGINT NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    region_code  TEXT NOT NULL,
    action       TEXT NOT NULL,
    at           BIGINT NOT NULL,
    actor        TEXT NOT NULL,
    actor_name   TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    agency_code  TEXT NOT NULL DEFAULT '',
    due          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX complaint_events_complaint ON complaint_events (complaint_id, id);

CREATE TABLE complaint_photos (
    complaint_id BIGINT NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    hash         TEXT NOT NULL REFERENCES media (hash),
    mime         TEXT NOT NULL,
    size         BIGINT NOT NULL,
    seq          INTEGER NOT NULL,
    PRIMARY KEY (complaint_id, hash)
);

CREATE TABLE complaint_challenges (
    challenge  TEXT PRIMARY KEY,
    expires_at BIGINT NOT NULL,
    used       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX complaint_challenges_expiry ON complaint_challenges (expires_at);

-- addr is the SHA-256 of the client's address: the limit needs no address in clear.
CREATE TABLE complaint_intake (
    addr        TEXT NOT NULL,
    at          BIGINT NOT NULL,
    region_code TEXT NOT NULL
);
CREATE INDEX complaint_intake_addr ON complaint_intake (addr, at);

-- Per-region settings; the most specific region's applies (defaults in complaint.DefaultSettings).
CREATE TABLE complaint_settings (
    region_code      TEXT PRIMARY KEY,
    accept_workdays  INTEGER NOT NULL,
    answer_days      INTEGER NOT NULL,
    forward_workdays INTEGER NOT NULL,
    hourly_limit     INTEGER NOT NULL,
    updated_at       BIGINT NOT NULL
);

-- +goose Down
DROP TABLE complaint_settings;
DROP TABLE complaint_intake;
DROP TABLE complaint_challenges;
DROP TABLE complaint_photos;
DROP TABLE complaint_events;
DROP TABLE complaints;
