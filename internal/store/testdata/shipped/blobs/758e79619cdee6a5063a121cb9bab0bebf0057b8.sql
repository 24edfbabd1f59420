-- A covering index for counting a jurisdiction's officers by certificate
-- state without visiting the table (list pages show the total).

-- +goose Up
CREATE INDEX officers_scope ON officers (region_code, cert_status, cert_valid_to, cert_valid_from, agency_code);

-- +goose Down
DROP INDEX officers_scope;
