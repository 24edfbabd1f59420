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

// TestUIReview: a campaign set up, drawn and scored through the pages
// (鲁条例 Art. 14: 定期组织行政执法案卷评查): two reviewers score a file
// differently beyond the threshold, the body reconciles, a veto item makes
// another 不合格, publication shows the agency its score.
func TestUIReview(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		for range 2 {
			w.Case(t, "", nil)
		}
		sup, city, ag := w.Login(t, "supervisor"), w.Login(t, "city"), w.Login(t, "agency_admin")
		webtest.PageOK(t, "list", sup.Get("/reviews"))
		form := url.Values{"name": {"2026年度评查"}, "year": {"2026"}, "agency": {testworld.Agency}, "per_agency": {"2"},
			"threshold": {"10"}, "seed": {""}}
		if p := sup.Post("/reviews", form); p.Status != http.StatusBadRequest || !strings.Contains(webtest.Text(p.Doc.Find(".field-error")), "随机种子") {
			t.Fatalf("no seed: %d %s", p.Status, webtest.Text(p.Doc.Find(".field-error")))
		}
		form.Set("seed", "历下2026")
		p := sup.Post("/reviews", form)
		if p.Status != http.StatusSeeOther {
			t.Fatalf("create: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		camp := p.Location
		if p := ag.Get(camp); p.Status != http.StatusNotFound {
			t.Errorf("the agency before publication: %d", p.Status)
		}
		sup.Post(camp+"/draw", url.Values{})
		page := sup.Get(camp)
		links := page.Doc.Find("#file-table tbody a")
		if links.Length() != 2 {
			t.Fatalf("drawn files: %s", webtest.Text(page.Doc.Find("main")))
		}
		f1, _ := links.Eq(0).Attr("href")
		f2, _ := links.Eq(1).Attr("href")
		for _, f := range []string{f1, f2} {
			sup.Post(f+"/assign", url.Values{"reviewer": {"supervisor", "city"}})
		}
		sup.Post(f1+"/score", url.Values{"d.C2": {"5"}, "note": {"基本规范"}})
		city.Post(f1+"/score", url.Values{"d.C2": {"15"}, "d.C8": {"10"}, "note": {"决定书不规范"}})
		if st := webtest.Text(sup.Get(f1).Doc.Find("#file-status")); st != "待合议" {
			t.Fatalf("after two scores 20 apart: %q", st)
		}
		sup.Post(f1+"/reconcile", url.Values{"d.C2": {"10"}, "note": {"合议扣10分"}})
		if sc := webtest.Text(sup.Get(f1).Doc.Find("#file-score")); sc != "90（优秀）" {
			t.Errorf("reconciled: %q", sc)
		}
		sup.Post(f2+"/score", url.Values{"veto": {"V5"}})
		city.Post(f2+"/score", url.Values{"veto": {"V5"}})
		sup.Post(camp+"/publish", url.Values{})
		ap := ag.Get(camp)
		webtest.PageOK(t, "the agency after publication", ap)
		if avg := webtest.Text(ap.Doc.Find("#results .avg")); avg != "45.0" {
			t.Errorf("the agency's average %q", avg)
		}
		if v := webtest.Text(ap.Doc.Find("#file-table .verdict")); !strings.Contains(v, "不合格") {
			t.Errorf("verdicts %q", v)
		}
		fp := ag.Get(f2)
		if _, ok := fp.Doc.Find(`a[href^="/supervision-cases/"]`).Attr("href"); !ok {
			t.Error("the 不合格 file has no rectification case")
		}
	})
}
