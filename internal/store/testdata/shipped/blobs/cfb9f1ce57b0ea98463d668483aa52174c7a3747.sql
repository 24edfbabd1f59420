-- Evidence of penalty cases (C5; 处罚法 Art. 46): items per case, each with
-- any number of uploaded files. File contents are stored once per SHA-256
-- hash in blobs, so the same photo attached twice takes the space once and
-- its hash, shown on the case page, proves it unchanged.

-- +goose Up
CREATE TABLE blobs (
    hash       TEXT PRIMARY KEY,
    size       BIGINT NOT NULL,
    data       BLOB NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE evidence (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id      BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    collected_on TEXT NOT NULL,
    officers     TEXT NOT NULL DEFAULT '',
    note         TEXT NOT NULL DEFAULT '',
    region_code  TEXT NOT NULL,
    agency_code  TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX evidence_case ON evidence (case_id, id);

CREATE TABLE evidence_files (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    evidence_id  BIGINT NOT NULL REFERENCES evidence (id) ON DELETE CASCADE,
    blob_hash    TEXT NOT NULL REFERENCES blobs (hash),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL
);
CREATE INDEX evidence_files_item ON evidence_files (evidence_id, id);
CREATE INDEX evidence_files_blob ON evidence_files (blob_hash);

-- +goose Down
DROP TABLE evidence_files;
DROP TABLE evidence;
DROP TABLE blobs;
