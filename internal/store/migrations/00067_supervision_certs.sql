-- 行政执法监督证 (山东省行政执法监督条例 Art. 22): the certificates the
-- province issues to supervision staff, registered by the supervision body
-- the holder works for (its region). A measure of a supervision case names
-- its supervisors by these numbers and needs two valid on its date.

-- +goose Up
CREATE TABLE supervision_certs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    cert_no       TEXT NOT NULL UNIQUE,             -- 监督证号 as printed on the certificate
    holder_name   TEXT NOT NULL,
    account_id    BIGINT NOT NULL DEFAULT 0,        -- the holder's supervisor account, 0 = none
    region_code   TEXT NOT NULL,                    -- the supervision body's region
    issuer        TEXT NOT NULL DEFAULT '山东省人民政府',
    valid_from    TEXT NOT NULL,
    valid_to      TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'valid',    -- valid | suspended | cancelled
    status_reason TEXT NOT NULL DEFAULT '',
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX supervision_certs_region ON supervision_certs (region_code, status);

-- +goose Down
DROP TABLE supervision_certs;
