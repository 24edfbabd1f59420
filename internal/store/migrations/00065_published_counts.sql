-- The portal's "共 N 条" at province scale (issue 11: the decisions list
-- ≥ 500 requests/s at 1,000,000 cases). Counting the list's rows on every
-- view walked up to 10,000 index entries (and their heap rows on a
-- PostgreSQL table without a visibility map) and still could only say
-- "10000 条以上". published_counts keeps, per publication day, how many
-- decisions are on display in the whole platform (scope ''), each
-- province ('p'), city ('c') and county ('k'); the list sums the days
-- inside the three-year period (at most ~1,100 rows of the primary key).
-- cases/published.go keeps it in the transaction that changes
-- published_decisions, so a count never disagrees with the list.

-- +goose Up
CREATE TABLE published_counts (
    scope        TEXT NOT NULL,
    code         TEXT NOT NULL,
    published_on TEXT NOT NULL,
    n            BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (scope, code, published_on)
);
INSERT INTO published_counts (scope, code, published_on, n)
    SELECT '', '', published_on, COUNT(*) FROM published_decisions GROUP BY published_on;
INSERT INTO published_counts (scope, code, published_on, n)
    SELECT 'p', province, published_on, COUNT(*) FROM published_decisions GROUP BY province, published_on;
INSERT INTO published_counts (scope, code, published_on, n)
    SELECT 'c', city, published_on, COUNT(*) FROM published_decisions GROUP BY city, published_on;
INSERT INTO published_counts (scope, code, published_on, n)
    SELECT 'k', county, published_on, COUNT(*) FROM published_decisions GROUP BY county, published_on;

-- +goose Down
DROP TABLE published_counts;
