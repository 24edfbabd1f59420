package stats

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"zfjd/internal/cases"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// ytdTable reads case_rollup_ytd without its all-zero rows (kept after a
// case's counts move away; they add nothing).
func ytdTable(t *testing.T, ctx context.Context, db *store.DB) map[string]string {
	t.Helper()
	cols := strings.Join(cases.YTDCols, ", ")
	rows, err := db.R.QueryContext(ctx, `SELECT month, region_code, agency_code, `+cols+` FROM case_rollup_ytd`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k [3]string
		v := make([]int64, len(cases.YTDCols))
		dst := []any{&k[0], &k[1], &k[2]}
		for i := range v {
			dst = append(dst, &v[i])
		}
		if err := rows.Scan(dst...); err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(v, func(x int64) bool { return x != 0 }) {
			out[strings.Join(k[:], "|")] = fmt.Sprint(v)
		}
	}
	return out
}

// The year-to-date rollup kept by each save equals the one rebuilt from a
// scan of every case, and the dashboards by agency and by domain it
// answers equal the fine rollup's, after a series of writes that move a
// case's counts: decisions, a combined penalty, a decision moved into
// another year, an outcome changed, an annulment (撤销), a publication
// withdrawn, a case moved to another agency and region — on both engines.
func TestYTDEqualsScan(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		two := []string{testworld.CertA, testworld.CertB}
		fine := func(n int64) []cases.Penalty { return []cases.Penalty{{Kind: "fine", AmountFen: n}} }
		put := func(id, agency, region string, ev ...cases.Event) {
			t.Helper()
			c := testworld.NewCase()
			c.SourceSystem, c.SourceID, c.AgencyCode, c.RegionCode, c.Events = "sc-market", id, agency, region, ev
			if _, _, err := w.Cases.Put(w.Ctx, testworld.Robot, c); err != nil {
				t.Fatalf("%s: %v", id, err)
			}
		}
		filed := func(day string) cases.Event { return cases.Event{Type: "filed", At: day, Officers: two} }
		decided := func(day, outcome string, ps []cases.Penalty) cases.Event {
			tier := "ordinary"
			if outcome != "penalty" {
				tier = "none"
			}
			return cases.Event{Type: "decided", At: day, Outcome: outcome, Tier: tier, Penalties: ps}
		}
		ag, rg, other := testworld.Agency, testworld.Region, testworld.Other
		// The writes, in order; later ones change earlier cases.
		put("Y-1", ag, rg, filed("2025-11-03"), decided("2025-12-10", "penalty", fine(50000)))
		put("Y-2", ag, rg, filed("2026-02-02"), decided("2026-03-02", "penalty",
			[]cases.Penalty{{Kind: "fine", AmountFen: 100000}, {Kind: "confiscate_income", AmountFen: 500}}))
		put("Y-3", other, "370103", filed("2026-01-05"), decided("2026-01-20", "penalty", fine(7000)),
			cases.Event{Type: "published", At: "2026-01-25"})
		put("Y-4", ag, rg, filed("2026-04-02"))
		put("Y-5", ag, rg, filed("2025-06-02"), decided("2025-07-09", "no_penalty", nil))
		put("Y-1", ag, rg, filed("2025-11-03"), decided("2026-01-12", "penalty", fine(50000)))  // the decision moves into 2026
		put("Y-5", ag, rg, filed("2025-06-02"), decided("2025-07-09", "penalty", fine(20000)))  // the outcome changes
		put("Y-2", ag, rg, filed("2026-02-02"), decided("2026-03-02", "penalty", fine(100000)), //
			cases.Event{Type: "annulled", At: "2026-04-01", Kind: "revoke"}) // 撤销
		put("Y-3", other, "370103", filed("2026-01-05"), decided("2026-01-20", "penalty", fine(7000)), //
			cases.Event{Type: "published", At: "2026-01-25"}, cases.Event{Type: "publication_withdrawn", At: "2026-02-01"}) // 撤回公示
		put("Y-4", other, "370103", filed("2026-04-02"), decided("2026-05-06", "penalty", fine(3000))) // another agency and county

		kept := ytdTable(t, w.Ctx, db)
		if len(kept) == 0 {
			t.Fatal("case_rollup_ytd is empty after the writes")
		}
		if err := cases.RebuildRollup(w.Ctx, db); err != nil {
			t.Fatal(err)
		}
		if rebuilt := ytdTable(t, w.Ctx, db); !maps.Equal(kept, rebuilt) {
			t.Errorf("kept by the saves:\n%v\nrebuilt from the cases:\n%v", kept, rebuilt)
		}
		// Hand-checked: 2026-01 of 历下区's agency holds Y-1's decision
		// (moved from 2025-12), 2025-12 none.
		if got := kept["2026-01|"+rg+"|"+ag]; !strings.HasPrefix(got, "[0 0 1 1 0 0 0 50000 50000") {
			t.Errorf("2026-01 year to date of %s: %s", ag, got)
		}
		if got := kept["2025-12|"+rg+"|"+ag]; !strings.HasPrefix(got, "[2 0 1 1 0 0 0 20000 20000") {
			t.Errorf("2025-12 year to date of %s: %s", ag, got)
		}

		p := testworld.As("city")
		for _, by := range []string{"agency", "domain"} {
			for _, period := range [][2]string{{"", ""}, {"2025-03", "2026-05"}, {"2026-01", "2026-01"}, {"2025-12", "2026-02"}} {
				f := &Filter{GroupBy: by, From: period[0], To: period[1]}
				if err := Check(w.Ctx, p, f); err != nil {
					t.Fatal(err)
				}
				if !YTD(f) {
					t.Fatalf("%s is not answered from case_rollup_ytd", by)
				}
				prev, _ := Previous(f)
				got, err := groups(w.Ctx, db, p, f, prev)
				if err != nil {
					t.Fatal(err)
				}
				f.Matter = testworld.Matter // the fine rollup, the same cases
				want, err := groups(w.Ctx, db, p, f, prev)
				if err != nil {
					t.Fatal(err)
				}
				if len(want) == 0 || !slices.Equal(got, want) {
					t.Errorf("%s %s..%s: ytd %+v\nfine %+v", by, f.From, f.To, got, want)
				}
			}
		}
	})
}

// A period's sum is the year-to-date row of its last month less the one
// before its first, per year.
func TestPieces(t *testing.T) {
	for _, tc := range []struct {
		from, to, want string
	}{
		{"2026-01", "2026-06", "[{2026-06 1}]"},
		{"2026-03", "2026-06", "[{2026-06 1} {2026-02 -1}]"},
		{"2025-07", "2026-06", "[{2025-12 1} {2025-06 -1} {2026-06 1}]"},
		{"2024-05", "2026-02", "[{2024-12 1} {2024-04 -1} {2025-12 1} {2026-02 1}]"},
	} {
		if got := fmt.Sprint(pieces(tc.from, tc.to)); got != tc.want {
			t.Errorf("%s..%s: %s, want %s", tc.from, tc.to, got, tc.want)
		}
	}
}
