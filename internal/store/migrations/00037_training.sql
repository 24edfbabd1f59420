-- 法律培训互联网+ (issue 19, DOMAIN.md C2): courses and plans, study time
-- counted from a page's heartbeats, the question bank, mock and official
-- exams with their seats, and each region's rule for a failed exam.

-- +goose Up
-- A course: text material, offered to the officers of region (and below),
-- of one agency ('' = all), of one field ('' = all). minutes is the most
-- study time it counts.
CREATE TABLE training_courses (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    agency_code TEXT NOT NULL DEFAULT '',
    year        INTEGER NOT NULL,
    track       TEXT NOT NULL,
    domain      TEXT NOT NULL DEFAULT '',
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    minutes     INTEGER NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX training_courses_scope ON training_courses (region_code, year);

-- An agency's yearly plan: how many 学时 each officer must reach.
CREATE TABLE training_plans (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_code    TEXT NOT NULL,
    region_code    TEXT NOT NULL,
    year           INTEGER NOT NULL,
    title          TEXT NOT NULL,
    track          TEXT NOT NULL,
    required_hours INTEGER NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    created_at     BIGINT NOT NULL,
    UNIQUE (agency_code, year, track)
);
CREATE INDEX training_plans_scope ON training_plans (region_code, year);

-- Counted study seconds of one officer on one course.
CREATE TABLE training_study (
    course_id   BIGINT NOT NULL REFERENCES training_courses (id) ON DELETE CASCADE,
    cert_no     TEXT NOT NULL,
    region_code TEXT NOT NULL,
    agency_code TEXT NOT NULL,
    year        INTEGER NOT NULL,
    seconds     INTEGER NOT NULL DEFAULT 0,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (course_id, cert_no)
);
CREATE INDEX training_study_officer ON training_study (cert_no, year);
CREATE INDEX training_study_scope ON training_study (region_code, year);

-- One clock per officer: the last counted heartbeat and today's counted
-- seconds, so two tabs or two courses never count the same minute twice.
CREATE TABLE training_clock (
    cert_no     TEXT PRIMARY KEY,
    last_beat   BIGINT NOT NULL,
    day         TEXT NOT NULL,
    day_seconds INTEGER NOT NULL
);

-- A question: 单选 single, 多选 multi, 判断 judge; options a JSON array,
-- answer the letters (A, AC) or T/F; the law and article it tests.
CREATE TABLE training_questions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    region_code TEXT NOT NULL,
    kind        TEXT NOT NULL,
    stem        TEXT NOT NULL,
    options     TEXT NOT NULL,
    answer      TEXT NOT NULL,
    law         TEXT NOT NULL,
    article     TEXT NOT NULL,
    difficulty  INTEGER NOT NULL,
    explanation TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    UNIQUE (region_code, stem)
);
CREATE INDEX training_questions_draw ON training_questions (region_code, law, difficulty);

-- An official exam session: 资格考试 qualify or 年检 annual.
CREATE TABLE training_exams (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    region_code  TEXT NOT NULL,
    year         INTEGER NOT NULL,
    sitting_on   TEXT NOT NULL,
    minutes      INTEGER NOT NULL,
    questions    INTEGER NOT NULL,
    pass_score   INTEGER NOT NULL,
    law          TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'open',
    published_at BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX training_exams_scope ON training_exams (region_code, year);

-- An attempt: a mock exam (exam_id 0) or a seat of a session, its paper
-- drawn when it starts (question ids, JSON) and its answers.
CREATE TABLE training_attempts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    exam_id      BIGINT NOT NULL DEFAULT 0,
    cert_no      TEXT NOT NULL,
    name         TEXT NOT NULL,
    region_code  TEXT NOT NULL,
    agency_code  TEXT NOT NULL,
    law          TEXT NOT NULL DEFAULT '',
    difficulty   INTEGER NOT NULL DEFAULT 0,
    paper        TEXT NOT NULL DEFAULT '[]',
    answers      TEXT NOT NULL DEFAULT '{}',
    started_at   BIGINT NOT NULL DEFAULT 0,
    deadline_at  BIGINT NOT NULL DEFAULT 0,
    submitted_at BIGINT NOT NULL DEFAULT 0,
    score        INTEGER NOT NULL DEFAULT -1,
    passed       INTEGER NOT NULL DEFAULT 0,
    outcome      TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL
);
CREATE UNIQUE INDEX training_attempts_seat ON training_attempts (exam_id, cert_no) WHERE exam_id > 0;
CREATE INDEX training_attempts_officer ON training_attempts (cert_no, id);
CREATE INDEX training_attempts_scope ON training_attempts (region_code, exam_id);

-- What a failed 年检 exam does to the certificate in a region (and below).
CREATE TABLE training_fail_rules (
    region_code TEXT PRIMARY KEY,
    first_fail  TEXT NOT NULL,
    second_fail TEXT NOT NULL,
    basis       TEXT NOT NULL,
    updated_at  BIGINT NOT NULL
);

-- +goose Down
DROP TABLE training_fail_rules;
DROP TABLE training_attempts;
DROP TABLE training_exams;
DROP TABLE training_questions;
DROP TABLE training_clock;
DROP TABLE training_study;
DROP TABLE training_plans;
DROP TABLE training_courses;
