package supervisionweb_test

// In a real browser (headless Chromium), on both engines: a supervisor
// opens a warning of a late case, opens a supervision case from it, files
// it and issues a 行政执法监督意见书 (《行政执法监督条例》第二十八条)
// delivered today, prints it; the warning page links back; the agency's
// administrator sees the case and reports its correction. The measure
// names two holders of 行政执法监督证 ticked from the register (鲁条例 Art.
// 22); a 通报 向社会公布 (条例 Art. 31) is read by anyone from the portal's
// header.

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zfjd/internal/auth"
	"zfjd/internal/store"
	"zfjd/internal/supervision"
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

// act opens an act's form, fills the note (and more) and submits it.
func act(b *webtest.Tab, typ, note string, more ...chromedp.Action[chromedp.Void]) {
	b.T.Helper()
	b.Do("open "+typ, chromedp.Click(chromedp.CSS(`#act-`+typ+` summary`)))
	if note != "" {
		b.Do("type the note of "+typ, chromedp.SendKeys(chromedp.CSS(`#act-form-`+typ+` textarea[name=note]`), note))
	}
	if len(more) > 0 {
		b.Do("fill "+typ, more...)
	}
	b.ClickAndLoad("submit "+typ, chromedp.CSS(`#act-form-`+typ+` button[type=submit]`))
}

func TestBrowserSupervisionOpinion(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
		t.Cleanup(cancel)
		w := testworld.Build(t, db)
		base := webtest.Serve(ctx, t, db)
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
		for _, x := range []struct{ no, name string }{{"LJ37010200001", "监督员甲"}, {"LJ37010200002", "监督员乙"}} {
			if _, err := supervision.NewService(db).AddCert(w.Ctx, testworld.As("supervisor"), supervision.CertInput{CertNo: x.no,
				HolderName: x.name, RegionCode: testworld.Region, ValidFrom: "2025-01-01", ValidTo: "2030-12-31"}); err != nil {
				t.Fatal(err)
			}
		}

		root := webtest.Launch(ctx, t, chromium)
		sup, agency := root.Anonymous(), root.Anonymous()
		login(sup, base, "supervisor")
		login(agency, base, "agency_admin")

		sup.Nav("warnings", base+"/warnings")
		sup.ClickAndLoad("open the first warning", chromedp.CSS(`#warning-table tbody tr:first-child td[data-label="预警内容"] a`))
		warningPage := sup.Location()
		sup.ClickAndLoad("open a supervision case from the warning", chromedp.CSS("#open-supervision"))
		if v := webtest.Run(sup, "source", chromedp.Evaluate[string](`document.querySelector('#source').value`)); v != "warning" {
			t.Fatalf("the form's source %q, want warning", v)
		}
		sup.Do("mark it 挂牌督办", chromedp.Click(chromedp.CSS(`input[name=listed]`)))
		sup.ClickAndLoad("受理", chromedp.CSS("#open-submit"))
		casePage := sup.Location()
		if !strings.Contains(casePage, "/supervision-cases/") || sup.Text("#case-status") != "待立案 挂牌督办" {
			t.Fatalf("after opening: %s %q", casePage, sup.Text("#case-status"))
		}
		if !strings.Contains(sup.Text("#from-warning"), "预警") {
			t.Error("the case does not name its warning")
		}
		act(sup, "file", "")
		if st := sup.Text("#case-status"); !strings.HasPrefix(st, "调查中") {
			t.Fatalf("after 立案: %q", st)
		}
		act(sup, "measure", "调阅该案全部案卷", chromedp.SetValue(chromedp.CSS(`#act-form-measure select[name=measure]`), "files"),
			chromedp.Click(chromedp.CSS(`#act-form-measure input[value=LJ37010200001]`)),
			chromedp.Click(chromedp.CSS(`#act-form-measure input[value=LJ37010200002]`)))
		if h := sup.Text("#case-history"); !strings.Contains(h, "监督员甲（监督证 LJ37010200001）、监督员乙（监督证 LJ37010200002）") {
			t.Fatalf("the measure's supervisors: %q", h)
		}
		// An opinion without its text is refused in Chinese.
		if resp, err := chromedp.RunResponse(sup.Ctx, chromedp.Click(chromedp.CSS(`#act-opinion summary`)),
			chromedp.Click(chromedp.CSS(`#act-form-opinion button[type=submit]`))); err != nil || resp == nil || resp.Status != http.StatusBadRequest {
			t.Fatalf("empty opinion: %v %v", resp, err)
		}
		if e := sup.Text("#act-opinion .field-error"); !strings.Contains(e, "查明的问题") {
			t.Errorf("empty opinion: %q", e)
		}
		sup.Do("type the opinion",
			chromedp.SendKeys(chromedp.CSS(`#act-form-opinion textarea[name=note]`), "罚款逾期未缴纳，未依法申请强制执行"),
			chromedp.SetValue(chromedp.CSS(`#act-form-opinion input[name=delivered_on]`), testworld.Today))
		sup.ClickAndLoad("制发监督意见书", chromedp.CSS(`#act-form-opinion button[type=submit]`))
		if st := sup.Text("#case-status"); !strings.HasPrefix(st, "待纠正") {
			t.Fatalf("after the opinion: %q", st)
		}
		if dl := sup.Text("#dl-correction"); dl != "2026-07-15" {
			t.Errorf("correction deadline %q (30 days from delivery, 鲁条例 Art. 28)", dl)
		}
		if docs := sup.Text("#case-docs"); !strings.Contains(docs, "行政执法监督意见书") || !strings.Contains(docs, "〔2026〕1号") {
			t.Fatalf("documents: %q", docs)
		}
		href := webtest.Run(sup, "opinion link", chromedp.Evaluate[string](`document.querySelector('#case-docs a[href$="/opinion"]').getAttribute('href')`))
		sup.Nav("print the opinion", base+href)
		if txt := sup.Text("body"); !strings.Contains(txt, "行政执法监督意见书") || !strings.Contains(txt, "三十日内") {
			t.Errorf("printed opinion: %.300s", txt)
		}

		sup.Nav("back to the warning", warningPage)
		if got := sup.Text("#supervision-links"); !strings.Contains(got, "待纠正") {
			t.Errorf("the warning page does not link to its supervision case: %q", got)
		}

		agency.Nav("the agency opens the case", casePage)
		act(agency, "corrected", "已向法院申请强制执行，附受理通知书")
		if st := agency.Text("#case-status"); !strings.HasPrefix(st, "已报送纠正情况") {
			t.Fatalf("after the agency's report: %q", st)
		}

		sup.Nav("the case again", casePage)
		act(sup, "notice", "该局对逾期未缴纳的罚款长期未依法申请强制执行，予以通报。",
			chromedp.SetValue(chromedp.CSS(`#act-form-notice select[name=scope]`), "public"))
		public := root.Anonymous()
		public.Nav("the portal", base+"/public")
		public.ClickAndLoad("the header's 监督通报", chromedp.CSS("#nav-supervision-notices"))
		if got := public.Text("#public-notices"); !strings.Contains(got, "监督通〔2026〕1号") {
			t.Fatalf("the portal's 通报: %q", got)
		}
		public.ClickAndLoad("open the 通报", chromedp.CSS(`#public-notices tbody tr:first-child a`))
		if got := public.Text("#public-notice"); !strings.Contains(got, "长期未依法申请强制执行") || !strings.Contains(got, "第三十一条") {
			t.Errorf("the public 通报: %q", got)
		}
		root.CheckNoExceptions()
	})
}
