package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Read replicas (issue 10, "beyond one machine"): the list pages and the
// public portal may read from a copy of the database — a PostgreSQL
// streaming-replication standby, or for SQLite a copy kept by Litestream
// or a file-system snapshot — so that the primary's capacity goes to
// writes. Such reads may lag the primary by the replication delay: a case
// saved a moment ago may appear in the list a moment later. Pages that
// must show what was just written (a case after an act) read the primary.

// replicaConns sizes the replica's pool like the primary's (store.go).
const replicaConns = 20

// OpenReadReplica connects to dsn, a read-only copy of primary, and
// returns a DB whose reads (R) go to the copy and whose writes (W) still
// go to primary, with the function that closes the copy's pool (not the
// primary's). Both must be the same engine. The connection refuses writes
// whatever the server is: a PostgreSQL session runs with
// default_transaction_read_only on, a SQLite file is opened read-only.
func OpenReadReplica(ctx context.Context, primary *DB, dsn string) (*DB, func() error, error) {
	if dsn == "" {
		return nil, nil, fmt.Errorf("store: empty read replica address")
	}
	if IsPostgres(dsn) != (primary.Dialect == Postgres) {
		return nil, nil, fmt.Errorf("store: the read replica must be the same database engine as the primary (%s)", primary.Dialect)
	}
	var r *sql.DB
	if primary.Dialect == Postgres {
		cfg, err := pgx.ParseConfig(dsn)
		if err != nil {
			return nil, nil, fmt.Errorf("store: read replica address: %w", err)
		}
		cfg.RuntimeParams["default_transaction_read_only"] = "on"
		r = stdlib.OpenDB(*cfg)
		r.SetMaxOpenConns(replicaConns)
		r.SetMaxIdleConns(replicaConns)
	} else {
		var err error
		r, err = sql.Open("sqlite", "file:"+dsn+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)&mode=ro")
		if err != nil {
			return nil, nil, err
		}
		r.SetMaxOpenConns(8)
	}
	if err := r.PingContext(ctx); err != nil {
		r.Close()
		return nil, nil, fmt.Errorf("store: connect read replica: %w", err)
	}
	return &DB{W: primary.W, R: r, Dialect: primary.Dialect, DSN: primary.DSN}, r.Close, nil
}
