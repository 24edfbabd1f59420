-- Who a session belongs to (issue 16: a person sees and ends their own
-- active sessions). The row names the session by the SHA-256 of its token,
-- as the sessions table does, never by the token itself; a row whose
-- session has ended or expired is not shown and is removed with it.

-- +goose Up
CREATE TABLE account_sessions (
    token_hash  TEXT PRIMARY KEY,
    account_id  BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    user_agent  TEXT NOT NULL DEFAULT '',
    addr        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX account_sessions_account ON account_sessions (account_id, created_at);

-- +goose Down
DROP TABLE account_sessions;
