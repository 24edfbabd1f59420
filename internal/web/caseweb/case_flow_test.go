package caseweb_test

// The case page asks the case workflow (cases/workflow.go): it offers each
// signed-in person exactly the acts the workflow allows his role now, a
// POST of an act out of the legal order is refused with the Chinese reason
// on the page and writes nothing, and the "下一步" section lists what may
// happen next and who does it. Stages are reached along the lawful path
// through the service (webtest.World.Case). Both engines.

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"zfjd/internal/cases"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// fwStages are the stages of the lawful path the tests stop at: the case
// as it is before the act named ("" = archived).
var fwStages = []string{"filed", "investigation", "investigation_concluded", "legal_review", "decided", "delivered", "closed", "archived", ""}

func TestUICaseOffersOnlyWhatTheWorkflowAllows(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		browsers := map[string]*webtest.Browser{}
		users := []string{"officer", "officer2", "reviewer", "head", "agency_admin", "supervisor"}
		for _, u := range users {
			browsers[u] = w.Login(t, u)
		}
		for _, stage := range fwStages {
			c := w.Case(t, stage, nil)
			for _, u := range users {
				p := browsers[u].Get(webtest.CasePath(c.ID))
				webtest.PageOK(t, u+" "+stage, p)
				got, want := webtest.Acts(p), webtest.Offered(c, testworld.As(u))
				if !slices.Equal(got, want) {
					t.Errorf("before %q, %s is offered %v; the workflow allows %v", stage, u, got, want)
				}
				// Every form is dated today on the server's clock by default.
				p.Doc.Find("#acts details.act input[name=at]").Each(func(_ int, s *goquery.Selection) {
					if v := s.AttrOr("value", ""); v != testworld.Today {
						t.Errorf("before %q, %s: an act form dated %q by default, want %s", stage, u, v, testworld.Today)
					}
				})
			}
		}

		// The examples the law makes plain.
		acts := func(stage, u string) []string {
			c := w.Case(t, stage, nil)
			return webtest.Acts(browsers[u].Get(webtest.CasePath(c.ID)))
		}
		if a := acts("filed", "head"); !slices.Contains(a, "filed") {
			t.Errorf("after registration the head is not offered 立案: %v", a)
		}
		if a := acts("filed", "officer"); slices.Contains(a, "filed") || slices.Contains(a, "investigation") {
			t.Errorf("after registration the officer is offered 立案 or 调查取证: %v", a)
		}
		if a := acts("investigation", "officer"); !slices.Contains(a, "investigation") {
			t.Errorf("after filing the officer is not offered 调查取证: %v", a)
		}
		if a := acts("decided", "officer"); slices.Contains(a, "decided") {
			t.Errorf("the officer is offered 作出决定 on a general case: %v", a)
		}
		if a := acts("decided", "head"); !slices.Contains(a, "decided") {
			t.Errorf("after the notice the head is not offered 作出决定: %v", a)
		}
		if a := acts("investigation_concluded", "reviewer"); len(a) != 0 {
			t.Errorf("the reviewer is offered %v before the investigation is concluded", a)
		}
		if a := acts("legal_review", "reviewer"); !slices.Equal(a, []string{"legal_review"}) {
			t.Errorf("after the conclusion the reviewer is offered %v, want only 法制审核", a)
		}
		c := w.Case(t, "decided", nil)
		p := browsers["agency_admin"].Get(webtest.CasePath(c.ID))
		if len(webtest.Acts(p)) != 0 || !strings.Contains(webtest.Text(p.Doc.Find("#acts")), "只能查看") {
			t.Errorf("the agency's registry administrator sees act forms %v / %q", webtest.Acts(p), webtest.Text(p.Doc.Find("#acts")))
		}
	})
}

