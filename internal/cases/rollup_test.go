package cases_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"zfjd/internal/cases"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// HeaviestPenalty is the 年报's counting rule: one decision, one 宗,
// under its heaviest penalty by exchange-v1's order (处罚法 Art. 9, lightest
// first); 其他 only when it stands alone.
func TestHeaviestPenalty(t *testing.T) {
	for _, tc := range []struct {
		kinds []string
		want  string
		why   string
	}{
		{[]string{"warning", "fine"}, "fine", "处罚法 Art. 9: 罚款 is heavier than 警告"},
		{[]string{"fine", "confiscate_income"}, "confiscate_income", "Art. 9(二)(三): 没收 after 罚款"},
		{[]string{"revoke_license", "fine", "close"}, "revoke_license", "Art. 9(四): 吊销 after 责令关闭 in exchange-v1's order"},
		{[]string{"other", "warning"}, "warning", "其他 counts only alone (supervision-v1 §7)"},
		{[]string{"other"}, "other", "其他 alone"},
		{[]string{"detention", "fine"}, "detention", "Art. 9(六) 行政拘留 is the heaviest"},
		{nil, "", "no penalty"},
	} {
		var ps []cases.Penalty
		for _, k := range tc.kinds {
			ps = append(ps, cases.Penalty{Kind: k, AmountFen: 100})
		}
		if got := cases.HeaviestPenalty(ps); got != tc.want {
			t.Errorf("%v: %q, want %q (%s)", tc.kinds, got, tc.want, tc.why)
		}
	}
	ps := []cases.Penalty{{Kind: "warning"}, {Kind: "fine", AmountFen: 300}, {Kind: "confiscate_income", AmountFen: 50}, {Kind: "other", AmountFen: 7}}
	if got := cases.ConfiscationAmount(ps); got != 350 {
		t.Errorf("罚没金额 %d, want 350 (fines and confiscations only)", got)
	}
}

// rollupRows is case_rollup as sorted text, for comparing.
func rollupRows(t *testing.T, db *store.DB) []string {
	t.Helper()
	return tableRows(t, db, `SELECT region_code, month, kind, agency_code, matter_code, procedure_kind, outcome, penalty, annulled,
		n, closed, amount_fen, fine_fen, days, timed, published FROM case_rollup`)
}

// wideRows is case_rollup_wide as sorted text.
func wideRows(t *testing.T, db *store.DB) []string {
	t.Helper()
	return tableRows(t, db, `SELECT region_code, month, agency_code, `+strings.Join(cases.WideCols, ", ")+` FROM case_rollup_wide`)
}

// coarseRows are case_rollup_area and case_rollup_year (migration 00057)
// as sorted text, rows emptied by a write (kept as zeros) left out.
func coarseRows(t *testing.T, db *store.DB) []string {
	t.Helper()
	live := ` WHERE filed <> 0 OR decided <> 0 OR coerce_measures <> 0 OR coerce_enforce <> 0`
	cols := strings.Join(cases.WideCols, ", ")
	return append(tableRows(t, db, `SELECT 'area', level, area, month, `+cols+` FROM case_rollup_area`+live),
		tableRows(t, db, `SELECT 'year', region_code, year, agency_code, `+cols+` FROM case_rollup_year`+live)...)
}

func tableRows(t *testing.T, db *store.DB, q string) []string {
	t.Helper()
	rows, err := db.W.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		v := make([]any, len(cols))
		for i := range v {
			v[i] = new(string)
		}
		if err := rows.Scan(v...); err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(cols))
		for i := range v {
			parts[i] = *v[i].(*string)
		}
		out = append(out, strings.Join(parts, "|"))
	}
	slices.Sort(out)
	return out
}

