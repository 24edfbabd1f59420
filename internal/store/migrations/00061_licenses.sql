-- 审批监管处罚衔接 (DOMAIN.md C14; the Qinhuangdao seed): licence
-- decisions (行政许可) reported by the licensing agencies' systems through
-- the exchange's extension PUT /api/v1/licenses/{source_system}/{source_id}
-- (package license):
--   - licenses: one application as its source system knows it, with its
--     steps (申请、受理、准予/不予许可、撤销…) folded into dated columns the
--     年报's 行政许可 table counts, and the supervising agency (监管机关)
--     a grant is notified to;
--   - license_notices: which automatic notice (an assist of package
--     coordination) was sent for a licence — on its grant or revocation to
--     the supervising agency, for a penalty case suspending or revoking a
--     licence to the licensing agency — so each is sent once.

-- +goose Up
CREATE TABLE licenses (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    version         BIGINT NOT NULL DEFAULT 1,
    source_system   TEXT NOT NULL,
    source_id       TEXT NOT NULL,
    agency_code     TEXT NOT NULL,             -- the licensing agency (许可机关)
    supervisor_code TEXT NOT NULL DEFAULT '',  -- the supervising agency ('' = the licensing agency itself)
    region_code     TEXT NOT NULL,
    matter_code     TEXT NOT NULL,
    licence_no      TEXT NOT NULL DEFAULT '',
    party_kind      TEXT NOT NULL,
    party_name      TEXT NOT NULL,
    party_id_number TEXT NOT NULL,
    status          TEXT NOT NULL,             -- applied | accepted | not_accepted | granted | refused | revoked | withdrawn | cancelled
    applied_on      TEXT NOT NULL DEFAULT '',
    accepted_on     TEXT NOT NULL DEFAULT '',
    granted_on      TEXT NOT NULL DEFAULT '',
    refused_on      TEXT NOT NULL DEFAULT '',
    revoked_on      TEXT NOT NULL DEFAULT '',  -- 撤销 (行政许可法 Art. 69) only
    ended_on        TEXT NOT NULL DEFAULT '',  -- 撤回、注销 or 撤销: the licence no longer in force
    body_json       TEXT NOT NULL,
    body_hash       TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    UNIQUE (source_system, source_id)
);
CREATE INDEX licenses_scope ON licenses (region_code, agency_code, id);
CREATE INDEX licenses_supervisor ON licenses (supervisor_code, id);
CREATE INDEX licenses_party ON licenses (party_id_number, status);

CREATE TABLE license_notices (
    license_id BIGINT NOT NULL,
    case_id    BIGINT NOT NULL DEFAULT 0, -- 0: a notice of the licence's own decision
    kind       TEXT NOT NULL,             -- granted | revoked | penalty
    assist_id  BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (license_id, case_id, kind)
);

-- +goose Down
DROP TABLE license_notices;
DROP INDEX licenses_party;
DROP INDEX licenses_supervisor;
DROP INDEX licenses_scope;
DROP TABLE licenses;
