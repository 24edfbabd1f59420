package warningweb_test

// The "done when" of warning handling in a real browser (headless Chromium),
// on both engines: a case pushed through the exchange API has gone late by
// the pinned day; the agency's administrator sees the warning in the inbox
// of the home page, signs it and reports the rectification; the district's
// supervisor returns it once with a reason; the agency sees it among the
// returned ones and explains; the supervisor verifies and closes it, and
// the warning page shows the whole history.

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zfjd/internal/auth"
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

// count reads the number on an inbox card.
func count(b *webtest.Tab, id string) int {
	b.T.Helper()
	n, err := strconv.Atoi(b.Text("#" + id + " b"))
	if err != nil {
		b.T.Fatalf("inbox card %s: %v", id, err)
	}
	return n
}

// act opens the act's form on the warning page, types the note and submits.
func act(b *webtest.Tab, typ, note string) {
	b.T.Helper()
	if !webtest.Run(b, "is "+typ+" open", chromedp.Evaluate[bool](`document.querySelector('#act-`+typ+`').open`)) {
		b.Do("open "+typ, chromedp.Click(chromedp.CSS(`#act-`+typ+` summary`)))
	}
	if note != "" {
		b.Do("type the note of "+typ, chromedp.SendKeys(chromedp.CSS(`#act-form-`+typ+` textarea[name=note]`), note))
	}
	b.ClickAndLoad("submit "+typ, chromedp.CSS(`#act-form-`+typ+` button[type=submit]`))
}

func TestBrowserWarningHandling(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
		t.Cleanup(cancel)
		w := testworld.Build(t, db)
		base := webtest.Serve(ctx, t, db)

		// The agency's case system pushes a case decided in 2024 whose fine
		// was never paid: by the pinned day it is long overdue.
		tok, err := auth.CreateToken(w.Ctx, db, "执法办案系统", auth.RoleIntegration, testworld.Region, testworld.Agency)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := json.Marshal(webtest.CaseBody(testworld.Agency, testworld.Region, testworld.Matter, webtest.Team))
		req, _ := http.NewRequest(http.MethodPut, base+"/api/v1/cases/bs/LATE-1", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != http.StatusCreated {
			t.Fatalf("push the case: %v %v", resp, err)
		}
		resp.Body.Close()

		root := webtest.Launch(ctx, t, chromium)
		agency, sup := root.Anonymous(), root.Anonymous()
		login(agency, base, "agency_admin")
		login(sup, base, "supervisor")

		// The agency's inbox: warnings to sign, the same count on the nav badge.
		n := count(agency, "inbox-sign")
		if n < 1 {
			t.Fatalf("inbox to sign %d, want the late case's warnings", n)
		}
		if badge := agency.Text(`#nav a[href="/warnings"] .badge`); badge != strconv.Itoa(n) {
			t.Errorf("nav badge %q, want %d", badge, n)
		}
		if count(sup, "inbox-verify") != 0 {
			t.Error("supervisor has something to verify before anyone answered")
		}
		agency.ClickAndLoad("open the warnings to sign", chromedp.CSS("#inbox-sign"))
		if !strings.Contains(agency.Location(), "stage=issued") {
			t.Fatalf("inbox link led to %s", agency.Location())
		}
		msg := agency.Text(`#warning-table tbody tr:first-child td[data-label="预警内容"] a`)
		if msg == "" {
			t.Fatal("the list shows no message text")
		}
		agency.ClickAndLoad("open the first warning", chromedp.CSS(`#warning-table tbody tr:first-child td[data-label="预警内容"] a`))
		page := agency.Location()
		// The page shows the basis beside the message, so the message
		// drops the "（依据）" the list shows it with (issue 16).
		if got := agency.Text("#warning-message"); got == "" || got == msg || !strings.HasPrefix(msg, got) || !strings.HasPrefix(msg[len(got):], "（《") {
			t.Errorf("warning page message %q, want %q without its trailing basis", got, msg)
		}
		act(agency, "sign", "")
		if st := agency.Text("#warning-stage"); st != "整改中" {
			t.Fatalf("after sign: %q", st)
		}
		// A rectification without its text is refused in Chinese, nothing recorded.
		if resp, err := chromedp.RunResponse(agency.Ctx, chromedp.Click(chromedp.CSS(`#act-rectify summary`)),
			chromedp.Click(chromedp.CSS(`#act-form-rectify button[type=submit]`))); err != nil || resp == nil || resp.Status != http.StatusBadRequest {
			t.Fatalf("empty rectification: %v %v", resp, err)
		}
		if e := agency.Text("#act-rectify .error-box"); !strings.Contains(e, "整改情况") {
			t.Errorf("empty rectification: %q", e)
		}
		act(agency, "rectify", "已督促当事人缴纳罚款并依法申请强制执行")
		if st := agency.Text("#warning-stage"); st != "待核查" {
			t.Fatalf("after rectify: %q", st)
		}

		// The supervisor returns it once.
		sup.Nav("home", base+"/")
		if count(sup, "inbox-verify") != 1 {
			t.Fatalf("supervisor's inbox to verify: %d", count(sup, "inbox-verify"))
		}
		sup.ClickAndLoad("open the warnings to verify", chromedp.CSS("#inbox-verify"))
		sup.ClickAndLoad("open it", chromedp.CSS(`#warning-table tbody tr:first-child td[data-label="预警内容"] a`))
		if sup.Location() != page {
			t.Fatalf("supervisor opened %s, want %s", sup.Location(), page)
		}
		act(sup, "return", "未附申请强制执行的受理材料")
		if st := sup.Text("#warning-stage"); st != "整改中" {
			t.Fatalf("after return: %q", st)
		}

		// The agency sees it returned and explains.
		agency.Nav("home", base+"/")
		if count(agency, "inbox-returned") != 1 {
			t.Fatalf("returned to the agency: %d", count(agency, "inbox-returned"))
		}
		agency.ClickAndLoad("open the returned ones", chromedp.CSS("#inbox-returned"))
		agency.ClickAndLoad("open it", chromedp.CSS(`#warning-table tbody tr:first-child td[data-label="预警内容"] a`))
		act(agency, "explain", "已于2025年2月申请法院强制执行，法院已受理，附受理通知书")

		// The supervisor verifies and closes it.
		sup.Nav("reload", page)
		act(sup, "verify", "材料齐全，予以销号")
		if st := sup.Text("#warning-stage"); st != "已销号" {
			t.Fatalf("after verify: %q", st)
		}
		hist := webtest.Run(sup, "history", chromedp.Evaluate[[]string](
			`[...document.querySelectorAll('#warning-history tbody td.action')].map(td => td.textContent.trim())`))
		want := []string{"发出预警", "签收", "报送整改情况", "退回", "说明理由", "核查销号"}
		if strings.Join(hist, ",") != strings.Join(want, ",") {
			t.Errorf("history %v, want %v", hist, want)
		}
		if strings.Contains(sup.Text("#acts"), "核查销号") {
			t.Error("a closed warning still offers acts")
		}
		agency.Nav("home", base+"/")
		if got := count(agency, "inbox-sign"); got != n-1 {
			t.Errorf("to sign after: %d, want %d", got, n-1)
		}
		agency.CheckNoExceptions()
		sup.CheckNoExceptions()
	})
}
