package complaintweb_test

// The "done when" of 码上监督 in a real browser (headless Chromium), on both
// engines: a person on a 390 px phone scans an officer's certificate QR,
// verifies it, taps 我要投诉 and files a named complaint about that officer
// (the page solves the proof of work), gets a tracking code and a secret;
// the district's supervisor accepts and forwards it, the agency replies
// without ever seeing who complained, the supervisor answers; the person
// tracks it, reads the answer and rates it. Then a social supervisor
// (appointed by the city) on a phone records an on-site observation with
// a photo and sends a clue; the district accepts the observation and
// turns its finding into a clue too.

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zfjd/internal/calendar"
	"zfjd/internal/complaint"
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
		ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute) // the citizen's path and the social supervisor's, on a shared machine
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
		// The agency's list of what was forwarded to it names no complainant either.
		ag.Nav("the agency's complaints", base+"/complaints")
		if html := ag.HTML(); !strings.Contains(html, code) || strings.Contains(html, "13800138000") || strings.Contains(html, "王先生") {
			t.Fatal("the agency's list misses the complaint or shows who complained")
		}

		socialObserves(t, w, db, staff, base)
		p.CheckNoExceptions()
		staff.CheckNoExceptions()
	})
}

// socialObserves: the city appoints the social account; on a 390 px phone
// it records an observation of the district's agency with a photo (its
// EXIF dropped on the way) and sends a clue; the district's supervisor
// (staff, signed in) accepts the record and turns its finding into a clue.
func socialObserves(t *testing.T, w *testworld.World, db *store.DB, staff *webtest.Tab, base string) {
	t.Helper()
	keys, err := complaint.StoredKeys(w.Ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := complaint.NewService(db, calendar.RulesCalendar, keys).Appoint(w.Ctx, testworld.As("city"), complaint.Appointment{
		Username: "social", Name: "刘监督", Region: "370100", Field: "市场监管", TermFrom: "2026-01-01", TermTo: "2026-12-31"}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, image.NewGray(image.Rect(0, 0, 8, 8)), nil); err != nil {
		t.Fatal(err)
	}
	raw := buf.Bytes()
	exif := append([]byte{0xFF, 0xE1, 0x00, 0x14}, []byte("Exif\x00\x00GPS36.6N117E")...)
	file := filepath.Join(t.TempDir(), "IMG_0002.jpg")
	if err := os.WriteFile(file, append(append(append([]byte{}, raw[:2]...), exif...), raw[2:]...), 0o600); err != nil {
		t.Fatal(err)
	}

	soc := staff.Anonymous()
	soc.Do("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
	login(soc, base, "social")
	soc.Nav("open the observation form", base+"/observations/new")
	narrow(soc, "observation form")
	soc.Do("fill in the observation",
		chromedp.SetValue(chromedp.CSS(`#obs-agency`), testworld.Agency),
		chromedp.SetValue(chromedp.CSS(`#obs-on`), "2026-06-12"),
		chromedp.SendKeys(chromedp.CSS(`#obs-place`), "历下区某农贸市场"),
		chromedp.Click(chromedp.CSS(`#check-certificate-no`)),
		chromedp.Click(chromedp.CSS(`#check-two_officers-yes`)),
		chromedp.SendKeys(chromedp.CSS(`#obs-findings`), "检查摊位时一名执法人员未出示执法证件"),
		chromedp.SetUploadFiles(chromedp.CSS(`#obs-photos`), []string{file}))
	soc.ClickAndLoad("submit the observation", chromedp.CSS("#observation-submit"))
	if f := soc.Text(".flash"); !strings.Contains(f, "旁站式监督记录已提交") {
		t.Fatalf("after the observation: flash %q, page %.300s", f, soc.Text("main"))
	}
	obsPage := soc.Location()
	if st := soc.Text("#observation-status"); !strings.Contains(st, "待审核") {
		t.Errorf("the new record's status %q", st)
	}
	loaded := `(() => { const i = document.querySelector('#observation-photos img'); return i && i.complete ? i.naturalWidth : -1 })()`
	if wd := webtest.Run(soc, "the photo loads", chromedp.Evaluate[int](loaded)); wd != 8 {
		t.Errorf("the observation's photo natural width %d, want 8", wd)
	}
	narrow(soc, "observation record")

	soc.Nav("open 线索直通", base+"/complaints/clue")
	soc.Do("fill in the clue",
		chromedp.SetValue(chromedp.CSS(`#clue-category`), "no_certificate"),
		chromedp.SetValue(chromedp.CSS(`#clue-agency`), testworld.Agency),
		chromedp.SendKeys(chromedp.CSS(`#clue-description`), "旁站时发现执法人员未佩戴执法记录仪，也未出示证件。"))
	soc.ClickAndLoad("send the clue", chromedp.CSS("#clue-submit"))
	if f := soc.Text(".flash"); !strings.Contains(f, "跟踪码 TS") {
		t.Fatalf("after the clue: flash %q, page %.300s", f, soc.Text("main"))
	}
	if facts := soc.Text("#complaint-facts"); !strings.Contains(facts, "社会监督员线索") {
		t.Errorf("the clue is not flagged: %q", facts)
	}
	narrow(soc, "clue page")

	// The district accepts the record and turns its finding into a clue.
	staff.Nav("the observations", base+"/observations?status=submitted")
	staff.ClickAndLoad("open the record", chromedp.CSS(`#observation-table a`))
	if wd := webtest.Run(staff, "supervision sees the photo", chromedp.Evaluate[int](loaded)); wd != 8 {
		t.Errorf("supervision: photo width %d", wd)
	}
	staff.Do("accept", chromedp.Click(chromedp.CSS(`#result-accepted`)),
		chromedp.SendKeys(chromedp.CSS(`#review-note`), "情况属实，转线索办理"))
	staff.ClickAndLoad("submit the review", chromedp.CSS("#review-submit"))
	if st := staff.Text("#observation-status"); !strings.Contains(st, "已采纳") {
		t.Fatalf("after review: %q", st)
	}
	if got := webtest.Run(staff, "the clue's category", chromedp.Evaluate[string](`document.querySelector('#obs-clue-category').value`)); got != "no_certificate" {
		t.Errorf("a record of no certificate shown offers category %q", got)
	}
	staff.ClickAndLoad("turn into a clue", chromedp.CSS("#obs-clue-submit"))
	if facts := staff.Text("#complaint-facts"); !strings.Contains(facts, "社会监督员线索") || !strings.Contains(staff.Text("main"), "旁站式监督发现") {
		t.Fatalf("the clue made of the record: %.300s", staff.Text("main"))
	}
	soc.Nav("the record again", obsPage)
	if st := soc.Text("#observation-status"); !strings.Contains(st, "已采纳") || !strings.Contains(st, "情况属实") {
		t.Errorf("the social supervisor reads the review as %q", st)
	}
	if c := soc.Text("#observation-clue"); !strings.HasPrefix(c, "TS") {
		t.Errorf("the record names its clue as %q", c)
	}
	soc.ClickAndLoad("follow the clue", chromedp.CSS("#observation-clue"))
	if !strings.Contains(soc.Location(), "/complaints/") || !strings.Contains(soc.Text("main"), "旁站式监督发现") {
		t.Errorf("the social supervisor cannot follow the clue: %s", soc.Location())
	}
	soc.CheckNoExceptions()
}
