package statsweb_test

// In real Chromium: the city's supervisor opens 评议考核 from the
// navigation and sees its three agencies ranked from their live data
// (处罚法 Art. 75; domain-research §1.8); when the first one's 案卷评查
// score comes in low, the page ranks it lower.

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

func TestBrowserAssessmentRanking(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
		t.Cleanup(cancel)
		w := world(t, db)
		third, err := ident.MakeUSCC('1', '1', "370104", "00000431")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := registry.PutAgency(w.Ctx, db, w.Admin, &registry.Agency{Code: third, Name: "济南市槐荫区市场监督管理局",
			Kind: "enforcement", RegionCode: "370104", Domain: "市场监管"}); err != nil {
			t.Fatal(err)
		}
		base := webtest.Serve(ctx, t, db)
		b := webtest.Launch(ctx, t, chromium)
		login(b, base, "city")
		b.ClickAndLoad("open 评议考核 from the navigation", chromedp.CSS(`.side a[href="/assessment"]`))
		b.Do("choose 2026", chromedp.SetValue(chromedp.CSS(`#year`), "2026"))
		b.ClickAndLoad("compute", chromedp.CSS(`#assess-filter button[type="submit"]`))
		order := func() []string {
			t.Helper()
			return strings.Fields(webtest.Run(b, "read the ranking", chromedp.Evaluate[string](
				`Array.from(document.querySelectorAll("#rank-table tbody tr")).map(r => r.dataset.agency).join(" ")`)))
		}
		before := order()
		if len(before) != 3 {
			t.Fatalf("ranking %v (page %.300s)", before, b.Text("body"))
		}
		// The first one's only 2026 case file is scored 0 by the city's 案卷评查.
		top := before[0]
		var caseID int64
		if err := db.R.QueryRowContext(w.Ctx, `SELECT MIN(id) FROM cases WHERE agency_code = $1`, top).Scan(&caseID); err != nil || caseID == 0 {
			// an agency without cases has no file to review: use any case id, the score counts for the agency named
			caseID = 1
		}
		region := map[string]string{}
		rows, _ := db.R.QueryContext(w.Ctx, `SELECT code, region_code FROM agencies`)
		for rows.Next() {
			var c, r string
			rows.Scan(&c, &r)
			region[c] = r
		}
		rows.Close()
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`INSERT INTO review_standards (body_region, name, version, items, created_by, created_at) VALUES ('370100', '标准', 1, '[]', 't', 0)`, nil},
			{`INSERT INTO review_campaigns (body_region, name, year, standard_id, agency_codes, seed, status, created_by, created_at)
				VALUES ('370100', '2026年评查', 2026, (SELECT MAX(id) FROM review_standards), '[]', 's', 'published', 't', 0)`, nil},
			{`INSERT INTO review_files (campaign_id, case_id, agency_code, region_code, status, final_score)
				VALUES ((SELECT MAX(id) FROM review_campaigns), $1, $2, $3, 'final', 0)`, []any{caseID, top, region[top]}},
		} {
			if _, err := db.W.ExecContext(w.Ctx, q.sql, q.args...); err != nil {
				t.Fatal(err)
			}
		}
		b.ClickAndLoad("compute again", chromedp.CSS(`#assess-filter button[type="submit"]`))
		after := order()
		if len(after) != 3 || after[0] == top || after[2] != top {
			t.Errorf("after %s's review score of 0 the ranking is %v (before %v): it should be last", top, after, before)
		}
		b.CheckNoExceptions()
	})
}
