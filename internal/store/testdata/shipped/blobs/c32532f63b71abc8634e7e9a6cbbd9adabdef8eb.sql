-- Read paths at province scale (issue 10): every list a person or client
-- pages through is served by an index in the order it shows, and the public
-- portal reads a compact table of published decisions instead of the cases.

-- +goose Up
-- /cases, nearest deadline first (cases.List, Sort "deadline"): the very
-- expression the list orders by — a case without an open deadline last —
-- then id, the keyset cursor's tie-breaker.
CREATE INDEX cases_deadline ON cases ((CASE WHEN next_check = '' THEN '9999-12-31' ELSE next_check END), id);

-- /api/v1/warnings and the warnings lists: open findings newest first.
CREATE INDEX findings_list ON findings (subject_kind, status, id);

-- 处罚决定公示: one row per decision on public display (published, not
-- withdrawn), written in the transaction that saves the case
-- (cases/published.go). The region is kept at each level so a city or
-- county filter is an equality on an index in publication order.
CREATE TABLE published_decisions (
    case_id      BIGINT PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,
    published_on TEXT NOT NULL,
    decided_on   TEXT NOT NULL,
    region_code  TEXT NOT NULL,
    province     TEXT NOT NULL,
    city         TEXT NOT NULL,
    county       TEXT NOT NULL,
    agency_code  TEXT NOT NULL,
    party_kind   TEXT NOT NULL,
    terms_hash   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX published_order ON published_decisions (published_on, decided_on, case_id);
CREATE INDEX published_province ON published_decisions (province, published_on, decided_on, case_id);
CREATE INDEX published_city ON published_decisions (city, published_on, decided_on, case_id);
CREATE INDEX published_county ON published_decisions (county, published_on, decided_on, case_id);
CREATE INDEX published_region ON published_decisions (region_code, published_on, decided_on, case_id);
CREATE INDEX published_agency ON published_decisions (agency_code, published_on, decided_on, case_id);
CREATE INDEX published_person ON published_decisions (party_kind, published_on, decided_on, case_id);

-- The portal's search: the distinct bigrams (two-character tokens) of a
-- decision's searchable text,
-- keyed in publication order so that the hits of a term come out newest
-- first straight from the index, a page at a time. Candidates only: the
-- page is matched against the masked public text (docs.ListPublic), so no
-- one finds a person's decision by what the page hides.
CREATE TABLE published_terms (
    term         TEXT NOT NULL,
    published_on TEXT NOT NULL,
    decided_on   TEXT NOT NULL,
    case_id      BIGINT NOT NULL REFERENCES published_decisions (case_id) ON DELETE CASCADE,
    PRIMARY KEY (term, published_on, decided_on, case_id)
);
CREATE INDEX published_terms_case ON published_terms (case_id);

-- +goose Down
DROP TABLE published_terms;
DROP TABLE published_decisions;
DROP INDEX findings_list;
DROP INDEX cases_deadline;
