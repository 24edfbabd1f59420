-- 全过程记录 (C6; 处罚法 Art. 47, 国办发〔2018〕118号): text records and
-- audio/video files per act of a case. Files are stored once per SHA-256
-- in 1 MiB chunks (media, media_chunks), so an upload is written and a
-- playback range is read without holding the whole file in memory.
-- agency_av_lists is an agency's 音像记录清单: the act types that must have
-- an audio or video recording (no row = the platform's default list).

-- +goose Up
CREATE TABLE media (
    hash       TEXT PRIMARY KEY,  -- SHA-256 of the whole file, hex
    size       BIGINT NOT NULL,
    chunks     INTEGER NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE media_chunks (
    hash TEXT NOT NULL REFERENCES media (hash),
    seq  INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (hash, seq)
);

CREATE TABLE act_recordings (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id      BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    event_index  INTEGER NOT NULL,  -- the act: its place in the case's events
    event_type   TEXT NOT NULL,
    event_at     TEXT NOT NULL,
    kind         TEXT NOT NULL,     -- text | audio | video
    title        TEXT NOT NULL,
    text_body    TEXT NOT NULL DEFAULT '',
    media_hash   TEXT REFERENCES media (hash),
    file_name    TEXT NOT NULL DEFAULT '',
    content_type TEXT NOT NULL DEFAULT '',
    size         BIGINT NOT NULL DEFAULT 0,
    region_code  TEXT NOT NULL,
    agency_code  TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX act_recordings_case ON act_recordings (case_id, id);

CREATE TABLE agency_av_lists (
    agency_code TEXT PRIMARY KEY REFERENCES agencies (code),
    act_types   TEXT NOT NULL,     -- comma-separated event types
    updated_by  TEXT NOT NULL,
    updated_at  BIGINT NOT NULL
);

-- +goose Down
DROP TABLE agency_av_lists;
DROP TABLE act_recordings;
DROP TABLE media_chunks;
DROP TABLE media;
