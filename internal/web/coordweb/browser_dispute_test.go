package coordweb_test

// 争议协调 in a real browser (headless Chromium), on both engines: the
// city's supervision body opens a dispute ex officio about who holds a
// matter of the 权责清单, naming two counties' market regulators (条例
// Art. 13); the other county's regulator answers with its reasons and
// evidence; the supervision body records the coordination meeting and the
// outcome naming the new holder, and the matter's page shows it.

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
	if loc := b.Location(); loc != base+"/" {
		b.T.Fatalf("login %s: at %s (%.200s)", user, loc, b.Text("body"))
	}
}

// act opens the act's form on the dispute page, fills it and submits.
func act(b *webtest.Tab, typ string, fill ...chromedp.Action[chromedp.Void]) {
	b.T.Helper()
	b.Do("open "+typ, chromedp.Click(chromedp.CSS(`#act-`+typ+` summary`)))
	for _, f := range fill {
		b.Do("fill "+typ, f)
	}
	b.ClickAndLoad("submit "+typ, chromedp.CSS(`#act-form-`+typ+` button[type=submit]`))
}

func in(form, field string) string { return `#act-form-` + form + ` [name=` + field + `]` }

func TestBrowserDispute(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
		t.Cleanup(cancel)
		testworld.Build(t, db)
		webtest.AddAccount(t, db, otherAdmin)
		base := webtest.Serve(ctx, t, db)
		root := webtest.Launch(ctx, t, chromium)
		city, other := root.Anonymous(), root.Anonymous()
		login(city, base, "city")
		login(other, base, "other_admin")

		// The supervision body opens the dispute from the navigation.
		city.ClickAndLoad("open 协调指挥", chromedp.CSS(`#nav a[href="/disputes"]`))
		city.ClickAndLoad("提请协调", chromedp.CSS("#dispute-new"))
		city.SelectByLabel("dispute-kind", "行政执法事项清单（实施主体）争议")
		city.Do("fill the dispute",
			chromedp.SendKeys(chromedp.CSS("#dispute-title"), "超过保质期食品处罚的实施主体"),
			chromedp.SendKeys(chromedp.CSS("#dispute-summary"), "两区市场监管局对该事项由谁实施意见不一。"),
			chromedp.Click(chromedp.CSS(`input[name=agency][value="`+testworld.Agency+`"]`)),
			chromedp.Click(chromedp.CSS(`input[name=agency][value="`+testworld.Other+`"]`)),
			chromedp.SendKeys(chromedp.CSS("#dispute-matter"), testworld.Matter))
		city.ClickAndLoad("submit the dispute", chromedp.CSS("#dispute-submit"))
		page := city.Location()
		if !strings.Contains(page, "/disputes/") || city.Text("#dispute-status") != "待各方答复" {
			t.Fatalf("after opening: %s %q", page, city.Text("main"))
		}
		if next := city.Text("#dispute-next"); !strings.Contains(next, "济南市市中区市场监督管理局") {
			t.Fatalf("next step %q does not name the agencies that owe an answer", next)
		}

		// The other county's regulator answers with its reasons and evidence.
		other.Nav("the dispute", page)
		act(other, "answer",
			chromedp.SetValue(chromedp.CSS(in("answer", "position")), "ours"),
			chromedp.SendKeys(chromedp.CSS(in("answer", "evidence")), "《食品安全法》第一百二十四条"),
			chromedp.SendKeys(chromedp.CSS(in("answer", "note")), "当事人经营场所在市中区，由本局实施"))
		if got := other.Text("#party-" + testworld.Other); !strings.Contains(got, "已于"+testworld.Today+"答复") {
			t.Fatalf("after the answer the party row says %q", got)
		}

		// The supervision body: an outcome before the meeting is not offered;
		// the meeting, then the outcome with the new holder.
		city.Nav("the dispute again", page)
		if strings.Contains(city.HTML(), `id="act-settle"`) {
			t.Fatal("the outcome is offered before a coordination meeting")
		}
		act(city, "meeting",
			chromedp.SendKeys(chromedp.CSS(in("meeting", "participants")), "历下区市场监管局\n市中区市场监管局"),
			chromedp.SendKeys(chromedp.CSS(in("meeting", "note")), "双方同意由市中区市场监管局实施"))
		act(city, "settle",
			chromedp.Click(chromedp.CSS(`#act-form-settle input[name=holder][value="`+testworld.Other+`"]`)),
			chromedp.SendKeys(chromedp.CSS(in("settle", "note")), "由市中区市场监管局实施该事项"))
		if st := city.Text("#dispute-status"); st != "协调一致" {
			t.Fatalf("after the outcome: %q", st)
		}
		if o := city.Text("#dispute-outcome"); o != "由市中区市场监管局实施该事项" {
			t.Fatalf("outcome %q", o)
		}
		city.ClickAndLoad("open the matter", chromedp.CSS("#dispute-matter"))
		if body := city.Text("main"); !strings.Contains(body, "济南市市中区市场监督管理局") || strings.Contains(body, "济南市历下区市场监督管理局") {
			t.Fatalf("the 权责清单 does not show the new holder alone: %.400s", body)
		}
		city.CheckNoExceptions()
	})
}
