package cases_test

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"zfjd/internal/calendar"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/scale"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// The daily due pass judged page by page from what it read for the page
// (cases.DailyPass), and Refresh judged on the read pool, store exactly
// what re-judging every due case alone inside one transaction does (the
// per-case path, RefreshTx): the same cases (every column but version
// and updated_at), findings, handling history, roll-up and fine
// statistics, row for row, on a generated county (its fine statistics
// rebuilt, as cases written one by one keep them) over three passes — the
// next day, six weeks and four months on, when most clocks have run out.
func TestDuePassSameAsPerCase(t *testing.T) {
	for _, e := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(e), func(t *testing.T) {
			load := func() (*store.DB, *cases.Service) {
				db := testdb.Open(t, e)
				ctx := clock.With(context.Background(), clock.Pinned("2026-06-15"))
				if _, err := scale.Load(ctx, db, scale.Options{Scale: "county", Cases: 1200, Seed: 7}); err != nil {
					t.Fatal(err)
				}
				// The bulk load leaves the fine statistics to a rebuild; cases
				// written one by one keep them (loadDisparity), and so would
				// the per-case path here, as a side effect of its transaction.
				if err := db.Tx(ctx, func(tx *sql.Tx) error { _, err := cases.RebuildFineStats(ctx, tx); return err }); err != nil {
					t.Fatal(err)
				}
				return db, cases.NewService(db, calendar.RulesCalendar, cases.BenchmarkRanges)
			}
			oldDB, oldSvc := load()
			batchDB, batchSvc := load()
			oneDB, oneSvc := load()
			// The next day few cases are due (an overdue clock no longer is:
			// its days are counted when read); six weeks and four months on many.
			judged := 0
			for i, day := range []string{"2026-06-16", "2026-07-27", "2026-10-15"} {
				ctx := clock.With(context.Background(), clock.Pinned(day))
				due := dueIDs(t, oldDB, day)
				t.Logf("%s: %d cases due", day, len(due))
				if len(due) < 20 && i > 0 {
					t.Fatalf("%s: only %d cases due; the comparison would say little", day, len(due))
				}
				judged += len(due)
				for _, id := range due {
					if _, err := oldSvc.RefreshTx(ctx, id); err != nil {
						t.Fatal(err)
					}
				}
				n, err := batchSvc.DailyPass(ctx)
				if err != nil || n != len(due) {
					t.Fatalf("%s: the pass judged %d (%v), want %d", day, n, err, len(due))
				}
				for _, id := range due {
					if _, err := oneSvc.Refresh(ctx, id); err != nil {
						t.Fatal(err)
					}
				}
				want := snapshot(t, oldDB)
				for name, db := range map[string]*store.DB{"DailyPass": batchDB, "Refresh": oneDB} {
					got := snapshot(t, db)
					for _, table := range slices.Sorted(maps.Keys(want)) {
						if d := firstDiff(want[table], got[table]); d != "" {
							t.Errorf("%s, %s: %s differs from the per-case path: %s", day, name, table, d)
						}
					}
				}
			}
			if judged < 100 {
				t.Errorf("%d cases due in all; the comparison would say little", judged)
			}
			if c := count(t, oldDB, `SELECT COUNT(*) FROM finding_history`); c == 0 {
				t.Error("no finding history: the comparison saw no findings move")
			}
		})
	}
}

func dueIDs(t *testing.T, db *store.DB, day string) []int64 {
	rows, err := db.R.Query(`SELECT id FROM cases WHERE next_check <> '' AND next_check <= $1 ORDER BY id`, day)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}

func count(t *testing.T, db *store.DB, q string) int {
	var n int
	if err := db.R.QueryRow(q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// snapshot reads, per table, every row as text in a stable order.
func snapshot(t *testing.T, db *store.DB) map[string][]string {
	qs := map[string]string{
		"cases": `SELECT id, source_system, source_id, case_no, title, agency_code, region_code, matter_code, procedure_kind, party_kind,
			party_name, party_id_number, party_json, facts_json, events_json, body_hash, status, filed_on, decided_on, outcome, tier,
			fine_fen, published_on, withdrawn_on, deadlines_json, next_check, created_at FROM cases ORDER BY id`,
		"findings": `SELECT id, subject_kind, subject_id, rule, fkey, severity, message, basis, due, status, region_code, agency_code,
			first_seen, resolved_at, stage, issued_at, escalated, sign_by, last_action FROM findings ORDER BY id`,
		"finding_history": `SELECT f.subject_id, f.rule, f.fkey, h.action, h.at, h.actor, h.actor_name, h.note, h.region_code
			FROM finding_history h JOIN findings f ON f.id = h.finding_id ORDER BY f.subject_id, f.rule, f.fkey, h.id`,
		"case_rollup_contrib": `SELECT * FROM case_rollup_contrib ORDER BY case_id`,
		"fine_contrib":        `SELECT * FROM fine_contrib ORDER BY source_system, source_id`,
		"fine_stats":          `SELECT * FROM fine_stats ORDER BY matter_code, tier, year, province, fine_fen`,
		"published_decisions": `SELECT COUNT(*) FROM published_decisions`,
		"log_leaves":          `SELECT COUNT(*) FROM log_leaves`,
	}
	out := map[string][]string{}
	for name, q := range qs {
		rows, err := db.R.Query(q)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for i, v := range vals {
				if x, ok := v.([]byte); ok {
					v = string(x)
				}
				fmt.Fprintf(&b, "%s=%v ", cols[i], v)
			}
			out[name] = append(out[name], b.String())
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func firstDiff(want, got []string) string {
	for i := range min(len(want), len(got)) {
		if want[i] != got[i] {
			return fmt.Sprintf("row %d:\n  want %s\n  got  %s", i, want[i], got[i])
		}
	}
	if len(want) != len(got) {
		return fmt.Sprintf("%d rows, want %d", len(got), len(want))
	}
	return ""
}
