package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"strings"
	"sync"

	"modernc.org/sqlite"
)

// The SQLite driver prepares every statement again on each call (parse,
// plan, finalize): ~19 statements per case write, 16 % of the ingest's CPU
// (issue 10). pgx caches prepared statements per connection by default
// (QueryExecModeCacheStatement); this wrapper does the same for SQLite, so
// every package's SQL text is prepared once per connection, with no change
// to the code that runs it.

// cachedSQLite is the driver name sql.Open uses for the wrapped driver.
const cachedSQLite = "zfjd-sqlite"

// stmtCacheSize bounds the statements kept per connection; texts built with
// a variable number of placeholders could otherwise grow it without end.
const stmtCacheSize = 256

var registerOnce sync.Once

func registerCachedSQLite() {
	registerOnce.Do(func() { sql.Register(cachedSQLite, cachingDriver{&sqlite.Driver{}}) })
}

type cachingDriver struct{ d driver.Driver }

func (d cachingDriver) Open(name string) (driver.Conn, error) {
	c, err := d.d.Open(name)
	if err != nil {
		return nil, err
	}
	return &cachingConn{inner: c, stmts: map[string]*cachedStmt{}}, nil
}

// the interfaces of the SQLite connection that database/sql uses.
type sqliteConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// cachingConn is used by one goroutine at a time (database/sql's contract
// for a driver.Conn), so its map needs no lock.
type cachingConn struct {
	inner driver.Conn
	stmts map[string]*cachedStmt
}

type cachedStmt struct {
	s     driver.Stmt
	inUse bool // rows of a query on it are open: a nested call of the same text prepares its own
}

func (c *cachingConn) conn() sqliteConn { return c.inner.(sqliteConn) }

func (c *cachingConn) Prepare(q string) (driver.Stmt, error) { return c.inner.Prepare(q) }
func (c *cachingConn) Begin() (driver.Tx, error) {
	return c.conn().BeginTx(context.Background(), driver.TxOptions{})
}
func (c *cachingConn) BeginTx(ctx context.Context, o driver.TxOptions) (driver.Tx, error) {
	return c.conn().BeginTx(ctx, o)
}
func (c *cachingConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	return c.conn().PrepareContext(ctx, q)
}
func (c *cachingConn) Ping(ctx context.Context) error         { return c.conn().Ping(ctx) }
func (c *cachingConn) ResetSession(ctx context.Context) error { return c.conn().ResetSession(ctx) }
func (c *cachingConn) IsValid() bool                          { return c.conn().IsValid() }
func (c *cachingConn) Close() error                           { c.dropAll(); return c.inner.Close() }
func (c *cachingConn) dropAll()                               { c.closeStmts(); c.stmts = map[string]*cachedStmt{} }
func (c *cachingConn) closeStmts() {
	for _, s := range c.stmts {
		s.s.Close()
	}
}
func cacheable(q string) bool { return !strings.Contains(strings.TrimRight(q, " \t\n;"), ";") }
func (c *cachingConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	s, err := c.stmt(ctx, q)
	if err != nil || s == nil {
		if err != nil {
			return nil, err
		}
		return c.conn().ExecContext(ctx, q, args)
	}
	return s.s.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (c *cachingConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	s, err := c.stmt(ctx, q)
	if err != nil || s == nil {
		if err != nil {
			return nil, err
		}
		return c.conn().QueryContext(ctx, q, args)
	}
	r, err := s.s.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		return nil, err
	}
	s.inUse = true
	return &cachedRows{Rows: r, s: s}, nil
}

// stmt is the cached statement of q, prepared now if needed; nil (and no
// error) when q is not to be cached or its statement is busy.
func (c *cachingConn) stmt(ctx context.Context, q string) (*cachedStmt, error) {
	if s, ok := c.stmts[q]; ok {
		if s.inUse {
			return nil, nil
		}
		return s, nil
	}
	if !cacheable(q) {
		return nil, nil
	}
	st, err := c.conn().PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if len(c.stmts) >= stmtCacheSize {
		c.evictIdle()
	}
	s := &cachedStmt{s: st}
	c.stmts[q] = s
	return s, nil
}

// evictIdle drops every cached statement not in use (a crude but bounded
// policy: the hot statements are prepared again on their next call).
func (c *cachingConn) evictIdle() {
	for q, s := range c.stmts {
		if !s.inUse {
			s.s.Close()
			delete(c.stmts, q)
		}
	}
}

// cachedRows frees its statement for reuse when closed. The inner rows
// reset the statement on Close, so it is ready for the next call.
type cachedRows struct {
	driver.Rows
	s *cachedStmt
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	r.s.inUse = false
	return err
}

// The column metadata database/sql asks of rows (ColumnTypes).
func (r *cachedRows) ColumnTypeDatabaseTypeName(i int) string {
	if x, ok := r.Rows.(driver.RowsColumnTypeDatabaseTypeName); ok {
		return x.ColumnTypeDatabaseTypeName(i)
	}
	return ""
}
