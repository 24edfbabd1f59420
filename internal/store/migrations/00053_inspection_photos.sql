-- Photos of an inspection's on-site checklist (鲁政办发〔2025〕3号 “一张表单”;
-- 国办发〔2024〕54号 事中留痕): taken on the officer's phone for a line of the
-- 一张表单 (item_index; -1 = the visit as a whole), type sniffed and EXIF
-- stripped as a complaint's photos are, stored once per SHA-256 in media.

-- +goose Up
CREATE TABLE inspection_photos (
    inspection_id BIGINT NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    hash          TEXT NOT NULL REFERENCES media (hash),
    mime          TEXT NOT NULL,
    size          BIGINT NOT NULL,
    item_index    INTEGER NOT NULL DEFAULT -1,
    caption       TEXT NOT NULL DEFAULT '',
    seq           INTEGER NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (inspection_id, hash)
);

-- +goose Down
DROP TABLE inspection_photos;
