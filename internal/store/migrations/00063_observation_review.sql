-- 旁站式监督 (C11), completed: an observation's photos — type sniffed,
-- size capped, EXIF stripped and stored once per SHA-256 in media, as a
-- complaint's are (complaint.CleanPhoto) — and the supervision body's
-- review as a result: accepted, or returned to the social supervisor with
-- the reason (review_note). An accepted finding may be turned into a clue
-- (clue_id: the complaint it became, of source clue, tracked and handled
-- as any; a supervision case is opened from that complaint).

-- +goose Up
CREATE TABLE observation_photos (
    observation_id BIGINT NOT NULL REFERENCES observations (id) ON DELETE CASCADE,
    hash           TEXT NOT NULL REFERENCES media (hash),
    mime           TEXT NOT NULL,
    size           BIGINT NOT NULL,
    seq            INTEGER NOT NULL,
    PRIMARY KEY (observation_id, hash)
);
ALTER TABLE observations ADD COLUMN clue_id BIGINT NOT NULL DEFAULT 0;
-- The one review there was is an acceptance with its note.
UPDATE observations SET status = 'accepted' WHERE status = 'reviewed';

-- +goose Down
UPDATE observations SET status = 'reviewed' WHERE status IN ('accepted', 'returned');
ALTER TABLE observations DROP COLUMN clue_id;
DROP TABLE observation_photos;
