-- Statistics at province scale (issue 15): the dashboards by agency and by
-- domain (领域) of a province summed case_rollup_wide's row per region ×
-- month × agency — at province scale about one row per case, since an
-- agency decides a case or two a month — and took 0.9–2.6 s. The case
-- service keeps, in the case's saving transaction (cases/rollup_ytd.go),
-- the year-to-date sums of the dashboard's measures per month × region ×
-- agency: the row of month M holds January up to M of M's year, and every
-- month from an agency's first count of a year to December has its row.
-- A period of months is then two rows per agency and year (the sum over
-- months a..b is ytd(b) − ytd(a−1)), read on the primary key by month.
-- Filled here from case_rollup_wide for databases that have cases.

-- +goose Up
CREATE TABLE case_rollup_ytd (
    month        TEXT NOT NULL,
    region_code  TEXT NOT NULL,
    agency_code  TEXT NOT NULL,
    filed        BIGINT NOT NULL DEFAULT 0,
    closed       BIGINT NOT NULL DEFAULT 0,
    decided      BIGINT NOT NULL DEFAULT 0,
    penalties    BIGINT NOT NULL DEFAULT 0,
    no_penalty   BIGINT NOT NULL DEFAULT 0,
    transfers    BIGINT NOT NULL DEFAULT 0,
    annulled     BIGINT NOT NULL DEFAULT 0,
    amount_fen   BIGINT NOT NULL DEFAULT 0,
    fine_fen     BIGINT NOT NULL DEFAULT 0,
    days         BIGINT NOT NULL DEFAULT 0,
    timed        BIGINT NOT NULL DEFAULT 0,
    published    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (month, region_code, agency_code)
);

INSERT INTO case_rollup_ytd (month, region_code, agency_code, filed, closed, decided, penalties, no_penalty, transfers, annulled,
    amount_fen, fine_fen, days, timed, published)
SELECT SUBSTR(w.month, 1, 5) || mm.m, w.region_code, w.agency_code, SUM(w.filed), SUM(w.closed), SUM(w.decided), SUM(w.penalties),
    SUM(w.no_penalty), SUM(w.transfers), SUM(w.annulled), SUM(w.amount_fen), SUM(w.fine_fen), SUM(w.days), SUM(w.timed), SUM(w.published)
FROM case_rollup_wide w
JOIN (SELECT '01' AS m UNION ALL SELECT '02' UNION ALL SELECT '03' UNION ALL SELECT '04' UNION ALL SELECT '05' UNION ALL SELECT '06'
    UNION ALL SELECT '07' UNION ALL SELECT '08' UNION ALL SELECT '09' UNION ALL SELECT '10' UNION ALL SELECT '11' UNION ALL SELECT '12') mm
    ON mm.m >= SUBSTR(w.month, 6, 2)
WHERE w.filed <> 0 OR w.decided <> 0
GROUP BY SUBSTR(w.month, 1, 5) || mm.m, w.region_code, w.agency_code;

-- +goose Down
DROP TABLE case_rollup_ytd;
