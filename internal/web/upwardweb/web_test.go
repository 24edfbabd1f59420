package upwardweb_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/xuri/excelize/v2"

	"zfjd/internal/cases"
	"zfjd/internal/law"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/upward"
	"zfjd/internal/web/webtest"
)

// decided is a case pushed decided with a fine, as a vertical system does.
func decided(id string) *cases.Case {
	c := testworld.NewCase()
	c.SourceSystem, c.SourceID = "sc-market", id
	yes := true
	c.Events = []cases.Event{
		{Type: "filed", At: "2026-05-25", Officers: webtest.Team},
		{Type: "notified", At: "2026-05-27", Officers: webtest.Team, HearingRight: &yes},
		{Type: "decided", At: "2026-06-10", Outcome: "penalty", Tier: "ordinary", Penalties: []cases.Penalty{{Kind: "fine", AmountFen: 500000}}},
	}
	return c
}

// Without a target the page says so and how to add one; only a system
// administrator opens it (and sees it in the navigation).
func TestEmptyAndAccess(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := webtest.StartWorld(t, db)
		webtest.AddAdmin(t, db)
		admin := w.Login(t, "admin")
		p := admin.Get("/admin/upward")
		webtest.PageOK(t, "empty reconciliation", p)
		if got := webtest.Text(p.Doc.Find("#no-targets")); !strings.Contains(got, "尚未配置推送目标") || !strings.Contains(got, "用 zfjd upward add 添加推送目标") {
			t.Errorf("empty state: %q", got)
		}
		if p.Doc.Find("#daily, #targets, #upward-filter").Length() != 0 {
			t.Error("an empty reconciliation shows tables")
		}
		if p.Doc.Find(`nav a[href="/admin/upward"]`).Length() != 1 {
			t.Error("the administrator's navigation has no 向上推送对账")
		}
		for _, user := range []string{"city", "supervisor", "agency_admin", "officer", "social"} {
			b := w.Login(t, user)
			if p := b.Get("/admin/upward"); p.Status != http.StatusForbidden {
				t.Errorf("%s opened the reconciliation: %d", user, p.Status)
			}
			if p := b.Get("/admin/upward/export.xlsx"); p.Status != http.StatusForbidden {
				t.Errorf("%s exported the reconciliation: %d", user, p.Status)
			}
			if b.Get("/").Doc.Find(`nav a[href="/admin/upward"]`).Length() != 0 {
				t.Errorf("%s sees 向上推送对账 in the navigation", user)
			}
		}
	})
}

