package reviewweb_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// TestUIOutsideReviewer: an officer of another agency assigned to one
// file (交叉评查) opens it, reads its case on the review's own page and
// scores it; the case page itself, the other file and its case answer 404.
func TestUIOutsideReviewer(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		for range 2 {
			w.Case(t, "", nil)
		}
		sup, out := w.Login(t, "supervisor"), w.Login(t, "other_officer")
		p := sup.Post("/reviews", url.Values{"name": {"交叉评查"}, "year": {"2026"}, "agency": {testworld.Agency}, "per_agency": {"2"},
			"threshold": {"10"}, "seed": {"cross"}})
		if p.Status != http.StatusSeeOther {
			t.Fatalf("create: %d", p.Status)
		}
		camp := p.Location
		sup.Post(camp+"/draw", url.Values{})
		links := sup.Get(camp).Doc.Find("#file-table tbody a")
		f1, _ := links.Eq(0).Attr("href")
		f2, _ := links.Eq(1).Attr("href")
		sup.Post(f1+"/assign", url.Values{"reviewer": {"supervisor", "other_officer"}})
		sup.Post(f2+"/assign", url.Values{"reviewer": {"supervisor", "city"}})

		page := out.Get(f1)
		webtest.PageOK(t, "the assigned file", page)
		if page.Doc.Find(`#file-facts a[href^="/cases/"]`).Length() != 0 {
			t.Error("the file page links an outside reviewer to the case page")
		}
		cp := out.Get(f1 + "/case")
		webtest.PageOK(t, "the file's case", cp)
		if cp.Doc.Find("#case-events tbody tr").Length() == 0 || !strings.Contains(webtest.Text(cp.Doc.Find("#case-record")), "执法部门") {
			t.Errorf("the case as read: %s", webtest.Text(cp.Doc.Find("main")))
		}
		var caseID string
		db.R.QueryRow(`SELECT case_id FROM review_files WHERE id = $1`, strings.TrimPrefix(f1, "/reviews/files/")).Scan(&caseID)
		for _, path := range []string{"/cases/" + caseID, f2, f2 + "/case"} {
			if p := out.Get(path); p.Status != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", path, p.Status)
			}
		}
		if p := out.Post(f1+"/score", url.Values{"d.C2": {"5"}, "note": {"交叉评查"}}); p.Status != http.StatusSeeOther {
			t.Errorf("score: %d", p.Status)
		}
	})
}
