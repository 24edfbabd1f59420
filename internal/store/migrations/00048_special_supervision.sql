-- 专项监督 work plans (行政执法监督条例 Art. 21): a supervision body of a
-- province (or above) plans special supervision of a field or a problem,
-- naming the departments responsible, the focus, the schedule and the
-- requirements; the plan is approved by the government of the same level
-- before supervision cases are opened under it (source campaign, source_ref
-- the plan's code, ZX + the province's two digits + the id: derived, not stored).

-- +goose Up
CREATE TABLE special_supervisions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    version         BIGINT NOT NULL DEFAULT 1,
    region_code     TEXT NOT NULL,
    title           TEXT NOT NULL,
    origin          TEXT NOT NULL DEFAULT '', -- 人大代表建议、政协提案、检察建议 … it answers
    departments     TEXT NOT NULL,
    focus           TEXT NOT NULL,
    schedule        TEXT NOT NULL,
    requirements    TEXT NOT NULL,
    status          TEXT NOT NULL,            -- draft | approved | closed
    approved_on     TEXT NOT NULL DEFAULT '',
    approval_doc    TEXT NOT NULL DEFAULT '',
    created_by      TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX special_supervisions_region ON special_supervisions (region_code, id);

-- +goose Down
DROP TABLE special_supervisions;
