package adminweb_test

// A person sees and ends their own sessions (issue 16). Both engines.

import (
	"net/http"
	"net/url"
	"testing"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

func TestUIOwnSessions(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		phone, desk := w.Login(t, "supervisor"), w.Login(t, "supervisor")
		other := w.Login(t, "officer")
		p := desk.Get("/account/sessions")
		if n := p.Doc.Find("#session-table tbody tr").Length(); n != 2 || p.Doc.Find("#session-table .tag").Length() != 1 {
			t.Fatalf("own sessions: %d rows, %d current", n, p.Doc.Find("#session-table .tag").Length())
		}
		hash := p.Doc.Find(`#session-table input[name=session]`).AttrOr("value", "")
		// Another account cannot end it.
		if p := other.Post("/account/sessions/end", url.Values{"session": {hash}}); p.Status != http.StatusNotFound {
			t.Errorf("another account ends it: %d", p.Status)
		}
		if p := phone.Get("/cases"); p.Status != http.StatusOK {
			t.Fatalf("phone before: %d", p.Status)
		}
		if p := desk.Post("/account/sessions/end", url.Values{"session": {hash}}); p.Status != http.StatusSeeOther {
			t.Fatalf("end: %d", p.Status)
		}
		if p := phone.Get("/cases"); p.Status != http.StatusSeeOther {
			t.Errorf("the ended session still opens pages: %d", p.Status)
		}
		if p := desk.Get("/account/sessions"); p.Status != http.StatusOK || p.Doc.Find("#session-table tbody tr").Length() != 1 {
			t.Errorf("after ending: %d rows", p.Doc.Find("#session-table tbody tr").Length())
		}
	})
}
