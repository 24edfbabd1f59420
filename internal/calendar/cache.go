package calendar

import (
	"context"
	"database/sql"
	"errors"
	"sync"

	"zfjd/internal/law"
	"zfjd/internal/store"
)

// The process-wide cache. Each lookup reads one settings value, the calendar
// version that Put and Seed bump in the transaction that changes the
// calendar, and reloads when it differs from the cached one. So a change made
// by this process or by any other process sharing the database is seen by the
// next lookup, at the price of one primary-key read.

const versionKey = "calendar_version"

type entry struct {
	version         string
	strict, lenient *law.Calendar
}

// cache maps a *store.DB or a *sql.DB pool to its *entry. Keys are per
// database, so tests with several databases in one process stay apart.
var cache sync.Map

// Current returns the stored calendar. A year without a stored schedule fails
// with law.ErrYearUnknown. The calendar is shared: callers must not change it
// (SetYear).
func Current(ctx context.Context, db *store.DB) (*law.Calendar, error) {
	e, err := current(ctx, db, db.R)
	if err != nil {
		return nil, err
	}
	return e.strict, nil
}

// CurrentLenient is Current made lenient (law.Calendar.Lenient): in a year
// without a stored schedule Saturdays and Sundays are days off and other days
// are working days, so a case in such a year still gets its deadlines
// (行政处罚法 第八十五条, 民法典 第二百零三条). Shared like Current.
func CurrentLenient(ctx context.Context, db *store.DB) (*law.Calendar, error) {
	e, err := current(ctx, db, db.R)
	if err != nil {
		return nil, err
	}
	return e.lenient, nil
}

// RulesCalendar is the lenient calendar for code that holds only a
// store.Querier (the case rules: cases.CalendarSource has this signature).
// On a connection pool (*sql.DB) it is cached like CurrentLenient; inside a
// transaction it is read through the transaction, so it sees what the
// transaction sees, uncached.
//
// A transaction that names its database (Keyed, as the case service's
// writes do) is cached too: the version is read through the transaction,
// so the calendar served is the one the transaction sees, and rebuilt only
// when the version moved (issue 10: rebuilding it on every write was a
// quarter of the ingest's CPU).
func RulesCalendar(ctx context.Context, q store.Querier) (*law.Calendar, error) {
	var key any
	switch x := q.(type) {
	case *sql.DB:
		key = x
	case Keyed:
		key = x.CacheKey()
	}
	if key != nil {
		e, err := current(ctx, key, q)
		if err != nil {
			return nil, err
		}
		return e.lenient, nil
	}
	cal, err := load(ctx, q)
	if err != nil {
		return nil, err
	}
	return cal.Lenient(), nil
}

// Keyed is a querier (a transaction) that names the database it reads, so
// what is cached for that database may serve it: CacheKey returns the
// *store.DB (whose cache entry forget drops).
type Keyed interface {
	store.Querier
	CacheKey() any
}

func current(ctx context.Context, key any, q store.Querier) (*entry, error) {
	// Version first, then data: a change in between makes the cached version
	// stale, never the cached data.
	v, err := version(ctx, q)
	if err != nil {
		return nil, err
	}
	if e, ok := cache.Load(key); ok && e.(*entry).version == v {
		return e.(*entry), nil
	}
	cal, err := load(ctx, q)
	if err != nil {
		return nil, err
	}
	e := &entry{version: v, strict: cal, lenient: cal.Lenient()}
	cache.Store(key, e)
	return e, nil
}

// forget drops db's cached calendars after a change by this process.
func forget(db *store.DB) {
	cache.Delete(db)
	cache.Delete(db.R)
	cache.Delete(db.W)
}

func version(ctx context.Context, q store.Querier) (string, error) {
	var v string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, versionKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "0", nil
	}
	return v, err
}

// bumpVersion increments the calendar version inside a writing transaction.
// On PostgreSQL the row lock it takes serialises calendar writers until commit.
func bumpVersion(ctx context.Context, tx store.Querier) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, '1')
		ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(settings.value AS INTEGER) + 1 AS TEXT)`, versionKey)
	return err
}
