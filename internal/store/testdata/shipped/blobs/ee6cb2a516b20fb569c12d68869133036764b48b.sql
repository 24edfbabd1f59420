-- Case documents (文书, C5/C7): the per-agency prefix of document numbers
-- (e.g. 济市监), one counter per agency, kind and year (济市监罚〔2024〕15号),
-- and the documents issued for each case with the number they were given.
-- A number is assigned once, when the first document of its kind is issued
-- for the case, and reused for every later copy.

-- +goose Up
CREATE TABLE doc_prefixes (
    agency_code TEXT PRIMARY KEY REFERENCES agencies (code),
    prefix      TEXT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE doc_counters (
    agency_code TEXT NOT NULL,
    kind        TEXT NOT NULL,
    year        INTEGER NOT NULL,
    last        INTEGER NOT NULL,
    PRIMARY KEY (agency_code, kind, year)
);

CREATE TABLE case_documents (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     BIGINT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    agency_code TEXT NOT NULL,
    year        INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    doc_no      TEXT NOT NULL,
    issued_at   BIGINT NOT NULL,
    issued_by   TEXT NOT NULL,
    UNIQUE (case_id, kind),
    UNIQUE (agency_code, kind, year, seq)
);
CREATE INDEX case_documents_no ON case_documents (doc_no);

-- +goose Down
DROP TABLE case_documents;
DROP TABLE doc_counters;
DROP TABLE doc_prefixes;
