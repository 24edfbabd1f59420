package flow

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/store"
)

// ErrStale reports that a subject changed between the read and the write
// of a save; Retry runs the whole unit again on the fresh row.
var ErrStale = errors.New("flow: subject changed since it was read")

// MaxTries bounds Retry; after it a caller sees a conflict to try again.
const MaxTries = 8

// Swap is the compare-and-swap of a save: it moves the subject's version
// from the one read to the next, and fails with ErrStale when another
// writer got there first. table is a constant of the caller. One SQL text
// for both engines: on PostgreSQL the second writer waits for the first's
// row lock, then finds the version moved; on SQLite writers are serial.
func Swap(ctx context.Context, tx *sql.Tx, table string, id, version int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE `+table+` SET version = version + 1 WHERE id = $1 AND version = $2`, id, version)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrStale
	}
	return nil
}

// Retry runs fn in one transaction, and again from the start when it
// fails with ErrStale, a unique-key race (two first inserts) or a
// serialization failure, so concurrent writers never lose each other's
// work and never see a spurious error.
func Retry(ctx context.Context, db *store.DB, fn func(tx *sql.Tx) error) error {
	var err error
	for range MaxTries {
		err = db.Tx(ctx, fn)
		if !retryable(err) {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return apperr.New(apperr.Conflict, "数据正被他人同时修改，请稍后重试")
}

func retryable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrStale) || store.IsUniqueViolation(err) {
		return true
	}
	s := err.Error()
	return strings.Contains(s, "SQLSTATE 40001") || strings.Contains(s, "SQLSTATE 40P01") || strings.Contains(s, "database is locked")
}
