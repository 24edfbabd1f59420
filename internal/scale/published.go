package scale

import (
	"context"
	"errors"

	"zfjd/internal/cases"
	"zfjd/internal/store"
)

// On PostgreSQL, COPY into published_terms kept its primary key, its case
// index and its foreign key up to date row by row: the server spent ten
// times the loader's CPU on random B-tree inserts (about 170 decisions/s at
// 1,000,000 cases). Into an empty table the loader drops the three and
// builds them again after the rows are in, which sorts once. The schema
// after the load is the migrations' (TestBulkPublishedSameAsReindex).
var (
	termsDrop = []string{
		`ALTER TABLE published_terms DROP CONSTRAINT published_terms_case_id_fkey`,
		`ALTER TABLE published_terms DROP CONSTRAINT published_terms_pkey`,
		`DROP INDEX published_terms_case`,
	}
	termsBuild = []string{
		`SET maintenance_work_mem = '1GB'`,
		`ALTER TABLE published_terms ADD CONSTRAINT published_terms_pkey PRIMARY KEY (term, published_on, decided_on, case_id)`,
		`CREATE INDEX published_terms_case ON published_terms (case_id)`,
		`ALTER TABLE published_terms ADD CONSTRAINT published_terms_case_id_fkey FOREIGN KEY (case_id)
			REFERENCES published_decisions (case_id) ON DELETE CASCADE`,
		`RESET maintenance_work_mem`,
	}
)

// publish writes the portal's published decisions, search terms and
// counts of the cases loaded after id before (cases.BulkPublished).
func publish(ctx context.Context, db *store.DB, before int64) (err error) {
	var loaded bool
	if err := db.R.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM published_terms)`).Scan(&loaded); err != nil {
		return err
	}
	if db.Dialect == store.Postgres && !loaded {
		conn, err := db.W.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		for _, q := range termsDrop {
			if _, err := conn.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		defer func() { // built again even when the load failed half-way
			for _, q := range termsBuild {
				if _, e := conn.ExecContext(ctx, q); e != nil {
					err = errors.Join(err, e)
					return
				}
			}
		}()
	}
	return cases.BulkPublished(ctx, db, before, func(table string, cols []string, rows [][]any) error {
		return inTx(ctx, db, func(s sink) error { return s.rows(ctx, table, cols, rows) })
	})
}
