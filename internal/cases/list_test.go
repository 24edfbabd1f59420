package cases_test

import (
	"context"
	"slices"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// Paging a list by its cursor gives the same rows in the same order as
// page numbers do, and as the list's order read straight from the table,
// for a city (the order index walked) and a county (the scope index) and
// every sort; a tampered cursor is refused with the field named.
func TestListCursorPages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		loadSynthetic(t, db, 2000)
		ctx := clock.With(context.Background(), clock.Pinned("2026-06-15"))
		svc := cases.NewService(db, nil, nil)
		var county string
		if err := db.R.QueryRow(`SELECT region_code FROM cases WHERE region_code >= '3701' AND region_code < '3702'
			GROUP BY region_code ORDER BY COUNT(*) DESC, region_code LIMIT 1`).Scan(&county); err != nil {
			t.Fatal(err)
		}
		for _, x := range []struct {
			name   string
			p      *auth.Principal
			lo, hi string
		}{
			{"city", &auth.Principal{Role: auth.RoleSupervisor, Region: "370100"}, "3701", "3702"},
			{"county", &auth.Principal{Role: auth.RoleSupervisor, Region: county}, county, ident.PrefixEnd(county)},
		} {
			for _, sort := range []string{"", "old", "deadline"} {
				order := "id DESC"
				switch sort {
				case "deadline":
					order = `(CASE WHEN next_check = '' THEN '9999-12-31' ELSE next_check END), id`
				case "old":
					order = "id"
				}
				var want []int64
				rows, err := db.R.Query(`SELECT id FROM cases WHERE region_code >= $1 AND region_code < $2 ORDER BY `+order, x.lo, x.hi)
				if err != nil {
					t.Fatal(err)
				}
				for rows.Next() {
					var id int64
					rows.Scan(&id)
					want = append(want, id)
				}
				rows.Close()
				if len(want) < 12 {
					t.Fatalf("%s: only %d cases", x.name, len(want))
				}
				var byCursor, byPage []int64
				f := &cases.Filter{Sort: sort}
				f.Size = 5
				for i := 0; ; i++ {
					list, err := svc.List(ctx, x.p, f)
					if err != nil {
						t.Fatal(err)
					}
					if f.Total != len(want) || f.More {
						t.Errorf("%s %q: total %d more %v, want %d", x.name, sort, f.Total, f.More, len(want))
					}
					for _, c := range list {
						byCursor = append(byCursor, c.ID)
					}
					if f.Next == "" || i > 1000 {
						break
					}
					f.Cursor = f.Next
				}
				for page := 1; ; page++ {
					f := &cases.Filter{Sort: sort}
					f.Size, f.Page.Page = 5, page
					list, err := svc.List(ctx, x.p, f)
					if err != nil {
						t.Fatal(err)
					}
					for _, c := range list {
						byPage = append(byPage, c.ID)
					}
					if len(list) < 5 {
						break
					}
				}
				if !slices.Equal(byCursor, want) || !slices.Equal(byPage, want) {
					t.Errorf("%s %q: by cursor %v\nby page %v\nwant %v", x.name, sort, byCursor, byPage, want)
				}
			}
		}
		for _, bad := range []string{"x", "bjo", "ZDoyMDI2LTA3LTAxOjA", "bjotMQ"} {
			_, err := svc.List(ctx, &auth.Principal{Role: auth.RoleAdmin}, &cases.Filter{Cursor: bad})
			if e := apperr.As(err); e.Code != apperr.Invalid || e.Fields["cursor"] == "" {
				t.Errorf("cursor %q: %v", bad, err)
			}
		}
	})
}

// A decision is on the portal's table exactly while it is published and
// not withdrawn: the row and its search terms come with the publication,
// go with the withdrawal and come back with a new publication, in the
// transaction that saves the case; rebuilding the table changes nothing.
func TestPublishedDecisionsFollowTheCase(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		count := func(id int64) (rows, terms int) {
			t.Helper()
			db.R.QueryRow(`SELECT COUNT(*) FROM published_decisions WHERE case_id = $1`, id).Scan(&rows)
			db.R.QueryRow(`SELECT COUNT(*) FROM published_terms WHERE case_id = $1`, id).Scan(&terms)
			return
		}
		c := pushed(testworld.Agency, testworld.Region, "P-1")
		c.Facts.Description = "当事人销售过期牛奶。"
		_, out, err := w.Cases.Put(w.Ctx, testworld.Robot, c)
		if err != nil {
			t.Fatal(err)
		}
		rows, terms := count(out.ID)
		if rows != 1 || terms < 10 {
			t.Fatalf("published: %d rows, %d terms", rows, terms)
		}
		var hit int
		db.R.QueryRow(`SELECT COUNT(*) FROM published_terms WHERE term = '牛奶' AND case_id = $1`, out.ID).Scan(&hit)
		if hit != 1 {
			t.Error("the facts' bigram 牛奶 is not a term")
		}
		if err := cases.ReindexPublished(w.Ctx, db); err != nil {
			t.Fatal(err)
		}
		if r, n := count(out.ID); r != rows || n != terms {
			t.Errorf("after a rebuild: %d rows, %d terms; want %d, %d", r, n, rows, terms)
		}
		c.Events = append(c.Events, cases.Event{Type: "annulled", At: "2026-06-13", Kind: "revoke", Note: "复议撤销"},
			cases.Event{Type: "publication_withdrawn", At: "2026-06-14", Note: "复议撤销"})
		if _, _, err := w.Cases.Put(w.Ctx, testworld.Robot, c); err != nil {
			t.Fatal(err)
		}
		if r, n := count(out.ID); r != 0 || n != 0 {
			t.Errorf("withdrawn: %d rows, %d terms", r, n)
		}
		c.Events = c.Events[:len(c.Events)-2] // the source system takes both back
		if _, _, err := w.Cases.Put(w.Ctx, testworld.Robot, c); err != nil {
			t.Fatal(err)
		}
		if r, n := count(out.ID); r != 1 || n != terms {
			t.Errorf("published again: %d rows, %d terms", r, n)
		}
		keys, err := cases.PublishedCandidates(w.Ctx, db.R, cases.PublishedFilter{Since: "2023-06-15", Region: "370100"}, "过期牛奶", nil, 10)
		if err != nil || len(keys) != 1 || keys[0].ID != out.ID {
			t.Errorf("candidates for 过期牛奶 in 370100: %v %v", keys, err)
		}
		keys, _ = cases.PublishedCandidates(w.Ctx, db.R, cases.PublishedFilter{Since: "2023-06-15", Region: "370103"}, "过期牛奶", nil, 10)
		if len(keys) != 0 {
			t.Errorf("candidates for 过期牛奶 in 370103: %v", keys)
		}
	})
}
