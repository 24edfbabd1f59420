-- The tamper-evident record log (spec/supervision-v1.md §6, RFC 6962): one
-- leaf per accepted write of a record, the tree's stored hashes (so a proof
-- reads O(log n) rows), and the signed checkpoints. log_state's one row is
-- the tree size; appending updates it first, which serialises appenders
-- until their transaction ends (a write and its leaf commit together).

-- +goose Up
CREATE TABLE log_state (
    id   INTEGER PRIMARY KEY,
    size BIGINT NOT NULL
);
INSERT INTO log_state (id, size) VALUES (1, 0);

CREATE TABLE log_leaves (
    idx     BIGINT PRIMARY KEY,
    kind    TEXT NOT NULL,
    ref     TEXT NOT NULL,
    data    TEXT NOT NULL,  -- the leaf data: {"seq","kind","ref","at","sha256"}
    sha256  TEXT NOT NULL,  -- of content
    content TEXT NOT NULL   -- the record's canonical content when written
);
CREATE INDEX log_leaves_ref ON log_leaves (kind, ref, idx);

CREATE TABLE log_hashes (
    id   BIGINT PRIMARY KEY, -- tlog stored-hash index
    hash TEXT NOT NULL       -- hex
);

CREATE TABLE log_checkpoints (
    size BIGINT PRIMARY KEY,
    root TEXT NOT NULL,      -- base64
    note TEXT NOT NULL,      -- the signed note
    at   BIGINT NOT NULL
);

-- +goose Down
DROP TABLE log_checkpoints;
DROP TABLE log_hashes;
DROP TABLE log_leaves;
DROP TABLE log_state;
