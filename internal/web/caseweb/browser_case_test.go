package caseweb_test

// A general-procedure penalty case from 登记 to 归档 in a real browser
// (headless Chromium through chromedp), on both engines: the officer
// registers it with two officers, the head approves filing, the officer
// investigates with an uploaded evidence file and concludes, a decision
// before the legal review is refused in Chinese, the reviewer passes the
// review of the major case and the heads discuss it collectively, the
// officer sends the notice with the hearing right, the head decides after
// the 陈述申辩 and hearing request periods, the officer prints the
// decision, delivers, records the payment and publishes, the head closes
// and archives, and the public decisions page shows the party's name
// masked. The server runs on the fixture world's pinned day; the acts are
// backdated with the date fields in the order they happen (register and
// file 30 days ago, notice 15 days ago, decide today) so the 5-working-day
// 陈述申辩 and hearing request periods have run, and the later acts keep the form's
// default date, the server's today. Plus a phone-width check of the forms.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zfjd/internal/cases"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

func TestBrowserCaseGeneralProcedure(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		start := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		t.Cleanup(cancel)
		w := testworld.Build(t, db)
		(&webtest.World{World: w}).AddBenchmarks(t)
		base := webtest.Serve(ctx, t, db)
		root := webtest.Launch(ctx, t, chromium)
		// One browser context per person: each has its own session cookie.
		off, head, rev := root.Anonymous(), root.Anonymous(), root.Anonymous()
		for _, x := range []struct {
			b    *webtest.Tab
			user string
		}{{off, "officer"}, {head, "head"}, {rev, "reviewer"}} {
			x.b.Do("desktop viewport", chromedp.EmulateViewport(1280, 900))
			bcLogin(x.b, base, x.user)
		}

		// 登记: the officer fills the form as a person does.
		off.Nav("open /cases", base+"/cases")
		off.ClickAndLoad("open the registration form", chromedp.CSS("#case-new"))
		if h := off.Text("h1"); h != "登记案件" {
			t.Fatalf("registration page heading %q", h)
		}
		if checked := webtest.Run(off, "officer preselected", chromedp.Evaluate[bool](fmt.Sprintf(
			`document.querySelector('#case-form input[name=officers][value="%s"]').checked`, testworld.CertA))); !checked {
			t.Error("the signed-in officer is not preselected")
		}
		const desc = "当事人在其经营的超市甲七号货架上销售超过保质期的预包装食品12件，货值金额360元。"
		off.Do("type the case",
			chromedp.SendKeys(chromedp.CSS(`#case-form input[name=title]`), "销售超过保质期的食品测试案"),
			chromedp.SendKeys(chromedp.CSS(`#case-form input[name="party.name"]`), "张砚秋"),
			chromedp.SendKeys(chromedp.CSS(`#case-form input[name="party.id_number"]`), webtest.PartyID("031")),
			chromedp.SendKeys(chromedp.CSS(`#case-form input[name="party.address"]`), "济南市历下区泉城路1号"),
			chromedp.SendKeys(chromedp.CSS(`#case-form textarea[name="facts.description"]`), desc),
			chromedp.Click(chromedp.CSS(`#case-form input[name="facts.major"]`)),
			chromedp.Click(chromedp.CSS(fmt.Sprintf(`#case-form input[name=officers][value="%s"]`, testworld.CertB))))
		bcSet(off, "#case-form", map[string]string{"matter_code": testworld.Matter, "facts.act_date": webtest.DaysAgo(60),
			"facts.first_offense": "1", "facts.harm": "slight", "facts.corrected": "0", "at": webtest.DaysAgo(30)})
		if v := webtest.Run(off, "summary fields hidden", chromedp.Evaluate[string](
			`getComputedStyle(document.getElementById('summary-fields')).display`)); v != "none" {
			t.Errorf("the 当场处罚 fields show for a general-procedure case (display %q)", v)
		}
		off.ClickAndLoad("submit the registration", chromedp.CSS(`#case-form button[type=submit]`))
		caseURL := strings.SplitN(off.Location(), "#", 2)[0]
		if !regexp.MustCompile(`/cases/\d+$`).MatchString(caseURL) {
			t.Fatalf("after registering the browser is at %s (page says %.300s)", caseURL, off.Text("body"))
		}
		if st := off.Text("#case-status"); st != "已登记" {
			t.Errorf("status after registering: %q", st)
		}
		caseNo := off.Text("h1 .mono")
		if n := strings.Join(strings.Fields(off.Text("#next")), ""); !strings.Contains(n, "立案由执法部门负责人办理") {
			t.Errorf("下一步 after registering: %q", n)
		}
		if n := webtest.Run(off, "officer's act forms", chromedp.Evaluate[int](`document.querySelectorAll('#act-filed').length`)); n != 0 {
			t.Error("the officer is offered 立案")
		}

		// 立案 by the head, 30 days ago; the team is preselected.
		bcAct(head, caseURL, "filed", map[string]string{"at": webtest.DaysAgo(30), "note": "符合立案条件，同意立案"}, nil)
		if st := head.Text("#case-status"); st != "已立案" {
			t.Errorf("status after filing: %q", st)
		}

		// 调查取证 with a photo of the scene, then 调查终结.
		photo := bytes.Repeat([]byte("\xff\xd8\xff\xe0 scene photo "), 3000)
		dir := t.TempDir()
		photoPath := filepath.Join(dir, "现场照片.jpg")
		if err := os.WriteFile(photoPath, photo, 0o644); err != nil {
			t.Fatal(err)
		}
		bcAct(off, caseURL, "investigation", map[string]string{"at": webtest.DaysAgo(25), "note": "现场检查，制作现场笔录，拍摄照片",
			"ev_kind": "scene_record", "ev_title": "现场检查照片"}, []string{photoPath})
		sum := sha256.Sum256(photo)
		if ev := off.Text("#evidence table"); !strings.Contains(ev, "现场照片.jpg") || !strings.Contains(ev, hex.EncodeToString(sum[:])) {
			t.Errorf("evidence table lacks the file or its SHA-256:\n%s", ev)
		}
		bcAct(off, caseURL, "investigation_concluded", map[string]string{"at": webtest.DaysAgo(20), "note": "事实清楚，建议给予行政处罚"}, nil)

		// The head tries to decide before the legal review: refused, in Chinese.
		head.Nav("open the case", caseURL)
		bcOpen(head, "decided")
		fine := ucFine(t, db)
		if s := head.Text("#discretion"); !strings.Contains(s, "建议裁量阶次") || !strings.Contains(s, "元至") {
			t.Errorf("discretion panel (suggestion and the tier ranges in force): %q", s)
		}
		bcFill(head, "decided", map[string]string{"tier": "ordinary", "amount_fine": fine, "note": "依据有关规定作出处罚"})
		head.Do("choose the penalties", chromedp.Click(chromedp.CSS(`#act-form-decided input[name=penalty][value=warning]`)),
			chromedp.Click(chromedp.CSS(`#act-form-decided input[name=penalty][value=fine]`)))
		statusBefore := head.Text("#case-status")
		bcClickStatus(head, "decide before the review", `#act-form-decided button[type=submit]`, http.StatusBadRequest)
		if msg := head.Text("#act-decided .refusal"); !strings.Contains(msg, "不能办理") || !strings.Contains(msg, "法制审核") {
			t.Errorf("refusal shown: %q", msg)
		}
		if st := head.Text("#case-status"); st != statusBefore {
			t.Errorf("status after the refusal: %q, was %q", st, statusBefore)
		}

		// 法制审核 by the reviewer (preselected), passed.
		bcAct(rev, caseURL, "legal_review", map[string]string{"at": webtest.DaysAgo(18), "note": "事实清楚，证据确凿，程序合法，适用依据正确"}, nil)
		if tl := rev.Text("#timeline"); !strings.Contains(tl, "审核通过") || !strings.Contains(tl, webtest.NameReviewer) {
			t.Errorf("timeline after the review: %s", tl)
		}

		// 集体讨论 by the head: the case is a major violation (处罚法 Art. 57
		// 第二款), so the heads decide it collectively.
		bcAct(head, caseURL, "collective_discussion", map[string]string{"at": webtest.DaysAgo(17), "note": "负责人集体讨论，同意给予警告并处罚款"}, nil)

		// 告知 with the hearing right, 15 days ago; the form is opened from
		// the keyboard.
		off.Nav("open the case", caseURL)
		off.Do("open 事先告知 with the keyboard", chromedp.Focus(chromedp.CSS("#act-notified > summary")), chromedp.KeyEvent("\r"))
		if open := webtest.Run(off, "details open", chromedp.Evaluate[bool](`document.getElementById('act-notified').open`)); !open {
			t.Error("Enter on the summary did not open the 事先告知 form")
		}
		if hr := webtest.Run(off, "hearing right", chromedp.Evaluate[bool](`document.querySelector('#act-form-notified input[name=hearing_right]').checked`)); !hr {
			t.Error("告知听证权利 is not preselected")
		}
		bcFill(off, "notified", map[string]string{"at": webtest.DaysAgo(15), "note": "拟给予警告并处罚款" + fine + "元"})
		off.ClickAndLoad("send the notice", chromedp.CSS("#act-form-notified button[type=submit]"))

		// 决定 by the head, today: the request window has run.
		// The 决定书编号 is left blank: the system numbers it below.
		bcAct(head, caseURL, "decided", map[string]string{"tier": "ordinary", "amount_fine": fine, "note": "依据有关规定作出处罚"},
			nil, `input[name=penalty][value=warning]`, `input[name=penalty][value=fine]`)
		if st := head.Text("#case-status"); st != "已决定" {
			t.Fatalf("status after the decision: %q (%s)", st, head.Text("#acts"))
		}

		// The officer numbers the decision on the documents page (a POST:
		// opening a document never uses up a number), opens and prints it.
		off.Nav("open the documents", caseURL+"/docs")
		off.ClickAndLoad("number the decision", chromedp.CSS(`form[action$="/docs/decision/issue"] button[type=submit]`))
		if f := off.Text(".flash"); !strings.Contains(f, "已编号") {
			t.Errorf("flash after numbering: %q", f)
		}
		off.Nav("open the case", caseURL)
		href := webtest.Run(off, "decision link", chromedp.AttributeValue(chromedp.CSS("#doc-decision"), "href"))
		off.NavStatus("open the decision document", base+href.Value, http.StatusOK)
		if body := off.Text("body"); !strings.Contains(body, "行政处罚决定书") || !strings.Contains(body, "张砚秋") ||
			!strings.Contains(body, "甲七号货架上销售超过保质期") || !strings.Contains(body, "济历下市监罚〔2026〕1号") {
			t.Errorf("decision document:\n%.600s", body)
		}
		pdf := webtest.Run(off, "print the decision", chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
		if !bytes.HasPrefix(pdf, []byte("%PDF")) || len(pdf) < 1000 {
			t.Errorf("printing the decision gave %d bytes", len(pdf))
		}

		// 送达 on a phone: the form fits, and the officers picker asks for
		// two only while a method done in person is chosen.
		mob := root.Anonymous()
		mob.Do("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
		bcLogin(mob, base, "officer")
		mob.Nav("the decided case on a phone", caseURL)
		bcOpen(mob, "delivered")
		bcFits(mob, "#act-form-delivered", 390)
		needs := func(method string) string {
			bcFill(mob, "delivered", map[string]string{"method": method})
			return webtest.Run(mob, "officer note for "+method, chromedp.Evaluate[string](`(() => {
				const two = document.querySelector('#act-form-delivered .need-two'), one = document.querySelector('#act-form-delivered .need-one');
				return (two.offsetParent ? "two" : "") + (one.offsetParent ? "one" : "");
			})()`))
		}
		for method, want := range map[string]string{"direct": "two", "left": "two", "post": "one", "electronic": "one", "public_notice": "one"} {
			if got := needs(method); got != want {
				t.Errorf("送达方式 %s: the picker says %q, want %q", method, got, want)
			}
		}
		mob.CheckNoExceptions()

		// 送达 (直接送达 by the two), 缴纳 (the fine is prefilled), 公示.
		off.Nav("open the case for delivered", caseURL)
		bcOpen(off, "delivered")
		off.SelectByLabel("delivered-method", "直接送达")
		bcFill(off, "delivered", map[string]string{"note": "当事人签收"})
		bcClickStatus(off, "submit delivered", "#act-form-delivered button[type=submit]", http.StatusOK)
		if tl := off.Text("#timeline"); !strings.Contains(tl, "送达方式：直接送达") {
			t.Errorf("timeline after the delivery: %s", tl)
		}
		if v := webtest.Run(off, "amount", chromedp.Evaluate[string](`document.querySelector('#act-form-paid input[name=amount]').value`)); v != fine {
			t.Errorf("payment amount prefilled %q", v)
		}
		bcAct(off, caseURL, "paid", map[string]string{"note": "缴款书号 370102-000123"}, nil)
		bcAct(off, caseURL, "published", nil, nil)
		// 结案, 归档 by the head.
		bcAct(head, caseURL, "closed", nil, nil)
		bcAct(head, caseURL, "archived", nil, nil)
		if st := head.Text("#case-status"); st != "已归档" {
			t.Errorf("final status %q", st)
		}
		tl := head.Text("#timeline")
		for _, want := range []string{"发现/登记", "立案", "调查取证", "调查终结", "法制审核", "集体讨论", "事先告知", "作出决定", "送达", "缴纳罚款", "公示", "结案", "归档"} {
			if !strings.Contains(tl, want) {
				t.Errorf("timeline lacks %s", want)
			}
		}
		if n := webtest.Run(head, "act forms", chromedp.Evaluate[int](`document.querySelectorAll('details.act').length`)); n != 0 {
			t.Errorf("an archived case offers %d act forms", n)
		}

		// The public decisions page: the decision, the party's name masked.
		pub := root.Anonymous()
		pub.NavStatus("open /public/decisions", base+"/public/decisions", http.StatusOK)
		pub.Do("search the decisions", chromedp.SendKeys(chromedp.CSS(`main form input[name=q]`), "甲七号货架"))
		pub.ClickAndLoad("submit the search", chromedp.CSS(`main form button[type=submit]`))
		body := pub.Text("main")
		if !strings.Contains(body, "张某") || strings.Contains(body, "张砚秋") || strings.Contains(body, webtest.PartyID("031")) {
			t.Errorf("public decisions page (case %s) should show 张某某 and not the name or 身份证号:\n%.800s", caseNo, body)
		}

		// On a phone (390 px): the forms stack and nothing sticks out.
		ph := root.Anonymous()
		ph.Do("phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
		bcLogin(ph, base, "officer")
		open, err := w.Cases.Create(w.Ctx, testworld.As("officer"), testworld.NewCase(),
			cases.Event{At: testworld.Today, Officers: []string{testworld.CertA, testworld.CertB}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		openURL := fmt.Sprintf("%s/cases/%d", base, open.ID)
		ph.Nav("registration on a phone", base+"/cases/new")
		bcFits(ph, "#case-form", 390)
		ph.Nav("a case on a phone", caseURL)
		bcFits(ph, "#party", 390)
		// The 下一步 steps wrap inside the screen (the archived case has
		// none, so an open one is measured).
		ph.Nav("an open case on a phone", openURL)
		if n := webtest.Run(ph, "next steps on a phone", chromedp.Evaluate[int](`(() => {
			const items = document.querySelectorAll('#next li');
			for (const li of items) { if (li.getBoundingClientRect().right > 391) return -1; }
			return document.documentElement.scrollWidth > 391 ? -2 : items.length;
		})()`)); n <= 0 {
			t.Errorf("下一步 on a phone: %d (0: no steps, -1: a step reaches past 390px, -2: the page scrolls sideways)", n)
		}

		for _, b := range []*webtest.Tab{off, head, rev, pub, ph} {
			b.CheckNoExceptions()
		}
		t.Logf("%s: case %s from 登记 to 归档 in %v", db.Dialect, caseNo, time.Since(start).Round(time.Millisecond))
	})
}

// bcLogin signs in through the form.
func bcLogin(b *webtest.Tab, base, user string) {
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

// bcSet sets named fields inside the element sel and fires change events,
// as choosing a date or an option does.
func bcSet(b *webtest.Tab, sel string, values map[string]string) {
	b.T.Helper()
	js, _ := json.Marshal(values)
	jsel, _ := json.Marshal(sel)
	msg := webtest.Run(b, "fill "+sel, chromedp.Evaluate[string](fmt.Sprintf(`(() => {
		const root = document.querySelector(%s), vals = %s;
		if (!root) return "no " + %s;
		for (const [name, v] of Object.entries(vals)) {
			const el = root.querySelector('[name="' + name + '"]');
			if (!el) return "no field " + name;
			if (el.tagName === "SELECT" && !Array.from(el.options).some(o => o.value === v)) return "no option " + v + " in " + name;
			el.value = v;
			el.dispatchEvent(new Event("input", {bubbles: true}));
			el.dispatchEvent(new Event("change", {bubbles: true}));
		}
		return "";
	})()`, jsel, js, jsel)))
	if msg != "" {
		b.T.Fatalf("fill %s: %s", sel, msg)
	}
}

// bcOpen unfolds the form of an act.
func bcOpen(b *webtest.Tab, typ string) {
	b.T.Helper()
	open := webtest.Run(b, "is "+typ+" open", chromedp.Evaluate[bool](fmt.Sprintf(`(() => { const d = document.getElementById('act-%s'); return !d || d.open })()`, typ)))
	if !open {
		b.Do("open the form "+typ, chromedp.Click(chromedp.CSS("#act-"+typ+" > summary")))
	}
	b.Do("form "+typ+" visible", chromedp.WaitVisible(chromedp.CSS("#act-form-"+typ+" button[type=submit]")))
}

// bcFill sets fields of an act form.
func bcFill(b *webtest.Tab, typ string, values map[string]string) {
	b.T.Helper()
	if len(values) > 0 {
		bcSet(b, "#act-form-"+typ, values)
	}
}

// bcAct opens the case page, records one act through its form (values,
// files for the evidence input, boxes to tick) and checks the flash.
func bcAct(b *webtest.Tab, caseURL, typ string, values map[string]string, files []string, tick ...string) {
	b.T.Helper()
	b.Nav("open the case for "+typ, caseURL)
	bcOpen(b, typ)
	bcFill(b, typ, values)
	for _, sel := range tick {
		b.Do("tick "+sel, chromedp.Click(chromedp.CSS("#act-form-"+typ+" "+sel)))
	}
	if len(files) > 0 {
		b.Do("choose the files", chromedp.SetUploadFiles(chromedp.CSS("#act-form-"+typ+" input[type=file]"), files))
	}
	bcClickStatus(b, "submit "+typ, "#act-form-"+typ+" button[type=submit]", http.StatusOK)
	if f := b.Text(".flash"); !strings.Contains(f, "已记录") {
		b.T.Fatalf("act %s: flash %q; the page says %.400s", typ, f, b.Text("#acts"))
	}
}

// bcClickStatus clicks and checks the status of the page it leads to
// (after redirects).
func bcClickStatus(b *webtest.Tab, step, sel string, want int) {
	b.T.Helper()
	resp, err := chromedp.RunResponse(b.Ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		b.T.Fatalf("%s (click %s): %v", step, sel, err)
	}
	if resp == nil || int(resp.Status) != want {
		got := -1
		if resp != nil {
			got = int(resp.Status)
		}
		b.T.Fatalf("%s: status %d, want %d: %.500s", step, got, want, b.Text("main"))
	}
}

// bcFits checks that no control inside sel reaches past width px.
func bcFits(b *webtest.Tab, sel string, width int) {
	b.T.Helper()
	jsel, _ := json.Marshal(sel)
	m := webtest.Run(b, "measure "+sel, chromedp.Evaluate[struct {
		Right  float64 `json:"right"`
		Widest string  `json:"widest"`
		Scroll int     `json:"scroll"`
	}](fmt.Sprintf(`(() => {
		let right = 0, widest = "";
		for (const el of document.querySelectorAll(%s + " input, " + %s + " select, " + %s + " textarea, " + %s + " button, " + %s + " dd")) {
			if (!el.offsetParent || el.type === "hidden") continue;
			const r = el.getBoundingClientRect();
			if (r.right > right) { right = r.right; widest = el.outerHTML.slice(0, 120); }
		}
		return {right, widest, scroll: document.documentElement.scrollWidth};
	})()`, jsel, jsel, jsel, jsel, jsel)))
	if m.Right > float64(width)+1 || m.Scroll > width+1 {
		b.T.Errorf("%s at %dpx: a control reaches %.0fpx (%s), page %dpx wide", sel, width, m.Right, m.Widest, m.Scroll)
	}
}
