package promiseweb_test

// The "done when" of issue 19's 告知承诺 half, in headless Chromium on both
// engines: supervision puts an item handled by 告知承诺 into the catalogue
// and the portal shows it; the agency records two promises and sends each
// to the agency that holds the data; that agency verifies one before its
// deadline (five working days, 端午 not counted) and finds the other false;
// the receiving agency records the consequence and supervision's finding
// carries it.

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zfjd/internal/ident"
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
	if loc := b.Location(); loc != base+"/" {
		b.T.Fatalf("login %s: at %s (%.200s)", user, loc, b.Text("body"))
	}
}

func act(b *webtest.Tab, typ, note string) {
	b.T.Helper()
	b.Do("open "+typ, chromedp.Click(chromedp.CSS(`#act-`+typ+` summary`)))
	if note != "" {
		b.Do("note of "+typ, chromedp.SendKeys(chromedp.CSS(`#act-form-`+typ+` textarea[name=note]`), note))
	}
	b.ClickAndLoad("submit "+typ, chromedp.CSS(`#act-form-`+typ+` button[type=submit]`))
}

func TestBrowserPromise(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		// A guard against a hung browser, not a measure: on a shared 2-core
		// machine under load the whole walk may take several minutes.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		t.Cleanup(cancel)
		testworld.Build(t, db)
		base := webtest.Serve(ctx, t, db)
		root := webtest.Launch(ctx, t, chromium)

		sup := root.Anonymous()
		login(sup, base, "supervisor")
		sup.Nav("catalogue", base+"/promises/items")
		sup.Do("fill the item", chromedp.SendKeys(`#item-form input[name=agency_code]`, testworld.Agency),
			chromedp.SetValue(`#item-form select[name=kind]`, "promise"),
			chromedp.SendKeys(`#item-form input[name=name]`, "从业人员健康证明"),
			chromedp.SendKeys(`#item-form textarea[name=basis]`, "《中华人民共和国食品安全法》第四十五条"),
			chromedp.SendKeys(`#item-form textarea[name=promise_text]`, "本单位承诺从事接触直接入口食品工作的人员均取得健康证明"),
			chromedp.SendKeys(`#item-form textarea[name=verify_rule]`, "向卫生健康部门协助核查健康证明信息"),
			chromedp.SendKeys(`#item-form input[name=verify_agency]`, testworld.Other))
		sup.ClickAndLoad("save the item", chromedp.CSS(`#item-form button[type=submit]`))
		if txt := sup.Text("#item-table"); !strings.Contains(txt, "从业人员健康证明") {
			t.Fatalf("catalogue: %q", txt)
		}
		// A retained 证明事项 beside it.
		sup.Do("fill the retained item", chromedp.SendKeys(`#item-form input[name=agency_code]`, testworld.Agency),
			chromedp.SetValue(`#item-form select[name=kind]`, "retained"),
			chromedp.SendKeys(`#item-form input[name=name]`, "特种设备作业人员证"),
			chromedp.SendKeys(`#item-form textarea[name=basis]`, "《中华人民共和国特种设备安全法》第十四条"),
			chromedp.SendKeys(`#item-form input[name=issuer]`, "市场监督管理部门"))
		sup.ClickAndLoad("save the retained item", chromedp.CSS(`#item-form button[type=submit]`))
		pub := root.Anonymous()
		pub.Nav("portal", base+"/public")
		pub.ClickAndLoad("the catalogue on the portal", chromedp.CSS(`#portal-promise-items`))
		if txt := pub.Text("#catalogue-promise"); !strings.Contains(txt, "本单位承诺从事接触直接入口食品工作的人员均取得健康证明") {
			t.Errorf("portal catalogue: %q", txt)
		}
		// Every portal page's header links the catalogue and the exams' pass lists; on a phone too.
		pp := root.Anonymous()
		pp.Do("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
		pp.Nav("a portal page", base+"/public/agencies")
		pp.ClickAndLoad("the header's 证明事项", chromedp.CSS(`header .public-nav #nav-promise-items`))
		if txt := pp.Text("#catalogue-promise"); !strings.Contains(txt, "从业人员健康证明") || !strings.Contains(txt, "《中华人民共和国食品安全法》第四十五条") ||
			!strings.Contains(txt, "向卫生健康部门协助核查健康证明信息") {
			t.Errorf("the portal's 告知承诺 items (name, basis, verification rule): %q", txt)
		}
		if txt := pp.Text("#catalogue-retained"); !strings.Contains(txt, "特种设备作业人员证") || !strings.Contains(txt, "第十四条") || !strings.Contains(txt, "市场监督管理部门") {
			t.Errorf("the portal's retained items: %q", txt)
		}
		if w := webtest.Run(pp, "page width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 391 {
			t.Errorf("the catalogue is %dpx wide on a 390px phone", w)
		}
		pp.ClickAndLoad("the header's 考试合格名单", chromedp.CSS(`header .public-nav #nav-exams`))
		if h := pp.Text("h1"); !strings.Contains(h, "考试") {
			t.Errorf("the header's exams link opens %q", h)
		}

		off := root.Anonymous()
		login(off, base, "officer")
		var pages []string
		for i, name := range []string{"甲餐饮有限公司", "乙餐饮有限公司"} {
			code, _ := ident.MakeUSCC('9', '1', testworld.Region, []string{"MA3C8XP1", "MA3C8XP2"}[i])
			off.Nav("promises", base+"/promises")
			off.Do("record the promise", chromedp.SendKeys(`#promise-form input[name=applicant]`, name),
				chromedp.SendKeys(`#promise-form input[name=applicant_id]`, code),
				chromedp.SendKeys(`#promise-form input[name=application]`, "食品经营许可申请"))
			off.ClickAndLoad("record", chromedp.CSS(`#promise-form button[type=submit]`))
			act(off, "send", "")
			if due := off.Text("#promise-due"); due != "2026-06-23" {
				t.Fatalf("due %q, want 2026-06-23 (five working days after 06-15, 端午 06-19 not counted)", due)
			}
			pages = append(pages, off.Location())
		}

		ver := root.Anonymous()
		login(ver, base, "other_officer")
		ver.Nav("promises", base+"/promises")
		ver.ClickAndLoad("the checks asked of my agency", chromedp.CSS(`#verify-inbox`))
		if n := webtest.Run(ver, "rows", chromedp.Evaluate[int](`document.querySelectorAll("#promise-table tbody tr").length`)); n != 2 {
			t.Fatalf("verifier's inbox has %d", n)
		}
		ver.Nav("first", pages[0])
		act(ver, "confirm", "与健康证明信息一致")
		if st := ver.Text("#promise-status"); st != "核查属实" {
			t.Errorf("after confirm: %q", st)
		}
		ver.Nav("second", pages[1])
		act(ver, "refute", "两名从业人员未取得健康证明")
		if st := ver.Text("#promise-status"); st != "承诺不实，待处理" {
			t.Errorf("after refute: %q", st)
		}
		off.Nav("second", pages[1])
		act(off, "dispose", "撤销食品经营许可，记入信用记录")
		if c := off.Text("#promise-consequence"); !strings.Contains(c, "撤销食品经营许可") {
			t.Errorf("consequence %q", c)
		}
		sup.Nav("second", pages[1])
		if f := sup.Text("#promise-findings"); !strings.Contains(f, "经核查不实") || !strings.Contains(f, "撤销食品经营许可") {
			t.Errorf("supervision's finding %q", f)
		}
		sup.Nav("stats", base+"/promises/stats")
		if tot := sup.Text("#promise-total"); !strings.Contains(tot, "合计") {
			t.Errorf("stats %q", tot)
		}
	})
}
