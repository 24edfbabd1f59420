package cases_test

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// The list queries as cases.List, cases.PublishedPage and
// cases.PublishedCandidates write them, for a city supervisor (3701), a
// province (37) and the portal.
var listPlans = []struct {
	name, sql string
	sorts     bool // may sort: the rows it sorts are few (a county; the rarer term's hits)
}{
	{"cases: city, nearest deadline", `SELECT id FROM cases WHERE ((region_code || '') >= '3701' AND (region_code || '') < '3702')
		ORDER BY (CASE WHEN next_check = '' THEN '9999-12-31' ELSE next_check END), id LIMIT 21`, false},
	{"cases: city, deadline cursor (rest of its day)", `SELECT id FROM cases /*sqlite INDEXED BY cases_deadline*/ WHERE ((region_code || '') >= '3701' AND (region_code || '') < '3702') AND
		((CASE WHEN next_check = '' THEN '9999-12-31' ELSE next_check END) = '9999-12-31' AND id > 5000)
		ORDER BY id LIMIT 21`, false},
	{"cases: city, deadline cursor (later days)", `SELECT id FROM cases WHERE ((region_code || '') >= '3701' AND (region_code || '') < '3702') AND
		((CASE WHEN next_check = '' THEN '9999-12-31' ELSE next_check END) > '2026-07-01')
		ORDER BY (CASE WHEN next_check = '' THEN '9999-12-31' ELSE next_check END), id LIMIT 21`, false},
	{"cases: province, newest", `SELECT id FROM cases WHERE ((region_code || '') >= '37' AND (region_code || '') < '38') ORDER BY id DESC LIMIT 21`, false},
	{"cases: province, newest cursor", `SELECT id FROM cases WHERE ((region_code || '') >= '37' AND (region_code || '') < '38') AND (id < 50000)
		ORDER BY id DESC LIMIT 21`, false},
	{"cases: county, nearest deadline", `SELECT id FROM cases WHERE (region_code >= '370102' AND region_code < '370103')
		ORDER BY (CASE WHEN next_check = '' THEN '9999-12-31' ELSE next_check END), id LIMIT 21`, true},
	{"cases: count for a province, capped", `SELECT COUNT(*) FROM (SELECT 1 FROM cases WHERE (region_code >= '37' AND region_code < '38')
		ORDER BY region_code, agency_code, id LIMIT 10001) x`, false},
	{"portal: all", `SELECT p.case_id FROM published_decisions p WHERE (p.published_on >= '2023-06-15')
		ORDER BY p.published_on DESC, p.decided_on DESC, p.case_id DESC LIMIT 20 OFFSET 0`, false},
	{"portal: a city", `SELECT p.case_id FROM published_decisions p WHERE (p.published_on >= '2023-06-15') AND (p.city = '3701')
		ORDER BY p.published_on DESC, p.decided_on DESC, p.case_id DESC LIMIT 20 OFFSET 0`, false},
	{"portal: a 2-character term", `SELECT t.published_on, t.decided_on, t.case_id FROM published_terms t
		WHERE (t.term = '餐饮') AND (t.published_on >= '2023-06-15')
		ORDER BY t.published_on DESC, t.decided_on DESC, t.case_id DESC LIMIT 100`, false},
	{"portal: a 4-character term, after a key", `SELECT t.published_on, t.decided_on, t.case_id FROM published_terms t
		WHERE (t.term = '华强') AND (t.published_on >= '2023-06-15') AND (EXISTS (SELECT 1 FROM published_terms t2
		WHERE t2.term = '餐饮' AND t2.published_on = t.published_on AND t2.decided_on = t.decided_on AND t2.case_id = t.case_id))
		AND ((t.published_on, t.decided_on, t.case_id) < ('2026-01-01', '2026-01-01', 90000))
		ORDER BY t.published_on DESC, t.decided_on DESC, t.case_id DESC LIMIT 100`, true},
}

// TestListPlans checks on each engine that every list query walks an index
// in the order it shows (no sort of the matching rows: SQLite's "USE TEMP
// B-TREE FOR ORDER BY", PostgreSQL's Sort node) on a loaded database.
// ZFJD_PLAN_CASES sets the size (default 20,000); -v prints the plans.
func TestListPlans(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a synthetic province")
	}
	n := 20_000
	if v, err := strconv.Atoi(os.Getenv("ZFJD_PLAN_CASES")); err == nil && v > 0 {
		n = v
	}
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		loadSynthetic(t, db, n)
		var decisions, terms int
		db.R.QueryRow(`SELECT (SELECT COUNT(*) FROM published_decisions), (SELECT COUNT(*) FROM published_terms)`).Scan(&decisions, &terms)
		t.Logf("%d cases: %d published decisions, %d search terms", n, decisions, terms)
		if db.Dialect == store.Postgres {
			var size string
			db.R.QueryRow(`SELECT pg_size_pretty(pg_total_relation_size('published_terms'))`).Scan(&size)
			t.Logf("published_terms with its indexes: %s", size)
		}
		for _, p := range listPlans {
			q := p.sql
			if db.Dialect == store.SQLite { // the SQLite-only clauses cases.List adds
				q = strings.NewReplacer("/*sqlite ", "", "*/", "").Replace(q)
			}
			plan := explain(t, db, q)
			t.Logf("%s:\n%s", p.name, plan)
			sorted := strings.Contains(plan, "TEMP B-TREE") || strings.Contains(plan, "Sort  (")
			if strings.Contains(plan, "Seq Scan") || strings.Contains(plan, "SCAN p\n") || strings.Contains(plan, "SCAN t\n") ||
				sorted && !p.sorts {
				t.Errorf("%s: not served by an index in its order:\n%s", p.name, plan)
			}
		}
	})
}

func explain(t *testing.T, db *store.DB, q string) string {
	t.Helper()
	ctx := context.Background()
	prefix := "EXPLAIN QUERY PLAN "
	if db.Dialect == store.Postgres {
		prefix = "EXPLAIN "
	}
	rows, err := db.R.QueryContext(ctx, prefix+q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		// SQLite: id, parent, notused, detail; PostgreSQL: one text column.
		b.WriteString(toString(vals[len(vals)-1]) + "\n")
	}
	return b.String()
}

func toString(v any) string {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case string:
		return x
	}
	return ""
}