// The rollup kept by every write equals the one rebuilt from the cases,
// after pushes, a correction that changes the penalties, an annulment, a
// UI act, a re-judge and a no-op replay — on both engines.
func TestRollupFollowsTheCases(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		put := func(c *cases.Case) *cases.Case {
			t.Helper()
			_, out, err := w.Cases.Put(w.Ctx, testworld.Robot, c)
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		check := func(step string) []string {
			t.Helper()
			kept := rollupRows(t, db)
			keptWide := wideRows(t, db)
			keptCoarse := coarseRows(t, db)
			if len(keptCoarse) == 0 {
				t.Fatalf("%s: no coarse rollup rows", step)
			}
			if err := cases.RebuildRollup(w.Ctx, db); err != nil {
				t.Fatal(err)
			}
			if rebuilt := rollupRows(t, db); !slices.Equal(kept, rebuilt) {
				t.Fatalf("%s: kept rollup\n%s\nrebuilt\n%s", step, strings.Join(kept, "\n"), strings.Join(rebuilt, "\n"))
			}
			if rebuilt := wideRows(t, db); !slices.Equal(keptWide, rebuilt) {
				t.Fatalf("%s: kept wide rollup\n%s\nrebuilt\n%s", step, strings.Join(keptWide, "\n"), strings.Join(rebuilt, "\n"))
			}
			if rebuilt := coarseRows(t, db); !slices.Equal(keptCoarse, rebuilt) {
				t.Fatalf("%s: kept coarse rollups\n%s\nrebuilt\n%s", step, strings.Join(keptCoarse, "\n"), strings.Join(rebuilt, "\n"))
			}
			return kept
		}
		a := pushed(testworld.Agency, testworld.Region, "R-1") // fine 99,000 元
		b := pushed(testworld.Agency, testworld.Region, "R-2")
		b.Events[2].Penalties = []cases.Penalty{{Kind: "warning"}, {Kind: "fine", AmountFen: 20000}, {Kind: "confiscate_income", AmountFen: 5000}}
		put(a)
		put(b)
		got := check("two pushes")
		want := []string{
			"370102|2026-05|filed|" + testworld.Agency + "|" + testworld.Matter + "|general|||0|2|0|0|0|0|0|0",
			"370102|2026-06|decided|" + testworld.Agency + "|" + testworld.Matter + "|general|penalty|confiscate_income|0|1|0|25000|20000|16|1|1",
			"370102|2026-06|decided|" + testworld.Agency + "|" + testworld.Matter + "|general|penalty|fine|0|1|0|9900000|9900000|16|1|1",
		}
		if !slices.Equal(got, want) {
			t.Fatalf("rollup\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}

		b.Events[2].Penalties = []cases.Penalty{{Kind: "fine", AmountFen: 30000}} // the source corrects the decision
		// and adds a 扣押 (行政强制法 Art. 9) recorded in April
		b.Events = append(b.Events, cases.Event{Type: "seized", At: "2026-04-20", Officers: ab})
		put(b)
		check("a correction")
		var seized int
		db.R.QueryRow(`SELECT COALESCE(SUM(coerce_measures), 0) FROM case_rollup_year WHERE year = 2026`).Scan(&seized)
		if seized != 1 {
			t.Errorf("查封扣押 in the year rollup: %d, want 1", seized)
		}
		a.Events = append(a.Events, cases.Event{Type: "annulled", At: "2026-06-13", Kind: "revoke", Note: "复议撤销"})
		put(a)
		got = check("an annulment")
		if !slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "|penalty|fine|1|1|") }) {
			t.Errorf("the annulled decision is not counted as annulled:\n%s", strings.Join(got, "\n"))
		}
		put(a) // replay: nothing changes
		check("a replay")

		c := w.Register(t, "2026-05-25")
		if _, err := w.Cases.Append(w.Ctx, testworld.As("head"), c.ID, cases.Event{Type: "filed", At: "2026-05-26", Officers: ab}); err != nil {
			t.Fatal(err)
		}
		check("a UI case filed")
		if _, err := w.Cases.Refresh(w.Ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		got = check("a re-judge")
		var filed int
		for _, s := range got {
			if strings.Contains(s, "|filed|") {
				fmt.Sscanf(strings.Split(s, "|")[9], "%d", &filed)
			}
		}
		if filed != 3 {
			t.Errorf("filed in May: %d, want 3\n%s", filed, strings.Join(got, "\n"))
		}
	})
}

// EnsureRollup fills the rollups of cases written before they existed
// once, and leaves them to the writes afterwards.
func TestEnsureRollup(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		if _, _, err := w.Cases.Put(w.Ctx, testworld.Robot, pushed(testworld.Agency, testworld.Region, "E-1")); err != nil {
			t.Fatal(err)
		}
		kept := rollupRows(t, db)
		for _, q := range []string{`DELETE FROM case_rollup`, `DELETE FROM case_rollup_wide`, `DELETE FROM case_rollup_contrib`} {
			if _, err := db.W.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		if err := cases.EnsureRollup(w.Ctx, db); err != nil {
			t.Fatal(err)
		}
		if got := rollupRows(t, db); !slices.Equal(got, kept) || len(got) == 0 {
			t.Fatalf("after EnsureRollup %v, want %v", got, kept)
		}
		if _, err := db.W.Exec(`DELETE FROM case_rollup`); err != nil {
			t.Fatal(err)
		}
		if err := cases.EnsureRollup(w.Ctx, db); err != nil {
			t.Fatal(err)
		}
		if got := rollupRows(t, db); len(got) != 0 {
			t.Errorf("a second EnsureRollup rebuilt the rollup: %v", got)
		}
	})
}
