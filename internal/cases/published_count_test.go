package cases_test

import (
	"testing"

	"zfjd/internal/cases"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// The portal's "共 N 条" comes from published_counts (migration 00065) for
// the platform, a province, a city and a county: after every way a
// decision comes onto or leaves the display — a publication, a withdrawal,
// a replay that moves the publication day, a new publication, a rebuild —
// the count equals the rows of published_decisions it stands for, on both
// engines; an agency or a township is still counted from the rows.
func TestPublishedCountsFollowTheTable(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		check := func(step string) {
			t.Helper()
			for _, since := range []string{"2023-06-15", "2026-06-11", "2026-06-13"} {
				for _, region := range []string{"", "370000", "370100", "370102", "370103", "370200", "370102001"} {
					f := cases.PublishedFilter{Since: since, Region: region}
					got, more, err := cases.CountPublished(w.Ctx, db.R, f, 10000)
					if err != nil {
						t.Fatal(err)
					}
					prefix := region
					for len(prefix) > 2 && prefix[len(prefix)-2:] == "00" {
						prefix = prefix[:len(prefix)-2]
					}
					var want int
					if err := db.R.QueryRow(`SELECT COUNT(*) FROM published_decisions WHERE published_on >= $1
						AND region_code LIKE $2`, since, prefix+"%").Scan(&want); err != nil {
						t.Fatal(err)
					}
					if got != want || more {
						t.Errorf("%s: since %s in %q: counted %d (more %v), the table holds %d", step, since, region, got, more, want)
					}
				}
			}
			n, more, err := cases.CountPublished(w.Ctx, db.R, cases.PublishedFilter{Since: "2023-06-15", Agency: testworld.Agency}, 1)
			var want int
			db.R.QueryRow(`SELECT COUNT(*) FROM published_decisions WHERE agency_code = $1`, testworld.Agency).Scan(&want)
			if err != nil || n != min(want, 1) || more != (want > 1) {
				t.Errorf("%s: the agency counted up to 1: %d more %v (%v), the table holds %d", step, n, more, err, want)
			}
		}
		put := func(c *cases.Case) {
			t.Helper()
			if _, _, err := w.Cases.Put(w.Ctx, testworld.Robot, c); err != nil {
				t.Fatal(err)
			}
		}
		var list []*cases.Case
		for i, day := range []string{"2026-06-12", "2026-06-12", "2026-06-14"} {
			c := pushed(testworld.Agency, testworld.Region, "N-"+string(rune('1'+i)))
			c.Events[len(c.Events)-1].At = day
			put(c)
			list = append(list, c)
		}
		check("three published")

		withdrawn := list[1]
		withdrawn.Events = append(withdrawn.Events, cases.Event{Type: "annulled", At: "2026-06-13", Kind: "revoke", Note: "复议撤销"},
			cases.Event{Type: "publication_withdrawn", At: "2026-06-14", Note: "复议撤销"})
		put(withdrawn)
		check("one withdrawn")

		moved := list[2]
		moved.Events[len(moved.Events)-1].At = "2026-06-12"
		put(moved)
		check("a replay moved the publication day")

		withdrawn.Events = withdrawn.Events[:len(withdrawn.Events)-2]
		put(withdrawn)
		check("published again")
		put(withdrawn)
		check("the same push replayed")

		if err := cases.ReindexPublished(w.Ctx, db); err != nil {
			t.Fatal(err)
		}
		check("after a rebuild")
		var all int
		db.R.QueryRow(`SELECT COALESCE(SUM(n), 0) FROM published_counts WHERE scope = ''`).Scan(&all)
		if all != 3 {
			t.Errorf("the platform's count is %d, want 3", all)
		}
	})
}
