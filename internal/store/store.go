// Package store opens the database (SQLite embedded or PostgreSQL), runs the
// embedded migrations and hides the few differences between the two engines.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // PostgreSQL driver "pgx"
)

// Dialect names the database engine.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB bundles the pools of one database. SQLite gets one writer connection
// and a separate reader pool (as PocketBase does) so writes never wait on
// SQLITE_BUSY; on PostgreSQL both point at the same pool.
type DB struct {
	W       *sql.DB // writes and transactions
	R       *sql.DB // reads
	Dialect Dialect
	DSN     string
}

const (
	pgMaxConns    = 20
	sqliteReaders = 8
)

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open connects to dsn: a postgres:// URL or a SQLite file path.
func Open(ctx context.Context, dsn string) (*DB, error) {
	if dsn == "" {
		return nil, errors.New("store: empty database address")
	}
	if IsPostgres(dsn) {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, err
		}
		// Sized for the workload (issue 10): 8–32 clients on loopback
		// opened a new connection every ~8 cases when only 2 stayed idle.
		// Keep as many idle as may be open, and let an idle one go after
		// five minutes so a quiet server does not hold them all.
		db.SetMaxOpenConns(pgMaxConns)
		db.SetMaxIdleConns(pgMaxConns)
		db.SetConnMaxIdleTime(5 * time.Minute)
		if err := db.PingContext(ctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("store: connect postgres: %w", err)
		}
		return &DB{W: db, R: db, Dialect: Postgres, DSN: dsn}, nil
	}
	// temp_store(MEMORY): statement journals (a multi-row write inside a
	// transaction keeps one) stay in memory, not a temporary file written
	// with a system call per page — a third of the CPU of a case write.
	// cache_size and journal_size_limit as PocketBase sets them.
	pragmas := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(ON)" +
		"&_pragma=temp_store(MEMORY)&_pragma=cache_size(-16000)&_pragma=journal_size_limit(200000000)"
	registerCachedSQLite()
	w, err := sql.Open(cachedSQLite, "file:"+dsn+"?"+pragmas+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open sqlite %s: %w", dsn, err)
	}
	r, err := sql.Open(cachedSQLite, "file:"+dsn+"?"+pragmas+"&mode=ro")
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(sqliteReaders)
	r.SetMaxIdleConns(sqliteReaders) // each keeps its prepared statements (stmtcache.go)
	return &DB{W: w, R: r, Dialect: SQLite, DSN: dsn}, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	err := db.W.Close()
	if db.R != db.W {
		if e := db.R.Close(); err == nil {
			err = e
		}
	}
	return err
}

// Tx runs fn inside one write transaction: committed when fn returns nil,
// rolled back otherwise, so bad input never leaves half-written data.
func (db *DB) Tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.W.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// UpsertTx is Tx for create-or-replace writes: when two callers create the
// same key at once, both see no row and the later insert hits the unique
// key; running fn once more then finds the row and replaces it, as a
// sequential call would.
func (db *DB) UpsertTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	err := db.Tx(ctx, fn)
	if IsUniqueViolation(err) {
		err = db.Tx(ctx, fn)
	}
	return err
}

// Querier is satisfied by *sql.DB and *sql.Tx.
type Querier interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
}

// IsUniqueViolation reports whether err is a unique-constraint failure on either engine.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}
