-- Running it for real (issue 20): leases that make several instances on one
-- database run each background job once, and the upward push of record
-- changes to the province and national systems.
--
-- The push reads the record log (log_leaves) as its outbox: every accepted
-- write appends its leaf in the write's own transaction, and the leaf index
-- is handed out under log_state's row lock, so indexes commit in order and a
-- cursor over them never skips a write still in flight.

-- +goose Up
-- One row per background job: who ran it last, until when the current run
-- holds it (a crashed holder's claim lapses then), and when it is due next.
CREATE TABLE job_leases (
    name      TEXT PRIMARY KEY,
    holder    TEXT NOT NULL,
    held_until BIGINT NOT NULL, -- unix ms; 0 when no run is in progress
    next_at   BIGINT NOT NULL,  -- unix ms
    runs      BIGINT NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT ''
);

-- A receiving system: an HTTP endpoint that takes one JSON record per POST.
-- mapping names the fields it is sent (upward.Mappings); cursor is the next
-- log leaf to consider.
CREATE TABLE upward_targets (
    name       TEXT PRIMARY KEY,
    url        TEXT NOT NULL,
    mapping    TEXT NOT NULL,
    token      TEXT NOT NULL DEFAULT '',
    enabled    INTEGER NOT NULL DEFAULT 1,
    cursor     BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

-- One row per record change a target is to receive. status: pending (not
-- yet accepted; attempts and next_at drive the backoff), acked (receipt is
-- the receiver's answer) or rejected (reason is why; not retried).
CREATE TABLE upward_deliveries (
    target     TEXT NOT NULL REFERENCES upward_targets (name) ON DELETE CASCADE,
    leaf_idx   BIGINT NOT NULL,
    kind       TEXT NOT NULL,
    ref        TEXT NOT NULL,
    status     TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    next_at    BIGINT NOT NULL,
    receipt    TEXT NOT NULL DEFAULT '',
    reason     TEXT NOT NULL DEFAULT '',
    queued_at  BIGINT NOT NULL,
    done_at    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (target, leaf_idx)
);
CREATE INDEX upward_deliveries_pending ON upward_deliveries (target, status, leaf_idx);
CREATE INDEX upward_deliveries_done ON upward_deliveries (target, done_at);

-- +goose Down
DROP TABLE upward_deliveries;
DROP TABLE upward_targets;
DROP TABLE job_leases;
