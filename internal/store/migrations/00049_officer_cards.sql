-- 红黄牌 records of officers (DOMAIN.md C2; issues 11 and 13): a card is
-- issued, once, by the act that causes it — a complaint answered as found
-- true (a 不亮证 complaint: 行政处罚法 Art. 55), a supervision body's
-- proposal on the officer (行政执法监督条例 Art. 32) — in that act's
-- transaction, by the rules in force in the officer's region
-- (officer_card_rules, defaults in package officercard). The Jinan
-- practice (《济南市行政执法人员履职行为监督管理规定》, 红黄牌警示制度)
-- quantifies daily supervision; this table is its record. The counts of
-- red warnings per year (card_settings, migration 00019) stay as they are.

-- +goose Up
CREATE TABLE officer_cards (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    cert_no      TEXT NOT NULL,
    region_code  TEXT NOT NULL, -- the officer's, at issue
    agency_code  TEXT NOT NULL, -- the officer's, at issue
    colour       TEXT NOT NULL, -- yellow | red
    points       INTEGER NOT NULL,
    rule         TEXT NOT NULL, -- the rule that issued it (officercard.Rules)
    reason       TEXT NOT NULL,
    source_kind  TEXT NOT NULL, -- complaint | supervision_proposal
    source_id    TEXT NOT NULL,
    issued_on    TEXT NOT NULL, -- civil date, Asia/Shanghai
    issued_by    TEXT NOT NULL,
    issued_at    BIGINT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'in_force', -- in_force | lifted
    lifted_on    TEXT NOT NULL DEFAULT '',
    lifted_by    TEXT NOT NULL DEFAULT '',
    lift_reason  TEXT NOT NULL DEFAULT '',
    UNIQUE (source_kind, source_id, cert_no)
);
CREATE INDEX officer_cards_cert ON officer_cards (cert_no, issued_on);
CREATE INDEX officer_cards_scope ON officer_cards (region_code, issued_on, id);

-- A region's own rules (its subtree; the most specific region's row of a
-- rule applies, else the default). colour '' turns a rule off; months is
-- the window of the repeat rule (two yellows within it make a red).
CREATE TABLE officer_card_rules (
    region_code TEXT NOT NULL,
    rule        TEXT NOT NULL,
    colour      TEXT NOT NULL,
    points      INTEGER NOT NULL,
    months      INTEGER NOT NULL DEFAULT 0,
    updated_at  BIGINT NOT NULL,
    updated_by  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (region_code, rule)
);

-- The outcome of a complaint's investigation, given with the answer to the
-- complainant: 属实, 部分属实 or 不属实, with the category found and the
-- officer it was about at the time.
CREATE TABLE complaint_verdicts (
    complaint_id BIGINT PRIMARY KEY REFERENCES complaints (id) ON DELETE CASCADE,
    verdict      TEXT NOT NULL, -- substantiated | partly | unfounded
    category     TEXT NOT NULL,
    cert_no      TEXT NOT NULL DEFAULT '',
    region_code  TEXT NOT NULL,
    decided_on   TEXT NOT NULL,
    decided_by   TEXT NOT NULL,
    decided_at   BIGINT NOT NULL
);

-- +goose Down
DROP TABLE complaint_verdicts;
DROP TABLE officer_card_rules;
DROP TABLE officer_cards;
