package complaintweb_test

// The "done when" of 码上监督 in a real browser (headless Chromium), on both
// engines: a person on a 390 px phone scans an officer's certificate QR,
// verifies it, taps 我要投诉 and files a named complaint about that officer
// (the page solves the proof of work), gets a tracking code and a secret;
// the district's supervisor accepts and forwards it, the agency replies
// without ever seeing who complained, the supervisor answers; the person
// tracks it, reads the answer and rates it.

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

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
	if loc := b.Location(); loc != base+"/" {
		b.T.Fatalf("login %s: at %s (%.200s)", user, loc, b.Text("body"))
	}
}

// act opens the act's form on the complaint page, types the note and submits.
func act(b *webtest.Tab, typ, note string) {
	b.T.Helper()
	b.Do("open "+typ, chromedp.Click(chromedp.CSS(`#act-`+typ+` summary`)))
	if note != "" {
		b.Do("type the note of "+typ, chromedp.SendKeys(chromedp.CSS(`#act-form-`+typ+` textarea[name=note]`), note))
	}
	b.ClickAndLoad("submit "+typ, chromedp.CSS(`#act-form-`+typ+` button[type=submit]`))
}

// narrow fails when the phone page scrolls sideways.
func narrow(p *webtest.Tab, what string) {
	p.T.Helper()
	if w := webtest.Run(p, "page width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 391 {
		p.T.Errorf("%s at 390px: page is %dpx wide, scrolls sideways", what, w)
	}
}

func TestBrowserComplaint(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
		t.Cleanup(cancel)
		w := testworld.Build(t, db)
		base := webtest.Serve(ctx, t, db)
		o, err := registry.GetOfficer(w.Ctx, db, w.Admin, testworld.CertA)
		if err != nil {
			t.Fatal(err)
		}
		v, err := registry.LoadVerifier(w.Ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		staff := webtest.Launch(ctx, t, chromium)

		// The citizen's phone.
		p := staff.Anonymous()
		p.Do("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
		p.Nav("scan the officer's QR", base+"/verify/"+v.Token(o.VerifyID))
		if got := p.Text("#verdict"); got != "有效" {
			t.Fatalf("verdict %q", got)
		}
		p.ClickAndLoad("tap 我要投诉", chromedp.CSS("#complain-officer"))
		if about := p.Text("#about-officer"); !strings.Contains(about, "张明") || !strings.Contains(about, testworld.CertA) {
			t.Fatalf("the form is not about the officer: %q", about)
		}
		narrow(p, "complaint form")
		p.SelectByLabel("category", "不亮证")
		p.Do("fill in the complaint",
			chromedp.SendKeys(chromedp.ID("place"), "历下区泉城路1号"),
			chromedp.SendKeys(chromedp.ID("description"), "今天上午检查我店时，这位执法人员没有出示执法证件。"),
			chromedp.Click(chromedp.ID("anonymous")), // named: the phone fields appear
			chromedp.WaitVisible(chromedp.ID("phone")),
			chromedp.SendKeys(chromedp.ID("name"), "王先生"),
			chromedp.SendKeys(chromedp.ID("phone"), "13800138000"))
		p.Do("submit (the page solves the proof of work first)", chromedp.Click(chromedp.ID("complaint-submit")),
			chromedp.WaitVisible(chromedp.ID("tracking-code")))
		code, secret := p.Text("#tracking-code"), p.Text("#tracking-secret")
		if !strings.HasPrefix(code, "TS") || len(secret) != 16 {
			t.Fatalf("receipt %q %q", code, secret)
		}
		narrow(p, "receipt")

		// Supervision accepts and forwards it to the officer's agency.
		login(staff, base, "supervisor")
		staff.Nav("open the complaints", base+"/complaints?status=received")
		staff.ClickAndLoad("open the complaint", chromedp.CSS(`#complaint-table a`))
		page := staff.Location()
		act(staff, "accept", "")
		act(staff, "forward", "请核实执法人员是否亮证")
		if s := staff.Text("#complaint-status"); s != "已转办" {
			t.Fatalf("after forward: %q", s)
		}
		staff.ClickAndLoad("reveal the contact", chromedp.CSS("#reveal-contact"))
		if c := staff.Text("#complaint-contact"); !strings.Contains(c, "13800138000") {
			t.Fatalf("supervision cannot read the contact: %q", c)
		}

		// The agency replies and never sees who complained.
		ag := staff.Anonymous()
		login(ag, base, "agency_admin")
		ag.Nav("open the forwarded complaint", page)
		if html := ag.HTML(); strings.Contains(html, "13800138000") || strings.Contains(html, "王先生") || strings.Contains(html, "reveal-contact") {
			t.Fatal("the agency complained about sees the complainant")
		}
		act(ag, "reply", "经核实，该执法人员检查时未出示证件，已批评教育并责令整改。")

		staff.Nav("back to the complaint", page)
		act(staff, "answer", "您反映的执法人员未亮证问题属实，已责令其所在部门批评教育并整改。感谢您的监督。")
		if s := staff.Text("#complaint-status"); s != "已答复" {
			t.Fatalf("after answer: %q", s)
		}

		// The citizen tracks it, reads the answer and rates it.
		p.Nav("open tracking", base+"/complaint/track?code="+code)
		p.Do("type the secret", chromedp.SendKeys(chromedp.ID("secret"), secret))
		p.ClickAndLoad("track", chromedp.CSS("#track-submit"))
		if a := p.Text("#track-answer"); !strings.Contains(a, "已责令") {
			t.Fatalf("answer %q", a)
		}
		if s := p.Text("#track-status"); s != "已答复" {
			t.Fatalf("status %q", s)
		}
		narrow(p, "tracking page")
		p.Do("choose 5", chromedp.Click(chromedp.ID("score-5")))
		p.ClickAndLoad("rate", chromedp.CSS("#rate-submit"))
		if r := p.Text("#track-rating"); !strings.Contains(r, "5分") {
			t.Fatalf("rating %q", r)
		}
		p.CheckNoExceptions()
		staff.CheckNoExceptions()
	})
}