func TestUICaseOutOfOrderActRefused(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		off, head := w.Login(t, "officer"), w.Login(t, "head")
		note := func(v url.Values) url.Values { return ucWith(v, "note", "记录") }
		registered := w.Case(t, "filed", nil)
		filed := w.Case(t, "investigation", nil)
		investigated := w.Case(t, "investigation_concluded", nil)
		notified := w.Case(t, "decided", nil)
		decided := w.Case(t, "delivered", nil)
		paid := w.Case(t, "closed", nil)
		for _, r := range []struct {
			name   string
			b      *webtest.Browser
			c      *cases.Case
			act    string
			form   url.Values
			status int
			want   string
		}{
			{"investigation before filing", off, registered, "investigation", note(ucAt(0)), http.StatusConflict, "尚未立案"},
			{"notice before filing", off, registered, "notified", note(ucAt(0)), http.StatusConflict, "尚未立案"},
			{"conclusion before any investigation", off, filed, "investigation_concluded", note(ucAt(0)), http.StatusConflict, "尚未调查取证"},
			{"notice before the conclusion", off, investigated, "notified", note(ucAt(0)), http.StatusConflict, "调查尚未终结"},
			{"decision before the conclusion", head, investigated, "decided", ucWith(ucAt(0), "outcome", "penalty", "tier", "ordinary",
				"penalty", "warning"), http.StatusConflict, "调查尚未终结"},
			{"delivery before the decision", off, notified, "delivered", ucWith(ucAt(0), "method", "direct"), http.StatusConflict, "尚未作出决定"},
			{"payment before the delivery", off, decided, "paid", ucWith(ucAt(0), "amount", "100"), http.StatusConflict, "尚未送达"},
			{"closing before the delivery", head, decided, "closed", ucAt(0), http.StatusConflict, "尚未送达"},
			{"archiving before closing", head, paid, "archived", ucAt(0), http.StatusConflict, "尚未结案"},
			{"filing twice", head, filed, "filed", ucAt(0), http.StatusConflict, "已立案"},
			{"an act dated tomorrow", off, filed, "investigation", note(ucAt(-1)), http.StatusBadRequest, "不能晚于今天"},
			{"an act dated before the last step", off, filed, "investigation", note(url.Values{"at": {webtest.Registered}, "officers": webtest.Team}),
				http.StatusBadRequest, "不能早于上一环节"},
			{"an act in other officers' names", off, filed, "investigation",
				note(url.Values{"at": {testworld.Today}, "officers": {testworld.CertB, testworld.CertC}}), http.StatusBadRequest, "须包含您本人"},
		} {
			t.Run(r.name, func(t *testing.T) {
				p := ucRefused(t, r.b, w, r.c.ID, r.act, r.form, r.status, r.want)
				if p.Status == http.StatusConflict && !strings.Contains(webtest.Text(p.Doc.Find(".error-box")), "现在不能办理") {
					t.Errorf("the refusal does not say the act cannot be done now: %q", webtest.Text(p.Doc.Find(".error-box")))
				}
			})
		}
		// An act the workflow does not know: not found, nothing written.
		before := webtest.Counts(t, db)
		if p := off.Post(webtest.CasePath(filed.ID, "/act/teleported"), ucAt(0)); p.Status != http.StatusNotFound {
			t.Errorf("unknown act: %d", p.Status)
		}
		webtest.SameCounts(t, db, before, "an unknown act")
	})
}

// fwNext reads the "下一步" section: each step's label and who does it.
func fwNext(p *webtest.Page) (labels []string, text string) {
	p.Doc.Find("#next li b").Each(func(_ int, s *goquery.Selection) { labels = append(labels, webtest.Text(s)) })
	return labels, webtest.Text(p.Doc.Find("#next"))
}

func TestUICaseNextSteps(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		sup := w.Login(t, "supervisor")
		for _, stage := range fwStages {
			c := w.Case(t, stage, nil)
			p := sup.Get(webtest.CasePath(c.ID))
			if h := webtest.Text(p.Doc.Find("#next h2")); h != "下一步" {
				t.Fatalf("before %q: no 下一步 section (heading %q)", stage, h)
			}
			labels, text := fwNext(p)
			var want []string
			st := cases.StateOf(c)
			for _, a := range cases.NextSteps(c) {
				want = append(want, a.Label)
				for _, r := range a.RolesOf(st) {
					if !strings.Contains(text, r.Label()) {
						t.Errorf("before %q: 下一步 does not say %s records %s: %q", stage, r.Label(), a.Label, text)
					}
				}
			}
			if !slices.Equal(labels, want) {
				t.Errorf("before %q: 下一步 lists %v, the workflow %v", stage, labels, want)
			}
		}
		step := func(stage string) (labels []string, text string) {
			return fwNext(sup.Get(webtest.CasePath(w.Case(t, stage, nil).ID)))
		}
		if _, text := step("filed"); !strings.Contains(text, "立案由执法部门负责人办理") || strings.Contains(text, "调查取证") {
			t.Errorf("after registration: %q, want 立案 by the head and no 调查取证 yet", text)
		}
		if labels, text := step("investigation"); !slices.Contains(labels, "调查取证") || slices.Contains(labels, "立案") ||
			!strings.Contains(text, "调查取证由执法人员办理") {
			t.Errorf("after filing: %q", text)
		}
		if _, text := step("decided"); !strings.Contains(text, "作出决定由执法部门负责人办理") {
			t.Errorf("after the notice: %q", text)
		}
		if labels, text := step(""); len(labels) != 0 || !strings.Contains(text, "没有待办理的环节") {
			t.Errorf("archived: %v %q", labels, text)
		}

		// A case pushed by another system is handled there: no 下一步 here.
		pushed := testworld.NewCase()
		pushed.SourceSystem, pushed.SourceID = "sc-market", "NEXT-1"
		pushed.Events = []cases.Event{{Type: "filed", At: "2026-05-26", Officers: webtest.Team}}
		if _, c, err := w.Cases.Put(w.Ctx, testworld.Robot, pushed); err != nil {
			t.Fatal(err)
		} else if p := sup.Get(webtest.CasePath(c.ID)); p.Status != http.StatusOK || p.Doc.Find("#next").Length() != 0 {
			t.Errorf("pushed case: %d, 下一步 %q", p.Status, webtest.Text(p.Doc.Find("#next")))
		}
	})
}