// The daily table has every day of the period for every target, filters
// by days and target (a bad value says so and falls back), the rejected
// changes page by 20, a paused target says how to resume, a token in an
// address is hidden, and the export holds the table as shown.
func TestReconciliation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := webtest.StartWorld(t, db)
		webtest.AddAdmin(t, db)
		ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.Copy(io.Discard, r.Body)
			fmt.Fprintf(w, `{"receipt":"R-%s"}`, r.Header.Get("Idempotency-Key"))
		}))
		defer ok.Close()
		no := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "统一社会信用代码校验不通过", http.StatusUnprocessableEntity)
		}))
		defer no.Close()
		ctx := webtest.Ctx
		for _, tg := range []*upward.Target{{Name: "province", URL: ok.URL + "/in?appkey=s3cret", Mapping: "records"},
			{Name: "credit", URL: no.URL, Mapping: "credit_penalty"}, {Name: "paused", URL: ok.URL, Mapping: "records"}} {
			if err := upward.AddTarget(ctx, db, tg, false); err != nil {
				t.Fatal(err)
			}
		}
		if err := upward.SetEnabled(ctx, db, "paused", false); err != nil {
			t.Fatal(err)
		}
		for i := range 21 {
			if _, _, err := w.Cases.Put(ctx, testworld.Robot, decided(fmt.Sprint("R-", i))); err != nil {
				t.Fatal(err)
			}
		}
		p := &upward.Pusher{DB: db, Client: &http.Client{Timeout: 5 * time.Second}, Origin: "zfjd.test/log"}
		if _, err := p.Run(ctx); err != nil {
			t.Fatal(err)
		}
		b := w.Login(t, "admin")
		pg := b.Get("/admin/upward")
		webtest.PageOK(t, "reconciliation", pg)
		if n := pg.Doc.Find("#daily tbody tr").Length(); n != 7*3 {
			t.Errorf("daily rows %d, want 7 days × 3 targets", n)
		}
		today := `#daily tr[data-day="` + testworld.Today + `"]`
		cell := func(doc *webtest.Page, target, col string) string {
			return webtest.Text(doc.Doc.Find(today + `[data-target="` + target + `"] .` + col))
		}
		if cell(pg, "province", "acked") != "21" || cell(pg, "credit", "rejected") != "21" || cell(pg, "paused", "queued") != "0" {
			t.Errorf("today: province acked %s, credit rejected %s, paused queued %s", cell(pg, "province", "acked"),
				cell(pg, "credit", "rejected"), cell(pg, "paused", "queued"))
		}
		if got := strings.Join(pg.Doc.Find("#daily-total th").Map(func(_ int, s *goquery.Selection) string { return s.Text() }), " "); got != "合计 42 21 21 0 0" {
			t.Errorf("total %q", got)
		}
		prov := pg.Doc.Find(`#targets tr[data-target="province"]`)
		if u := webtest.Text(prov.Find(".url")); strings.Contains(u, "s3cret") || !strings.Contains(u, "appkey=***") {
			t.Errorf("province address shown as %q", u)
		}
		if got := webtest.Text(pg.Doc.Find(`#targets tr[data-target="paused"]`)); !strings.Contains(got, "已暂停") ||
			!strings.Contains(got, "zfjd upward resume paused") || !strings.Contains(got, "21") {
			t.Errorf("paused target: %q", got)
		}
		if n := pg.Doc.Find("#rejected tbody tr").Length(); n != 20 {
			t.Errorf("first page of rejections: %d rows, want 20", n)
		}
		row := pg.Doc.Find("#rejected tbody tr").First()
		if got := webtest.Text(row); !strings.Contains(got, "credit") || !strings.Contains(got, "HTTP 422") || !strings.Contains(got, "案件") ||
			!strings.Contains(got, "sc-market/R-") {
			t.Errorf("a rejection reads %q", got)
		}
		if p2 := b.Get("/admin/upward?page=2"); p2.Doc.Find("#rejected tbody tr").Length() != 1 {
			t.Errorf("second page of rejections: %d rows, want 1", p2.Doc.Find("#rejected tbody tr").Length())
		}
		one := b.Get("/admin/upward?days=30&target=province")
		if n := one.Doc.Find("#daily tbody tr").Length(); n != 30 || one.Doc.Find(`#daily tr[data-target="credit"]`).Length() != 0 {
			t.Errorf("30 days of province: %d rows", n)
		}
		if one.Doc.Find("#rejected").Length() != 0 || !strings.Contains(webtest.Text(one.Doc.Find(".empty")), "没有被拒收的变更") {
			t.Error("province, which rejected nothing, lists rejections")
		}
		bad := b.Get("/admin/upward?days=0&target=nope")
		webtest.PageOK(t, "bad filter", bad)
		if got := webtest.Text(bad.Doc.Find("#upward-filter")); !strings.Contains(got, "天数应为") || !strings.Contains(got, "没有名为 nope 的推送目标") {
			t.Errorf("bad filter: %q", got)
		}
		if n := bad.Doc.Find("#daily tbody tr").Length(); n != 21 {
			t.Errorf("bad filter falls back to 7 days of all: %d rows", n)
		}
		// A quiet period says so.
		past := webtest.StartOn(t, db, webtest.ClockAt(-30))
		qb := past.Browser(t)
		qb.Login("admin", testworld.Password)
		if q := qb.Get("/admin/upward"); q.Doc.Find("#quiet").Length() != 1 {
			t.Error("a period without changes does not say so")
		}

		x := b.Get("/admin/upward/export.xlsx?days=7&target=credit")
		if x.Status != http.StatusOK || !strings.Contains(x.Header.Get("Content-Disposition"), "upward-reconciliation.xlsx") {
			t.Fatalf("export: %d %v", x.Status, x.Header)
		}
		f, err := excelize.OpenReader(bytes.NewReader([]byte(x.Body)))
		if err != nil {
			t.Fatal(err)
		}
		from := law.MustParseDate(testworld.Today).AddDays(-6).String()
		rows, err := f.GetRows(f.GetSheetName(0))
		if err != nil || len(rows) != 1+7+1 {
			t.Fatalf("export rows %v %v", rows, err)
		}
		if strings.Join(rows[0], ",") != "日期,推送目标,排队,已回执,被拒收,待发送,其中重试中" ||
			strings.Join(rows[1], ",") != testworld.Today+",credit,21,0,21,0,0" ||
			strings.Join(rows[8], ",") != from+"至"+testworld.Today+",合计,21,0,21,0,0" {
			t.Errorf("export: %v", rows)
		}
	})
}
