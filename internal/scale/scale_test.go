package scale

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"

	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

func pinned() context.Context { return clock.With(context.Background(), clock.Pinned("2026-06-15")) }

// dbHash fingerprints what the loader stored, in a fixed order, so that
// the same seed gives the same hash on both engines.
func dbHash(t *testing.T, db *store.DB) string {
	t.Helper()
	h := sha256.New()
	for _, q := range []string{
		`SELECT code || '|' || name || '|' || kind || '|' || region_code FROM agencies ORDER BY code`,
		`SELECT cert_no || '|' || name || '|' || cert_valid_to || '|' || cert_status FROM officers ORDER BY cert_no`,
		`SELECT source_id || '|' || status || '|' || events_json || '|' || deadlines_json || '|' || next_check FROM cases ORDER BY source_id`,
		`SELECT c.source_id || '|' || f.rule || '|' || f.fkey || '|' || f.severity || '|' || f.due FROM findings f
			JOIN cases c ON c.id = f.subject_id WHERE f.subject_kind <> 'inspection' ORDER BY c.source_id, f.rule, f.fkey`,
		`SELECT i.source_id || '|' || f.rule || '|' || f.fkey || '|' || f.severity || '|' || f.message FROM findings f
			JOIN inspections i ON i.id = f.subject_id WHERE f.subject_kind = 'inspection' ORDER BY i.source_id, f.rule, f.fkey`,
		`SELECT ref || '|' || sha256 FROM log_leaves ORDER BY idx`,
		`SELECT source_id || '|' || agency_code || '|' || enterprise_id || '|' || visit_day || '|' || officers || '|' || code FROM inspections
			ORDER BY source_id`,
	} {
		rows, err := db.R.QueryContext(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(h, s)
		}
		rows.Close()
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestLoadDeterministicOnBothEngines(t *testing.T) {
	var first, firstSum string
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := pinned()
		sum, err := Load(ctx, db, Options{Scale: "county", Cases: 200, Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Cases != 200 || sum.Agencies < 40 || sum.Officers < 500 {
			t.Fatalf("summary %+v", sum)
		}
		var n, open int
		db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases`).Scan(&n)
		db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM findings WHERE status = 'open' AND subject_kind <> 'inspection'`).Scan(&open)
		if n != 200 || open != sum.Findings || open == 0 {
			t.Fatalf("cases %d, open findings %d, summary %d", n, open, sum.Findings)
		}
		var public, table int
		db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases WHERE outcome = 'penalty' AND decided_on <> '' AND published_on <> '' AND withdrawn_on = ''`).Scan(&public)
		db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM published_decisions`).Scan(&table)
		if public == 0 || table != public {
			t.Errorf("published_decisions holds %d rows for %d public decisions", table, public)
		}
		if sum.Events < 200*5 {
			t.Errorf("only %d events for 200 cases", sum.Events)
		}
		h := dbHash(t, db)
		if first == "" {
			first, firstSum = h, sum.Hash
		} else if h != first || sum.Hash != firstSum {
			t.Errorf("the same seed gave other rows on %s: %s vs %s", db.Dialect, h, first)
		}
		// A different seed gives other cases.
		w, _ := buildWorldFor(ctx, t, db)
		if a, b := genCase(7, 3, w, today()), genCase(8, 3, w, today()); a.SourceID == b.SourceID && fmt.Sprint(a.Events) == fmt.Sprint(b.Events) {
			t.Error("seed does not change the cases")
		}
		// The stored judgement is the engine's: re-judging a case through the service changes nothing.
		svc := cases.NewService(db, nil, cases.BenchmarkRanges)
		rows, err := db.R.QueryContext(ctx, `SELECT id FROM cases ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			changed, err := svc.Refresh(ctx, id)
			if err != nil || changed {
				t.Errorf("refresh of loaded case %d: changed %v, err %v", id, changed, err)
			}
		}
		t.Logf("statuses %v\nrules %v", sum.Statuses, sum.Rules)
		// The record log is consistent: the bulk leaves verify like appended ones.
		if _, err := Load(ctx, db, Options{Scale: "county", Cases: 1}); err == nil {
			t.Error("a second load into a filled database was accepted")
		}
	})
}

func today() (t timeT) { return timeDate(2026, 6, 15) }

func buildWorldFor(ctx context.Context, t *testing.T, db *store.DB) (*World, error) {
	regions, err := loadRegions(ctx, db.R, "370102")
	if err != nil {
		t.Fatal(err)
	}
	return buildWorld(randFor(7), "county", regions, today())
}

// TestProvinceWorld checks the province's registry is the size DOMAIN.md
// gives for Shandong: ~136 counties, ~1,800 townships, ~7,643 enforcement
// subjects, ~216,000 officers.
func TestProvinceWorld(t *testing.T) {
	db := testdb.Open(t, store.SQLite)
	regions, err := loadRegions(context.Background(), db.R, "37")
	if err != nil {
		t.Fatal(err)
	}
	w, err := buildWorld(randFor(2026), "province", regions, today())
	if err != nil {
		t.Fatal(err)
	}
	enf := len(w.enforcers)
	t.Logf("counties %d, townships %d, agencies %d (enforcement %d), officers %d, matters %d", len(w.Counties), len(w.Regions),
		len(w.Agencies), enf, len(w.Officers), len(w.Matters))
	for _, c := range []struct {
		what        string
		got, lo, hi int
	}{{"counties", len(w.Counties), 130, 145}, {"townships", len(w.Regions), 1600, 2000}, {"enforcement subjects", enf, 7000, 8300},
		{"officers", len(w.Officers), 200000, 230000}} {
		if c.got < c.lo || c.got > c.hi {
			t.Errorf("%s: %d, want %d–%d", c.what, c.got, c.lo, c.hi)
		}
	}
}
