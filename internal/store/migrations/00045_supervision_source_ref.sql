-- A complaint's (or any source's) page lists the supervision cases opened
-- from it by source and reference (supervision.Linked): an index, so the
-- page reads the few rows it shows.

-- +goose Up
CREATE INDEX supervision_cases_source_ref ON supervision_cases (source, source_ref);

-- +goose Down
DROP INDEX supervision_cases_source_ref;
