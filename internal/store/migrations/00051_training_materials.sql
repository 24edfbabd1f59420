-- 法律培训 (issue 19): a course's PDF and video materials beside its text,
-- stored in package media (once per SHA-256, in chunks) and named here by
-- media_hash; and to whom a course is assigned beyond its region, agency
-- and field: every officer, new officers (岗前培训) or those holding the
-- 执法监督 qualification (业务轮训 of supervisors).

-- +goose Up
CREATE TABLE training_materials (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    course_id    BIGINT NOT NULL REFERENCES training_courses (id) ON DELETE CASCADE,
    region_code  TEXT NOT NULL,
    kind         TEXT NOT NULL,     -- pdf | video
    title        TEXT NOT NULL,
    media_hash   TEXT NOT NULL REFERENCES media (hash),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX training_materials_course ON training_materials (course_id, id);
CREATE INDEX training_materials_media ON training_materials (media_hash);

ALTER TABLE training_courses ADD COLUMN audience TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE training_courses DROP COLUMN audience;
DROP TABLE training_materials;
