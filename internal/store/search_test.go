package store_test

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

func TestSearchTermCaps(t *testing.T) {
	long := strings.Repeat("济", 50000)
	if got := store.SearchTerm(long); utf8.RuneCountInString(got) != store.MaxSearch || got != strings.Repeat("济", store.MaxSearch) {
		t.Errorf("SearchTerm(50000 characters) has %d characters, want %d", utf8.RuneCountInString(got), store.MaxSearch)
	}
	for in, want := range map[string]string{
		"  济南  ":       "济南",
		"a\x00b":       "ab",
		"a\xff\xfeb":   "ab",
		"":             "",
		"370102":       "370102",
		"\x00\x00\x00": "",
	} {
		if got := store.SearchTerm(in); got != want {
			t.Errorf("SearchTerm(%q) = %q, want %q", in, got, want)
		}
	}
	if got := store.Like(long); utf8.RuneCountInString(got) != store.MaxSearch+2 {
		t.Errorf("Like(50000 characters) has %d characters", utf8.RuneCountInString(got))
	}
	// Cutting never splits a character or an escape.
	if got := store.Like(strings.Repeat("%", 200)); got != "%"+strings.Repeat(`\%`, store.MaxSearch)+"%" {
		t.Errorf("Like(200 %%) = %q", got)
	}
}

// A 50,000-character term, NUL and invalid UTF-8 are harmless on both
// engines (SQLite answered "LIKE or GLOB pattern too complex", PostgreSQL
// refuses NUL and invalid UTF-8 in a text parameter).
func TestLikeHostileTermsOnBothEngines(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.W.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('济南市', 'v')`); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{strings.Repeat("济", 50000), strings.Repeat("%_", 30000), "济\x00南", "济\xff南", "济南"} {
			var w store.Where
			w.Add(`(key LIKE ? ESCAPE '\' OR key = ?)`, store.Like(q), store.SearchTerm(q))
			var n int
			if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM settings`+w.SQL(), w.Args...).Scan(&n); err != nil {
				t.Errorf("term of %d bytes: %v", len(q), err)
			}
		}
	})
}
