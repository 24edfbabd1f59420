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
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zfjd/internal/auth"
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

// browserWorld is the fixture world with the agency's inspection matter.
func browserWorld(t *testing.T, db *store.DB) (*testworld.World, *inspection.Service) {
	t.Helper()
	w := testworld.Build(t, db)
	if _, err := registry.PutMatter(w.Ctx, db, w.Admin, &registry.Matter{Code: Matter, Name: "食品经营者日常监督检查", Kind: "inspection",
		LegalBasis: "《中华人民共和国食品安全法》第一百一十条", AgencyCodes: []string{testworld.Agency}}); err != nil {
		t.Fatal(err)
	}
	return w, inspection.NewService(db, calendar.RulesCalendar)
}

func TestBrowserInspectionAndRating(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
		t.Cleanup(cancel)
		w, svc := browserWorld(t, db)
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
		ph.Do("five stars", chromedp.Click(chromedp.CSS(`#complaint-form input[name="score"][value="5"]`)),
			chromedp.SendKeys(chromedp.CSS(`#complaint-form textarea[name="comment"]`), "亮证规范，检查高效"))
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

// A fourth visit of one enterprise in a month, pushed by a source system,
// raises the frequency warning that supervision sees on the inspection and
// among the warnings; the head runs a 双随机 draw that the public page
// recomputes, and the test recomputes it again from the published JSON.
func TestBrowserFrequencyAndDraw(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
		t.Cleanup(cancel)
		w, svc := browserWorld(t, db)
		robot := &auth.Principal{Name: "检查系统", Username: "sc-insp", Role: auth.RoleIntegration, Region: "370100"}
		var fourth *inspection.Inspection
		for i, day := range []string{"2026-06-01", "2026-06-03", "2026-06-08", "2026-06-15"} {
			in := &inspection.Inspection{SourceSystem: "sc-insp", SourceID: fmt.Sprint(i + 1), AgencyCode: testworld.Agency,
				RegionCode: testworld.Region, MatterCode: Matter, Kind: "routine",
				Enterprise: inspection.Enterprise{Name: "济南某某便利店有限公司", IDNumber: Enterprise},
				Events: []inspection.Event{{Type: "approved", At: day, Actor: "孙立"}, {Type: "reported", At: day},
					{Type: "checked_in", At: day + "T10:00:00+08:00", Officers: []string{testworld.CertA, testworld.CertB}}}}
			_, out, err := svc.Put(w.Ctx, robot, in)
			if err != nil {
				t.Fatal(err)
			}
			fourth = out
		}
		if _, err := svc.ImportObjects(w.Ctx, testworld.As("agency_admin"), testworld.Region, []inspection.PoolObject{
			{ID: Enterprise, Name: "济南某某便利店有限公司", Type: "企业", Field: "食品", Tier: "high"},
			{ID: "91370102MA3C5R2K0M", Name: "济南某某便利店有限公司", Tier: "high"},
		}); err != nil {
			t.Fatal(err)
		}
		base := webtest.Serve(ctx, t, db)
		root := webtest.Launch(ctx, t, chromium)
		sup, head := root.Anonymous(), root.Anonymous()
		login(sup, base, "supervisor")
		login(head, base, "head")

		sup.Nav("inspections over the cap", base+"/inspections?rule=INSPECTION_FREQUENCY")
		if rows := webtest.Run(sup, "rows", chromedp.Evaluate[int](`document.querySelectorAll('#inspection-table tbody tr').length`)); rows != 1 {
			t.Errorf("%d inspections with a frequency warning, want 1", rows)
		}
		sup.Nav("the fourth visit", fmt.Sprintf("%s/inspections/%d", base, fourth.ID))
		if ws := sup.Text("#warnings"); !strings.Contains(ws, "超过每月3次") {
			t.Errorf("the fourth visit's warnings: %q", ws)
		}
		sup.Nav("the warnings page", base+"/warnings")
		if !strings.Contains(sup.Text("main"), "超过每月3次") {
			t.Error("the frequency warning is not among the warnings")
		}

		head.Nav("the draws page", base+"/inspections/draws")
		head.Do("title", chromedp.SendKeys(chromedp.CSS(`#draw-form input[name="title"]`), "2026年食品经营双随机抽查"))
		head.ClickAndLoad("draw", chromedp.CSS("#do-draw"))
		if v := head.Text("#replay"); !strings.Contains(v, "结果一致") {
			t.Fatalf("the published draw: %q", v)
		}
		resp, err := http.Get(head.Location() + "?format=json")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var d inspection.Drawing
		if err := json.NewDecoder(resp.Body).Decode(&d); err != nil {
			t.Fatal(err)
		}
		again, _ := json.Marshal(inspection.Draw(d.Seed, d.Objects, d.Inspectors, d.Ratios))
		published, _ := json.Marshal(d.Result)
		if string(again) != string(published) || len(d.Result.Assignments) != 1 || inspection.HashObjects(d.Objects) != d.ObjectsHash {
			t.Errorf("recomputed from the published seed: %s, published %s", again, published)
		}
	})
}
