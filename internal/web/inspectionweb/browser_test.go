package inspectionweb_test

// An inspection handled in zfjd in real Chromium, on both engines: the
// officer files it on a listed matter, the head approves it, the officer
// reports it (the 检查码 and its QR appear), checks in by the code with a
// second certified officer, fills the 一张表单, records the result and
// checks out; the enterprise on a 390 px phone opens the code's page, sees
// the approval and both officers' valid certificates and rates the visit;
// the rating reaches supervision and not the agency's head.

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zfjd/internal/calendar"
	"zfjd/internal/inspection"
	"zfjd/internal/registry"
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

func TestBrowserInspectionAndRating(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
		t.Cleanup(cancel)
		w := testworld.Build(t, db)
		if _, err := registry.PutMatter(w.Ctx, db, w.Admin, &registry.Matter{Code: Matter, Name: "食品经营者日常监督检查", Kind: "inspection",
			LegalBasis: "《中华人民共和国食品安全法》第一百一十条", AgencyCodes: []string{testworld.Agency}}); err != nil {
			t.Fatal(err)
		}
		svc := inspection.NewService(db, calendar.RulesCalendar)
		if err := svc.PutItem(w.Ctx, testworld.As("agency_admin"), Matter, "食品经营者", []string{"许可证照", "从业人员健康证明"}); err != nil {
			t.Fatal(err)
		}
		base := webtest.Serve(ctx, t, db)
		root := webtest.Launch(ctx, t, chromium)
		off, head, sup := root.Anonymous(), root.Anonymous(), root.Anonymous()
		login(off, base, "officer")
		login(head, base, "head")
		login(sup, base, "supervisor")

		off.Nav("the inspections list", base+"/inspections")
		off.ClickAndLoad("open the filing form", chromedp.CSS("#new-inspection"))
		off.SelectByLabel("matter_code", "食品经营者日常监督检查（"+Matter+"）")
		off.Do("type the enterprise",
			chromedp.SendKeys(chromedp.CSS("#enterprise_name"), "济南某某便利店有限公司"),
			chromedp.SendKeys(chromedp.CSS("#enterprise_id"), Enterprise))
		off.ClickAndLoad("file it", chromedp.CSS(`#inspection-form button[type="submit"]`))
		page := off.Location()
		if !strings.Contains(page, "/inspections/") || off.Text("#status") != "待审批" {
			t.Fatalf("after filing: %s %q", page, off.Text("main"))
		}
		if next := off.Text("#next"); !strings.Contains(next, "负责人审批") {
			t.Errorf("next step %q does not name the head's approval", next)
		}

		head.Nav("the head opens it", page)
		head.Do("approval opinion", chromedp.SendKeys(chromedp.CSS(`#act-approve textarea[name="note"]`), "同意检查"))
		head.ClickAndLoad("approve", chromedp.CSS("#do-approve"))

		off.Nav("reload", page)
		off.ClickAndLoad("report (事前报备)", chromedp.CSS("#do-report"))
		code := off.Text("#inspection-code")
		if !strings.HasPrefix(code, "JC") {
			t.Fatalf("no inspection code after reporting: %q", code)
		}
		if wd := webtest.Run(off, "QR image", chromedp.Evaluate[int](
			`(() => { const i = document.querySelector('#code img'); return i && i.complete ? i.naturalWidth : -1 })()`)); wd <= 0 {
			t.Errorf("the code's QR did not load (naturalWidth %d)", wd)
		}
		publicURL := off.Text("#public-link")

		off.SelectByLabel("second-officer", webtest.NameB+"（"+testworld.CertB+"）")
		off.ClickAndLoad("check in by the code", chromedp.CSS("#do-check_in"))
		if s := off.Text("#status"); s != "检查中" {
			t.Fatalf("after check-in: %q (%s)", s, off.Text("main"))
		}
		off.Do("a problem on the second item", chromedp.Click(chromedp.CSS(`#act-checklist input[name="problem_1"]`)))
		off.ClickAndLoad("save the checklist", chromedp.CSS("#do-checklist"))
		off.Do("result", chromedp.SendKeys(chromedp.CSS(`#act-result textarea[name="note"]`), "一名从业人员健康证明过期，已责令改正"))
		off.SelectByLabel("problem_found", "发现问题")
		off.ClickAndLoad("record the result", chromedp.CSS("#do-result"))
		off.ClickAndLoad("check out", chromedp.CSS("#do-check_out"))
		if s := off.Text("#status"); s != "已结束" {
			t.Fatalf("after check-out: %q", s)
		}
		if !strings.Contains(off.Text("#checklist-table"), "存在问题") {
			t.Error("the checklist's problem is not shown")
		}

		// The enterprise scans the code on a phone.
		ph := root.Anonymous()
		ph.Do("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
		ph.Nav("scan the code", publicURL)
		if v := ph.Text("#approval"); v != "已审批的检查" {
			t.Errorf("approval verdict %q", v)
		}
		if o := ph.Text("#officers"); !strings.Contains(o, webtest.NameA) || !strings.Contains(o, webtest.NameB) || strings.Count(o, "执法证有效") != 2 {
			t.Errorf("officers on the phone: %q", o)
		}
		if sw := webtest.Run(ph, "page width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); sw > 390 {
			t.Errorf("the phone page scrolls sideways: %d px wide", sw)
		}
		ph.Do("five stars", chromedp.Click(chromedp.CSS(`#rating-form input[name="score"][value="5"]`)),
			chromedp.SendKeys(chromedp.CSS(`#rating-form textarea[name="comment"]`), "亮证规范，检查高效"))
		ph.ClickAndLoad("rate", chromedp.CSS("#rate"))
		if r := ph.Text("#rated"); !strings.Contains(r, "感谢") {
			t.Errorf("after rating: %q", r)
		}
		ph.Nav("scan again", publicURL)
		if r := ph.Text("#rated"); !strings.Contains(r, "已评价") {
			t.Errorf("a second visit offers the form again: %q", r)
		}

		sup.Nav("supervision reads the ratings", base+"/inspections/ratings")
		if r := sup.Text("#ratings-table"); !strings.Contains(r, "亮证规范") {
			t.Errorf("ratings for supervision: %q", r)
		}
		head.NavStatus("the agency's head may not", base+"/inspections/ratings", 403)
	})
}
