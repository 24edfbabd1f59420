-- The record log's hash algorithm (internal/ledger/hash.go): 'sha256' is
-- RFC 6962 as spec/supervision-v1.md §6 says; 'sm3' is the same tree over
-- SM3, the 国密 option. It is chosen before the first leaf and never
-- changes; log_leaves.sha256 then holds the content's digest in it.

-- +goose Up
ALTER TABLE log_state ADD COLUMN hash_alg TEXT NOT NULL DEFAULT 'sha256';

-- +goose Down
ALTER TABLE log_state DROP COLUMN hash_alg;
