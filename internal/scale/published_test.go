package scale

import (
	"fmt"
	"slices"
	"testing"

	"zfjd/internal/cases"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// TestBulkPublishedSameAsReindex: the loader's bulk published_decisions,
// search terms and counts (cases.BulkPublished) are exactly what the case
// service's own reindex writes, a statement per case, on both engines.
func TestBulkPublishedSameAsReindex(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := pinned()
		if _, err := Load(ctx, db, Options{Scale: "county", Cases: 300, Seed: 11}); err != nil {
			t.Fatal(err)
		}
		tables := []struct{ name, cols string }{
			{"published_decisions", "case_id, published_on, decided_on, region_code, province, city, county, agency_code, party_kind, terms_hash"},
			{"published_terms", "term, published_on, decided_on, case_id"},
			{"published_counts", "scope, code, published_on, n"},
		}
		dump := func() map[string][]string {
			t.Helper()
			out := map[string][]string{}
			for _, tb := range tables {
				rows, err := db.R.QueryContext(ctx, `SELECT `+tb.cols+` FROM `+tb.name)
				if err != nil {
					t.Fatal(err)
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
					out[tb.name] = append(out[tb.name], fmt.Sprint(vals...))
				}
				rows.Close()
				slices.Sort(out[tb.name])
			}
			return out
		}
		bulk := dump()
		if db.Dialect == store.Postgres { // the loader dropped and built again the terms' keys
			var keys, idx int
			db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_constraint WHERE conname IN ('published_terms_pkey', 'published_terms_case_id_fkey')`).Scan(&keys)
			db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'published_terms_case'`).Scan(&idx)
			if keys != 2 || idx != 1 {
				t.Fatalf("after the load published_terms has %d of its 2 constraints and %d of its index", keys, idx)
			}
		}
		if len(bulk["published_decisions"]) < 50 || len(bulk["published_terms"]) < 1000 || len(bulk["published_counts"]) == 0 {
			t.Fatalf("the load published too little: %d decisions, %d terms, %d counts", len(bulk["published_decisions"]),
				len(bulk["published_terms"]), len(bulk["published_counts"]))
		}
		for _, tb := range []string{"published_terms", "published_decisions", "published_counts"} {
			if _, err := db.W.ExecContext(ctx, `DELETE FROM `+tb); err != nil {
				t.Fatal(err)
			}
		}
		if err := cases.ReindexPublished(ctx, db); err != nil {
			t.Fatal(err)
		}
		// The per-case path leaves a count row at 0 nowhere (it only adds).
		again := dump()
		for _, tb := range tables {
			if !slices.Equal(bulk[tb.name], again[tb.name]) {
				t.Errorf("%s: bulk %d rows, reindex %d rows; first bulk %q", tb.name, len(bulk[tb.name]), len(again[tb.name]), first(bulk[tb.name]))
			}
		}
	})
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}
