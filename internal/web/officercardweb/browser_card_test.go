package officercardweb_test

// In real Chromium: a supervisor answers a 不亮证 complaint about an
// officer as 属实 on the complaint's page (行政处罚法 Art. 55), then opens
// the officer's page and sees the yellow card; the cards list shows it too.

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

func TestBrowserFoundTrueYellowCard(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		t.Cleanup(cancel)
		w := testworld.Build(t, db)
		id := accepted(t, w.Ctx, db, testworld.CertA)
		base := webtest.Serve(ctx, t, db)
		b := webtest.Launch(ctx, t, chromium)

		b.Nav("open /login", base+"/login")
		b.Do("type the login",
			chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), "supervisor"),
			chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), testworld.Password))
		b.ClickAndLoad("log in", chromedp.CSS(`.login button[type="submit"]`))
		if loc := b.Location(); loc != base+"/" {
			t.Fatalf("after login at %s (%.200s)", loc, b.Text("body"))
		}

		b.Nav("open the complaint", base+"/complaints/"+strconv.FormatInt(id, 10))
		b.Do("open 答复投诉人", chromedp.Click(chromedp.CSS(`#act-answer summary`)))
		b.SelectByLabel("answer-verdict", "属实")
		b.Do("type the answer", chromedp.SendKeys(chromedp.CSS(`#act-form-answer textarea[name=note]`), "经调查核实，执法人员检查时未出示执法证件，已责令改正。"))
		b.ClickAndLoad("submit the answer", chromedp.CSS(`#act-form-answer button[type=submit]`))
		if got := b.Text("#complaint-status"); got != "已答复" {
			t.Fatalf("after the answer the status is %q (%.300s)", got, b.Text("main"))
		}
		if got := b.Text("#complaint-verdict"); !strings.Contains(got, "属实") {
			t.Errorf("the verdict on the page: %q", got)
		}

		b.Nav("open the officer", base+"/officers/"+testworld.CertA)
		cards := b.Text("#officer-cards")
		if !strings.Contains(cards, "黄牌") || !strings.Contains(cards, "不亮证投诉经查属实") || !strings.Contains(cards, testworld.Today) {
			t.Fatalf("the officer's page shows no yellow card: %q", cards)
		}
		if got := b.Text("#officer-card-standing"); !strings.Contains(got, "有效黄牌 1 张") || !strings.Contains(got, "2 分") {
			t.Errorf("the standing: %q", got)
		}
		b.ClickAndLoad("open all the officer's cards", chromedp.CSS(`#officer-card-standing a`))
		if got := b.Text("#officer-cards-table"); !strings.Contains(got, webtest.NameA) || !strings.Contains(got, "黄牌") {
			t.Errorf("the cards list: %q", got)
		}
		b.CheckNoExceptions()
	})
}
