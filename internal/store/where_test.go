package store_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

func TestWhereNumbersPlaceholdersInOrder(t *testing.T) {
	var w store.Where
	if got := w.SQL(); got != "" {
		t.Fatalf("empty Where renders %q, want \"\"", got)
	}
	w.Add("a = ?", 1)
	w.Add("1 = 1")
	w.Add("b >= ? AND b < ?", "x", "y")
	limit := w.Arg(10)
	w.Add("c = ?", true) // a condition after Arg keeps counting
	offset := w.Arg(20)

	want := " WHERE (a = $1) AND (1 = 1) AND (b >= $2 AND b < $3) AND (c = $5)"
	if got := w.SQL(); got != want {
		t.Errorf("SQL() = %q\nwant      %q", got, want)
	}
	if limit != "$4" || offset != "$6" {
		t.Errorf("Arg placeholders = %s, %s; want $4, $6", limit, offset)
	}
	if wantArgs := []any{1, "x", "y", 10, true, 20}; !reflect.DeepEqual(w.Args, wantArgs) {
		t.Errorf("Args = %#v, want %#v", w.Args, wantArgs)
	}
}

func TestWhereKeepsMultiByteText(t *testing.T) {
	var w store.Where
	w.Add("name = '济南市' AND code = ?", "370100")
	if got, want := w.SQL(), " WHERE (name = '济南市' AND code = $1)"; got != want {
		t.Errorf("SQL() = %q, want %q", got, want)
	}
	if len(w.Args) != 1 || w.Args[0] != "370100" {
		t.Errorf("Args = %v, want [370100]", w.Args)
	}
}

func TestLikeEscapesWildcards(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", "%%"},
		{"济南", "%济南%"},
		{"50%", `%50\%%`},
		{"a_b", `%a\_b%`},
		{`a\b`, `%a\\b%`},
		{`\%_`, `%\\\%\_%`},
	} {
		if got := store.Like(c.in); got != c.want {
			t.Errorf("Like(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// The rendered text and Like patterns must mean the same on both engines.
func TestWhereAndLikeOnBothEngines(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, k := range []string{"a%b", "axb", "a_b", "ayb", `a\b`, "zzz"} {
			if _, err := db.W.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, 'v')`, k); err != nil {
				t.Fatal(err)
			}
		}
		match := func(s string) []string {
			t.Helper()
			var w store.Where
			w.Add(`key LIKE ? ESCAPE '\'`, store.Like(s))
			rows, err := db.R.QueryContext(ctx, `SELECT key FROM settings`+w.SQL()+` ORDER BY key`, w.Args...)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var out []string
			for rows.Next() {
				var k string
				rows.Scan(&k)
				out = append(out, k)
			}
			return out
		}
		for _, c := range []struct {
			q    string
			want []string
		}{
			{"a%b", []string{"a%b"}},
			{"a_b", []string{"a_b"}},
			{`a\b`, []string{`a\b`}},
			{"z", []string{"zzz"}},
		} {
			if got := match(c.q); !reflect.DeepEqual(got, c.want) {
				t.Errorf("LIKE %q matched %q, want %q", c.q, got, c.want)
			}
		}

		// Range predicate plus LIMIT/OFFSET placeholders in one query.
		var w store.Where
		w.Add("code >= ? AND code < ?", "3701", "3702")
		w.Add("level = ?", 3)
		q := `SELECT code FROM regions` + w.SQL() + ` ORDER BY code LIMIT ` + w.Arg(2) + ` OFFSET ` + w.Arg(1)
		rows, err := db.R.QueryContext(ctx, q, w.Args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		var codes []string
		for rows.Next() {
			var c string
			rows.Scan(&c)
			codes = append(codes, c)
		}
		if want := []string{"370103", "370104"}; !reflect.DeepEqual(codes, want) {
			t.Errorf("range query gave %v, want %v", codes, want)
		}
	})
}

func TestIsPostgres(t *testing.T) {
	for dsn, want := range map[string]bool{
		"postgres://u@h/db":   true,
		"postgresql://u@h/db": true,
		"/var/lib/zfjd.db":    false,
		"zfjd.db":             false,
		"file:postgres://x":   false,
	} {
		if got := store.IsPostgres(dsn); got != want {
			t.Errorf("IsPostgres(%q) = %v, want %v", dsn, got, want)
		}
	}
	if _, err := store.Open(context.Background(), ""); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("Open(\"\") error = %v, want an empty-address error", err)
	}
}
