package reviewweb_test

// 案卷评查 in a real browser (headless Chromium), on both engines: the
// district's supervisor sets up a campaign and draws its sample by a
// published seed; two reviewers score a file 20 points apart and the
// supervisor reconciles it; both mark a veto item on the other file, which
// is 不合格; after publication the agency's administrator sees its score.

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

func login(b *webtest.Tab, base, user string) {
	b.T.Helper()
	b.Nav("open /login", base+"/login")
	b.Do("type the login "+user,
		chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), user),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), testworld.Password))
	b.ClickAndLoad("log in as "+user, chromedp.CSS(`.login button[type="submit"]`))
}

// The score form's button is clicked. It once did not navigate: the form
// is a grid (.form, auto-fill columns) and the long standard table, the
// note and the button shared its first row, so the button was stretched
// to the table's height and its centre, where a click lands, lay outside
// the viewport; the table, the note and the button now span the row.

// score fills the score form: deductions by item code, vetoes, a note.
func score(b *webtest.Tab, file string, ded map[string]string, vetoes ...string) {
	b.T.Helper()
	b.Nav("open the file", file)
	for code, n := range ded {
		b.Do("deduct "+code, chromedp.SetValue(chromedp.CSS(`#score-form input[name="d.`+code+`"]`), n))
	}
	for _, v := range vetoes {
		b.Do("veto "+v, chromedp.Click(chromedp.CSS(`#score-form input[name=veto][value=`+v+`]`)))
	}
	b.Do("note", chromedp.SendKeys(chromedp.CSS(`#score-form textarea[name=note]`), "评查意见"))
	if bad := webtest.Run(b, "validity", chromedp.Evaluate[string](`[...document.querySelectorAll('#score-form :invalid')].map(e => e.name + '=' + e.value + ':' + e.validationMessage).join('; ')`)); bad != "" {
		b.T.Fatalf("the score form is invalid: %s", bad)
	}
	b.ClickAndLoad("submit the score", chromedp.CSS(`#score-form button[type=submit]`))
	if st := b.Text(".flash"); !strings.Contains(st, "已提交评分") {
		b.T.Fatalf("after submitting the score: %q", st)
	}
}

func TestBrowserReview(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
		t.Cleanup(cancel)
		w := &webtest.World{World: testworld.Build(t, db)}
		for range 2 {
			w.Case(t, "", nil) // archived penalty cases of 2026
		}
		base := webtest.Serve(ctx, t, db)
		root := webtest.Launch(ctx, t, chromium)
		sup, city, ag := root.Anonymous(), root.Anonymous(), root.Anonymous()
		login(sup, base, "supervisor")
		login(city, base, "city")
		login(ag, base, "agency_admin")

		sup.Nav("reviews", base+"/reviews")
		sup.Do("set up the campaign",
			chromedp.Click(chromedp.CSS(`#campaign-form input[name=agency][value="`+testworld.Agency+`"]`)),
			chromedp.SetValue(chromedp.CSS(`#campaign-form input[name=per_agency]`), "2"),
			chromedp.SendKeys(chromedp.CSS(`#campaign-form input[name=seed]`), "历下区2026年评查"))
		sup.ClickAndLoad("create", chromedp.CSS(`#campaign-form button[type=submit]`))
		campaign := sup.Location()
		sup.ClickAndLoad("draw", chromedp.CSS("#draw"))
		if st := sup.Text("#campaign-status"); st != "评查中" {
			t.Fatalf("after the draw: %q", st)
		}
		files := webtest.Run(sup, "files", chromedp.Evaluate[[]string](`[...document.querySelectorAll('#file-table tbody a')].map(a => a.href)`))
		if len(files) != 2 {
			t.Fatalf("drawn files %v", files)
		}
		for _, f := range files {
			sup.Nav("file", f)
			webtest.Run(sup, "type the reviewers", chromedp.Evaluate[bool](`(() => { const r = document.querySelectorAll('#assign-form input[name=reviewer]');
				r[0].value = 'supervisor'; r[1].value = 'city'; return true })()`))
			sup.ClickAndLoad("assign", chromedp.CSS(`#assign-form button[type=submit]`))
		}
		// The platform's pre-scoring: the world's cases were never given
		// their documents' numbers (neither in zfjd nor by a case system),
		// so 文书 items are found and pre-filled; two officers and the
		// legal review were checked and are clear; 调查取证 needs a person.
		sup.Nav("file", files[0])
		if m := sup.Text("#item-F1 .machine"); !strings.Contains(m, "平台核验：发现问题") || !strings.Contains(m, "缺少行政处罚决定书") {
			t.Errorf("F1 (documents present): %q", m)
		}
		if m := sup.Text("#item-V2 .machine"); m != "平台核验：未发现问题" {
			t.Errorf("V2 (two officers, certificates): %q", m)
		}
		if m := sup.Text("#item-C4 .machine"); m != "平台核验：未发现问题" {
			t.Errorf("C4 (legal review): %q", m)
		}
		if m := sup.Text("#item-C2 .machine"); m != "人工评查" {
			t.Errorf("C2 (调查取证): %q", m)
		}
		score(sup, files[0], map[string]string{"C2": "5"})
		score(city, files[0], map[string]string{"C2": "15", "C8": "10"})
		sup.Nav("file", files[0])
		if st := sup.Text("#file-status"); st != "待合议" {
			t.Fatalf("two scores 20 apart: %q", st)
		}
		sup.Do("reconcile", chromedp.SetValue(chromedp.CSS(`#score-form input[name="d.C2"]`), "10"),
			chromedp.SetValue(chromedp.CSS(`#score-form input[name="d.C8"]`), ""),
			chromedp.SendKeys(chromedp.CSS(`#score-form textarea[name=note]`), "合议：取证扣10分"))
		sup.ClickAndLoad("reconcile", chromedp.CSS(`#score-form button[type=submit]`))
		// 100 − C2 10 − the machine's F1 2 and F7 2 (kept by the reconciliation).
		if sc := sup.Text("#file-score"); sc != "86（合格）" {
			t.Errorf("reconciled score %q", sc)
		}
		score(sup, files[1], nil, "V5")
		score(city, files[1], nil, "V5")
		sup.Nav("file", files[1])
		if sc := sup.Text("#file-score"); sc != "0（不合格）" {
			t.Errorf("veto file %q", sc)
		}
		sup.Nav("campaign", campaign)
		sup.ClickAndLoad("publish", chromedp.CSS("#publish"))
		ag.Nav("the agency's results", campaign)
		if avg := ag.Text("#results .avg"); avg != "43.0" {
			t.Errorf("the agency sees average %q", avg)
		}
		if v := ag.Text("#file-table"); !strings.Contains(v, "不合格") || !strings.Contains(v, "86") {
			t.Errorf("the agency's files: %q", v)
		}
		root.CheckNoExceptions()
	})
}
