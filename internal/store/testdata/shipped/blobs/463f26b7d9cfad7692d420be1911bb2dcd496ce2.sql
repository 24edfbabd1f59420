-- Login throttling, forced password change, token expiry, hashed session
-- tokens (issue 9).
--
-- login_throttle replaces the per-account hard lock (failed_logins,
-- locked_until), which anyone could trigger for any account. It is keyed by
-- what an attacker presents — the client address, the username typed
-- (whether or not such an account exists), a browser's device cookie — and
-- lives in the database so that every instance behind a load balancer
-- counts the same attempts.

-- +goose Up
CREATE TABLE login_throttle (
    scope         TEXT NOT NULL,   -- 'addr', 'user' or 'device'
    subject       TEXT NOT NULL,   -- the address (IPv6 by /64), the username or the device id
    failures      INTEGER NOT NULL,
    blocked_until BIGINT NOT NULL, -- unix ms; attempts before it are refused unchecked
    updated_at    BIGINT NOT NULL, -- unix ms of the last failure
    PRIMARY KEY (scope, subject)
);
CREATE INDEX login_throttle_updated ON login_throttle (updated_at);

ALTER TABLE accounts DROP COLUMN failed_logins;
ALTER TABLE accounts DROP COLUMN locked_until;
-- Set by an administrator's reset: the next login must choose a new password.
ALTER TABLE accounts ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
-- When the password last changed (unix ms); a session remembers it, so a
-- change or reset signs out every other session of the account.
ALTER TABLE accounts ADD COLUMN password_changed_at BIGINT NOT NULL DEFAULT 0;

-- Tokens made before expiry existed get the default lifetime (365 days).
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
UPDATE api_tokens SET expires_at = created_at + 31536000000;

-- Session tokens are now stored as their SHA-256; rows keyed by the clear
-- token could never be found again, so everyone signs in anew.
DELETE FROM sessions;

-- +goose Down
ALTER TABLE api_tokens DROP COLUMN expires_at;
ALTER TABLE accounts DROP COLUMN password_changed_at;
ALTER TABLE accounts DROP COLUMN must_change_password;
ALTER TABLE accounts ADD COLUMN locked_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
DROP TABLE login_throttle;
