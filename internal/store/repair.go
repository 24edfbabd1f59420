package store

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

// repairs are the Go migrations that bring a database built by an earlier
// release to the schema a new database gets, where a migration that had
// shipped was later edited in place (TestUpgradeFromEveryRelease finds
// them). Each step checks before it changes, so on a database that has
// the schema already it does nothing.
func (db *DB) repairs() []*goose.Migration {
	return []*goose.Migration{goose.NewGoMigration(33, &goose.GoFunc{RunTx: db.repair33}, nil)}
}

// repair33 (reserved number 00033):
//   - 00008 gained audit_log.actor_account and actor_cert after 9b6d48b
//     shipped it, so a database of that release lacks them and every
//     audited write fails;
//   - 00014 replaced its two findings indexes by three covering ones after
//     4e6d4eb shipped it, so databases of 4e6d4eb to 0232f6f count the
//     warning inboxes without them;
//   - and, new with it, the index the upward push's daily reconciliation
//     reads (upward_deliveries by the time a change was queued).
func (db *DB) repair33(ctx context.Context, tx *sql.Tx) error {
	for _, col := range []string{"actor_account", "actor_cert"} {
		has, err := db.hasColumn(ctx, tx, "audit_log", col)
		if err != nil {
			return err
		}
		if !has {
			if _, err := tx.ExecContext(ctx, `ALTER TABLE audit_log ADD COLUMN `+col+` TEXT NOT NULL DEFAULT ''`); err != nil {
				return err
			}
		}
	}
	for _, s := range []string{
		`DROP INDEX IF EXISTS findings_agency_stage`,
		`DROP INDEX IF EXISTS findings_stage_scope`,
		`CREATE INDEX IF NOT EXISTS findings_handling_scope ON findings (stage, region_code, agency_code, last_action, escalated)`,
		`CREATE INDEX IF NOT EXISTS findings_handling_agency ON findings (agency_code, stage, region_code, last_action, escalated)`,
		`CREATE INDEX IF NOT EXISTS findings_sign_by ON findings (stage, sign_by)`,
		`CREATE INDEX IF NOT EXISTS upward_deliveries_queued ON upward_deliveries (queued_at)`,
	} {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) hasColumn(ctx context.Context, q Querier, table, col string) (bool, error) {
	query := `SELECT COUNT(*) FROM pragma_table_info($1) WHERE name = $2`
	if db.Dialect == Postgres {
		query = `SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2`
	}
	var n int
	err := q.QueryRowContext(ctx, query, table, col).Scan(&n)
	return n > 0, err
}
