-- Working-day calendar (工作日历): per year, the statutory days off and the
-- weekend days that are working days (调休上班), as the 国务院办公厅 notice of
-- the year fixes them. Working-day periods (处罚法 Art. 85, 行政强制法 Art. 69)
-- and the roll-forward of 民法典 Art. 203 are counted with it. A year with a row
-- in calendar_years is known, even with no days. Dates are TEXT YYYY-MM-DD.
-- Every change bumps settings 'calendar_version' so caches can reload.

-- +goose Up
CREATE TABLE calendar_years (
    year       INTEGER PRIMARY KEY,
    source     TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL DEFAULT ''
);

CREATE TABLE calendar_days (
    day  TEXT PRIMARY KEY,
    year INTEGER NOT NULL REFERENCES calendar_years (year),
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday'))
);
CREATE INDEX calendar_days_year ON calendar_days (year, day);

-- +goose Down
DROP TABLE calendar_days;
DROP TABLE calendar_years;
