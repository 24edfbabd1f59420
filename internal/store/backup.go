package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// SnapshotSQLite writes a consistent copy of the SQLite database to path
// while it is in use: VACUUM INTO reads inside one read transaction, so the
// copy holds exactly the writes committed before it began, and in WAL mode
// it never blocks the writer. It runs on a connection of the read pool.
func (db *DB) SnapshotSQLite(ctx context.Context, path string) error {
	if db.Dialect != SQLite {
		return errors.New("store: VACUUM INTO is for SQLite")
	}
	conn, err := db.R.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO $1`, path); err != nil {
		return fmt.Errorf("store: copy sqlite to %s: %w", path, err)
	}
	return nil
}

// OpenSnapshot opens a SQLite copy made by SnapshotSQLite to read and
// check it without changing a byte of it (immutable: no lock, no journal).
func OpenSnapshot(path string) (*sql.DB, error) {
	registerCachedSQLite()
	return sql.Open(cachedSQLite, "file:"+path+"?mode=ro&immutable=1")
}

// SchemaVersion is the highest migration applied.
func SchemaVersion(ctx context.Context, q Querier) (int64, error) {
	var v int64
	err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied`).Scan(&v)
	return v, err
}
