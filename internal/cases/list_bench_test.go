package cases_test

import (
	"context"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/docs"
	"zfjd/internal/testdb"
)

// BenchmarkLists measures what a person or client waits for when paging
// through a list at 100,000 cases (loadSynthetic), on each engine: the
// /cases page of a city supervisor (nearest deadline first), the
// /api/v1/cases list of a province token, the /public/decisions page (its
// list and drop-downs) and a two-character search on it.
//
//	go test -run x -bench Lists -benchtime 200x ./internal/cases
func BenchmarkLists(b *testing.B) {
	const n = 100_000
	for _, e := range testdb.Engines {
		b.Run(string(e), func(b *testing.B) {
			db := testdb.Open(b, e)
			loadSynthetic(b, db, n)
			ctx := clock.With(context.Background(), clock.Pinned("2026-06-15"))
			svc := cases.NewService(db, nil, nil)
			city := &auth.Principal{Role: auth.RoleSupervisor, Region: "370100"}
			province := &auth.Principal{Role: auth.RoleIntegration, Region: "370000"}
			b.Run("cases_city_deadline", func(b *testing.B) {
				for b.Loop() {
					f := &cases.Filter{Sort: "deadline"}
					if list, err := svc.List(ctx, city, f); err != nil || len(list) != 20 {
						b.Fatal(len(list), err)
					}
				}
			})
			// Page 200 of the same list, by page number (OFFSET) and by the
			// cursor a person reaches it with.
			deep := &cases.Filter{Sort: "deadline"}
			for i := 1; i < 200; i++ {
				if _, err := svc.List(ctx, city, deep); err != nil || deep.Next == "" {
					b.Fatal(i, err)
				}
				deep.Cursor = deep.Next
			}
			b.Run("cases_city_page200_offset", func(b *testing.B) {
				for b.Loop() {
					f := &cases.Filter{Sort: "deadline"}
					f.Page.Page = 200
					if list, err := svc.List(ctx, city, f); err != nil || len(list) != 20 {
						b.Fatal(len(list), err)
					}
				}
			})
			b.Run("cases_city_page200_cursor", func(b *testing.B) {
				for b.Loop() {
					f := &cases.Filter{Sort: "deadline", Cursor: deep.Cursor}
					if list, err := svc.List(ctx, city, f); err != nil || len(list) != 20 {
						b.Fatal(len(list), err)
					}
				}
			})
			b.Run("api_cases_province", func(b *testing.B) {
				for b.Loop() {
					f := &cases.Filter{}
					if list, err := svc.List(ctx, province, f); err != nil || len(list) != 20 {
						b.Fatal(len(list), err)
					}
				}
			})
			b.Run("public_decisions", func(b *testing.B) {
				for b.Loop() {
					f := &docs.PublicFilter{}
					if list, err := docs.ListPublic(ctx, db, f); err != nil || len(list) != 20 {
						b.Fatal(len(list), err)
					}
					if _, _, err := docs.PublicChoices(ctx, db); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("public_search_2chars", func(b *testing.B) {
				for b.Loop() {
					f := &docs.PublicFilter{Q: "餐饮"}
					if list, err := docs.ListPublic(ctx, db, f); err != nil || len(list) != 20 {
						b.Fatal(len(list), err)
					}
				}
			})
		})
	}
}
