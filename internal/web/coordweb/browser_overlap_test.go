package coordweb_test

// The overlap list's other kinds and the licences page in a real browser
// (headless Chromium), on both engines (the overlap of three agencies on
// one enterprise becoming a joint action is TestBrowserCoordination's):
//   - the city's supervision body sets its region's parameters (a refusal
//     named in Chinese first), and the list uses them;
//   - 选择性执法: one agency's three fines of one matter and tier 15×
//     apart, with its one-click supervision case;
//   - a case on a matter its agency does not hold, with its one-click
//     dispute naming the agency and the holder, opened;
//   - the licences page filtered by holder and exported.

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// seedSelective writes three decided cases of the market regulator on one
// matter and tier fined 200, 1,000 and 3,000 yuan.
func seedSelective(t *testing.T, db *store.DB) {
	t.Helper()
	for i, fine := range []int64{200, 1000, 3000} {
		if _, err := db.W.Exec(`INSERT INTO cases (source_system, source_id, case_no, title, agency_code, region_code, matter_code,
			procedure_kind, party_kind, party_name, party_id_number, party_json, facts_json, events_json, body_hash, status, filed_on,
			decided_on, tier, fine_fen, created_at, updated_at) VALUES ('t', $1, $2, '销售过期食品', $3, $4, $5, 'general', 'org', $6, $7, '{}',
			'{}', '[]', '', 'decided', $8, $9, 'ordinary', $10, 0, 0)`, fmt.Sprintf("S-%d", i), fmt.Sprintf("案S%d", i), testworld.Agency,
			testworld.Region, testworld.Matter, fmt.Sprintf("济南第%d超市", i+1), fmt.Sprintf("S%017d", i), fmt.Sprintf("2026-05-0%d", i+1),
			fmt.Sprintf("2026-05-2%d", i+1), fine*100); err != nil {
			t.Fatal(err)
		}
	}
}

// download fetches the link css with the tab's session.
func download(b *webtest.Tab, css string) []byte {
	b.T.Helper()
	b64 := webtest.Run(b, "download "+css, chromedp.Evaluate[string](fmt.Sprintf(`fetch(document.querySelector(%q).href)
		.then(r => r.ok ? r.arrayBuffer() : Promise.reject("HTTP " + r.status))
		.then(buf => { const u = new Uint8Array(buf); let s = ""; for (const c of u) s += String.fromCharCode(c); return btoa(s); })`, css),
		chromedp.EvalAwaitPromise))
	body, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		b.T.Fatal(err)
	}
	return body
}

func TestBrowserOverlapKindsAndLicences(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), 6*time.Minute)
		t.Cleanup(cancel)
		w := testworld.Build(t, db)
		seedOverlap(t, w, db) // the 市中区 bureau's case on a matter only the 历下 bureau holds
		seedSelective(t, db)
		addLicences(t, w, 23)
		base := webtest.Serve(ctx, t, db)
		root := webtest.Launch(ctx, t, chromium)
		city, county := root.Anonymous(), root.Anonymous()
		login(city, base, "city")
		login(county, base, "supervisor")

		// The region's parameters: a refusal names the field, then saved.
		city.Nav("the overlap list", base+"/coordination/overlaps")
		city.Do("open the parameters", chromedp.Click(chromedp.CSS("#overlap-settings summary")),
			chromedp.SetValue(chromedp.CSS("#window_days"), "400"))
		if resp, err := chromedp.RunResponse(city.Ctx, chromedp.Click(chromedp.CSS("#overlap-settings-save"))); err != nil || resp == nil ||
			resp.Status != 400 {
			t.Fatalf("save a window over a year: %v %v", resp, err)
		}
		if e := city.Text("#overlap-settings"); !strings.Contains(e, "时间窗口应为1至366天") {
			t.Fatalf("the refusal: %q", e)
		}
		city.Do("fix the window", chromedp.SetValue(chromedp.CSS("#window_days"), "120"),
			chromedp.SetValue(chromedp.CSS("#selective_ratio"), "10"))
		city.ClickAndLoad("save the parameters", chromedp.CSS("#overlap-settings-save"))
		if h := city.Text("main"); !strings.Contains(h, "已保存本区划重复执法发现参数") || !strings.Contains(h, "时间窗口默认120天") ||
			!strings.Contains(h, "370100设置") || !strings.Contains(h, "最高罚款达到最低罚款的10倍以上") {
			t.Fatalf("after saving: %.600s", h)
		}

		// 选择性执法, one click to a supervision case.
		if s := city.Text("#selective-0"); !strings.Contains(s, "济南市历下区市场监督管理局") || !strings.Contains(s, "3件案件") ||
			!strings.Contains(s, "罚款200元至3000元，相差15倍") {
			t.Fatalf("the selective group: %q", s)
		}
		city.ClickAndLoad("受理监督", chromedp.CSS("#selective-supervise-0"))
		if s := webtest.Run(city, "the summary", chromedp.Value(chromedp.CSS("#summary"))); !strings.Contains(s, "涉嫌选择性执法") {
			t.Fatalf("the supervision form's summary: %q", s)
		}

		// A matter not held, one click to a dispute with the holder.
		city.Nav("the overlap list again", base+"/coordination/overlaps")
		if n := city.Text("#not-held-0"); !strings.Contains(n, "济南市市中区市场监督管理局") ||
			!strings.Contains(n, "实施主体：济南市历下区市场监督管理局") {
			t.Fatalf("the not-held group: %q", n)
		}
		city.ClickAndLoad("提请协调", chromedp.CSS("#not-held-coordinate-0"))
		city.ClickAndLoad("submit the dispute", chromedp.CSS("#dispute-submit"))
		if f := city.Text("#dispute-facts"); !strings.Contains(f, "行政执法事项清单（实施主体）争议") || !strings.Contains(f, testworld.Matter) {
			t.Fatalf("the dispute: %q", f)
		}
		if n := city.Text("#next"); !strings.Contains(n, "提交书面意见") {
			t.Fatalf("the dispute's 下一步: %q", n)
		}

		// The licences page: filter by holder, export what is shown.
		county.Nav("the licences", base+"/licenses")
		county.Do("type the holder", chromedp.SendKeys(chromedp.CSS("#license-holder"), "便利店2"))
		county.ClickAndLoad("search", chromedp.CSS("#license-search"))
		if n := webtest.Run(county, "rows", chromedp.Evaluate[int](`document.querySelectorAll("#license-table tbody tr").length`)); n != 5 {
			t.Fatalf("licences of 便利店2…: %d rows", n)
		}
		x, err := excelize.OpenReader(bytes.NewReader(download(county, "#licenses-export")))
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := x.GetRows("行政许可"); len(got) != 6 {
			t.Fatalf("the export has %d rows", len(got))
		}
		county.Nav("the granted licences", base+"/licenses?status=granted")
		county.ClickAndLoad("the granted licence", chromedp.CSS(`#license-table tbody tr a`))
		if s := county.Text("#license-notices"); !strings.Contains(s, "许可机关告知监管机关") {
			t.Fatalf("the licence's notices: %q", s)
		}
		city.CheckNoExceptions()
		county.CheckNoExceptions()
	})
}
