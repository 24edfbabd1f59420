package publicweb_test

import (
	"net/http"
	"testing"

	"zfjd/internal/config"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// With --read-db the portal and the case list page read the replica: a
// server whose replica is an empty database shows no decisions and no
// cases, while the same server's case page (the primary) still shows the
// case, and a server without the option shows both lists filled.
func TestListsReadTheReplica(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := pdSetup(t, db)
		empty := testdb.Open(t, db.Dialect) // migrated, no decisions, no cases
		rep := webtest.StartWith(t, db, webtest.Clock, &config.Options{ReadDB: empty.DSN})

		rows := func(e *webtest.Env, path string) int {
			t.Helper()
			b := e.Browser(t)
			p := b.Get(path)
			if p.Status != http.StatusOK {
				t.Fatalf("%s: %d", path, p.Status)
			}
			return p.Doc.Find("table tbody tr").Length()
		}
		if n := rows(w.Env, "/public/decisions"); n == 0 {
			t.Fatal("primary portal: no decisions")
		}
		if n := rows(rep, "/public/decisions"); n != 0 {
			t.Errorf("portal with an empty replica: %d decisions, want 0", n)
		}
		if p := rep.Browser(t).Get("/public/decisions/" + itoa64(w.person)); p.Status != http.StatusNotFound {
			t.Errorf("decision page with an empty replica: %d, want 404 (read from the replica)", p.Status)
		}

		list := func(e *webtest.Env) int {
			t.Helper()
			b := e.Browser(t)
			b.Login("city", testworld.Password)
			p := b.Get("/cases")
			if p.Status != http.StatusOK {
				t.Fatalf("/cases: %d", p.Status)
			}
			return p.Doc.Find("#case-table tbody tr").Length()
		}
		if n := list(w.Env); n == 0 {
			t.Fatal("primary /cases: no cases")
		}
		if n := list(rep); n != 0 {
			t.Errorf("/cases with an empty replica: %d cases, want 0", n)
		}
		b := rep.Browser(t)
		b.Login("city", testworld.Password) // sessions are written to the primary
		if p := b.Get("/cases/" + itoa64(w.person)); p.Status != http.StatusOK {
			t.Errorf("case page with an empty replica: %d, want 200 (read from the primary)", p.Status)
		}
	})
}
