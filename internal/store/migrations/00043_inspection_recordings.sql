-- 全过程记录 of inspections (国办发〔2018〕118号; spec/supervision-v1.md §4):
-- text records and audio/video files per act of an inspection, as
-- act_recordings are for cases. The files are package media's (stored once
-- per SHA-256, in chunks); a row names its file by media_hash.

-- +goose Up
CREATE TABLE inspection_recordings (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    inspection_id BIGINT NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    event_index   INTEGER NOT NULL,  -- the act: its place in the inspection's events
    event_type    TEXT NOT NULL,
    event_at      TEXT NOT NULL,
    kind          TEXT NOT NULL,     -- text | audio | video
    title         TEXT NOT NULL,
    text_body     TEXT NOT NULL DEFAULT '',
    media_hash    TEXT REFERENCES media (hash),
    file_name     TEXT NOT NULL DEFAULT '',
    content_type  TEXT NOT NULL DEFAULT '',
    size          BIGINT NOT NULL DEFAULT 0,
    region_code   TEXT NOT NULL,
    agency_code   TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX inspection_recordings_inspection ON inspection_recordings (inspection_id, id);
CREATE INDEX inspection_recordings_media ON inspection_recordings (media_hash);

-- +goose Down
DROP TABLE inspection_recordings;
