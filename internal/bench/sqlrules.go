package bench

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"zfjd/internal/law"
	"zfjd/internal/store"
)

// The scheduled-scan design most platforms use: the deadline rules as one
// SQL query each over all cases, written fairly — event dates in an
// indexed table, working days through a workday-ordinal table (ord = the
// number of working days up to a day, so "n working days after d" is the
// working day whose ordinal is ord(d)+n; roll = the first working day on
// or after a day, for 民法典 Art. 203). The tables are the bench's own
// (bench_*), rebuilt on every run; building them is reported apart.
// Simplified against the engine: no extensions (延长办案期限), no
// annulment, transfer or dropping, payment by its first date — the
// generated data has none of those, and the counts are compared.

var sqlRules = []struct{ rule, q string }{
	{"DECISION_OVERDUE", `SELECT COUNT(*) FROM cases c
		JOIN bench_days f ON f.day = c.filed_on
		JOIN bench_days l ON l.dn = f.dn + 90
		WHERE c.filed_on <> '' AND ((c.decided_on = '' AND l.roll < $1) OR c.decided_on > l.roll)`},
	{"DELIVERY_OVERDUE", `SELECT COUNT(*) FROM cases c
		JOIN bench_days d ON d.day = c.decided_on
		JOIN bench_workdays w ON w.ord = d.ord + 7
		LEFT JOIN (SELECT case_id, MIN(on_date) AS on_date FROM bench_events WHERE type = 'delivered' GROUP BY case_id) e ON e.case_id = c.id
		WHERE c.decided_on <> '' AND (
			(e.on_date IS NULL AND (CASE WHEN c.procedure_kind = 'summary' THEN c.decided_on ELSE w.day END) < $1)
			OR e.on_date > (CASE WHEN c.procedure_kind = 'summary' THEN c.decided_on ELSE w.day END))`},
	{"PUBLICITY_OVERDUE", `SELECT COUNT(*) FROM cases c
		JOIN agencies a ON a.code = c.agency_code
		JOIN bench_days d ON d.day = c.decided_on
		JOIN bench_workdays w ON w.ord = d.ord + a.publicity_days
		WHERE c.procedure_kind = 'general' AND c.outcome = 'penalty' AND c.fine_fen > 0
			AND ((c.published_on = '' AND w.day < $1) OR c.published_on > w.day)`},
	{"PAYMENT_OVERDUE", `SELECT COUNT(*) FROM cases c
		JOIN (SELECT case_id, MIN(on_date) AS on_date FROM bench_events WHERE type = 'delivered' GROUP BY case_id) dv ON dv.case_id = c.id
		JOIN bench_days d ON d.day = dv.on_date
		JOIN bench_days l ON l.dn = d.dn + 15
		LEFT JOIN (SELECT case_id, MIN(on_date) AS on_date FROM bench_events WHERE type = 'paid' GROUP BY case_id) pd ON pd.case_id = c.id
		WHERE c.outcome = 'penalty' AND c.fine_fen > 0 AND ((pd.on_date IS NULL AND l.roll < $1) OR pd.on_date > l.roll)`},
}

type sqlPass struct {
	setup time.Duration
	each  map[string]time.Duration
	count map[string]int
	total time.Duration
}

func setupSQL(ctx context.Context, db *store.DB, cal *law.Calendar, today law.Date) error {
	for _, q := range []string{`DROP TABLE IF EXISTS bench_days`, `DROP TABLE IF EXISTS bench_workdays`, `DROP TABLE IF EXISTS bench_events`,
		`CREATE TABLE bench_days (day TEXT PRIMARY KEY, dn INTEGER NOT NULL, ord INTEGER NOT NULL, roll TEXT NOT NULL)`,
		`CREATE INDEX bench_days_dn ON bench_days (dn)`,
		`CREATE TABLE bench_workdays (ord INTEGER PRIMARY KEY, day TEXT NOT NULL)`,
		`CREATE TABLE bench_events (case_id BIGINT NOT NULL, type TEXT NOT NULL, on_date TEXT NOT NULL)`} {
		if _, err := db.W.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	var lo string
	if err := db.R.QueryRowContext(ctx, `SELECT COALESCE(MIN(filed_on), '') FROM cases WHERE filed_on <> ''`).Scan(&lo); err != nil {
		return err
	}
	first := today.AddDays(-800)
	if d, err := law.ParseDate(lo); err == nil && d.Compare(first) < 0 {
		first = d
	}
	first = first.AddDays(-30)
	last := today.AddDays(400)
	type day struct {
		d       law.Date
		ord     int
		workday bool
	}
	var days []day
	ord := 0
	for d := first; d.Compare(last) <= 0; d = d.AddDays(1) {
		w, _ := cal.IsWorkday(d)
		if w {
			ord++
		}
		days = append(days, day{d, ord, w})
	}
	roll := make([]string, len(days))
	next := ""
	for i := len(days) - 1; i >= 0; i-- {
		if days[i].workday {
			next = days[i].d.String()
		}
		roll[i] = next
	}
	return db.Tx(ctx, func(tx *sql.Tx) error {
		for i, d := range days {
			if roll[i] == "" {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO bench_days (day, dn, ord, roll) VALUES ($1, $2, $3, $4)`, d.d.String(), i, d.ord, roll[i]); err != nil {
				return err
			}
			if d.workday {
				if _, err := tx.ExecContext(ctx, `INSERT INTO bench_workdays (ord, day) VALUES ($1, $2)`, d.ord, d.d.String()); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func fillEvents(ctx context.Context, db *store.DB) error {
	q := `INSERT INTO bench_events (case_id, type, on_date)
		SELECT c.id, json_extract(e.value, '$.type'), substr(json_extract(e.value, '$.at'), 1, 10)
		FROM cases c, json_each(c.events_json) e
		WHERE json_extract(e.value, '$.type') IN ('filed', 'decided', 'delivered', 'paid', 'published')`
	if db.Dialect == store.Postgres {
		q = `INSERT INTO bench_events (case_id, type, on_date)
			SELECT c.id, e->>'type', substr(e->>'at', 1, 10)
			FROM cases c, jsonb_array_elements(c.events_json::jsonb) e
			WHERE e->>'type' IN ('filed', 'decided', 'delivered', 'paid', 'published')`
	}
	for _, s := range []string{q, `CREATE INDEX bench_events_type ON bench_events (type, case_id, on_date)`, `ANALYZE`} {
		if _, err := db.W.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", strings.SplitN(s, "\n", 2)[0], err)
		}
	}
	return nil
}

func runSQL(ctx context.Context, db *store.DB, cal *law.Calendar, today law.Date) (*sqlPass, error) {
	p := &sqlPass{each: map[string]time.Duration{}, count: map[string]int{}}
	t := time.Now()
	if err := setupSQL(ctx, db, cal, today); err != nil {
		return nil, err
	}
	if err := fillEvents(ctx, db); err != nil {
		return nil, err
	}
	p.setup = time.Since(t)
	for _, r := range sqlRules {
		t := time.Now()
		var n int
		if err := db.R.QueryRowContext(ctx, r.q, today.String()).Scan(&n); err != nil {
			return nil, fmt.Errorf("%s: %w", r.rule, err)
		}
		p.each[r.rule] = time.Since(t)
		p.count[r.rule] = n
		p.total += p.each[r.rule]
	}
	return p, nil
}
