-- Overlap detection's parameters per region (issue 18: "listed per region
-- with a one-click coordination task; parameters per region"): the
-- filing window and the least number of agencies for 重复执法、多头执法,
-- and for 选择性执法 (类案不同罚 within one agency) the least number of fined
-- cases of one agency, matter and tier and the ratio of the highest fine
-- to the lowest. A region without a row inherits its city's, then its
-- province's, then the defaults (coordination.OverlapSettingsOf), as the
-- supervision time limits and the inspection caps do.

-- +goose Up
CREATE TABLE overlap_settings (
    region_code     TEXT PRIMARY KEY,
    window_days     INTEGER NOT NULL,
    min_agencies    INTEGER NOT NULL,
    selective_cases INTEGER NOT NULL,
    selective_ratio INTEGER NOT NULL,
    updated_at      BIGINT NOT NULL
);

-- +goose Down
DROP TABLE overlap_settings;
