package supervisionweb_test

// In a real browser (headless Chromium), on both engines (issue 13's
// "Done when"): a complaint opens a supervision case (行政执法监督条例
// Art. 20, source complaint); after 立案 a 监督意见书 is delivered
// (Art. 28); the agency reports its correction 40 days later, past the
// 30-day limit (山东省行政执法监督条例 Art. 28), and the case shows the
// SUPERVISION_CORRECTION_OVERDUE warning, which the warnings list shows too.

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zfjd/internal/calendar"
	"zfjd/internal/complaint"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

func TestBrowserComplaintToLateCorrection(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
		t.Cleanup(cancel)
		w := testworld.Build(t, db)
		base := webtest.ServeOn(ctx, t, db, webtest.Clock)
		later := webtest.ServeOn(ctx, t, db, webtest.ClockAt(40))

		keys, err := complaint.StoredKeys(w.Ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		ch, err := complaint.NewChallenge(w.Ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		anon := true
		rc, err := complaint.NewService(db, calendar.RulesCalendar, keys).File(w.Ctx, nil, &complaint.Filing{
			Challenge: ch.Challenge, Nonce: complaint.Solve(ch.Challenge, ch.Difficulty), Category: "arbitrary_fine",
			RegionCode: testworld.Region, AgencyCode: testworld.Agency, Description: "对同一违法行为重复罚款。",
			Place: "历下区文化东路9号", HappenedOn: webtest.DaysAgo(3), Anonymous: &anon}, "192.0.2.7", nil)
		if err != nil {
			t.Fatalf("file the complaint: %v", err)
		}
		var id int64
		if err := db.R.QueryRowContext(w.Ctx, `SELECT id FROM complaints WHERE tracking_code = $1`, rc.TrackingCode).Scan(&id); err != nil {
			t.Fatal(err)
		}

		root := webtest.Launch(ctx, t, chromium)
		sup, agency := root.Anonymous(), root.Anonymous()
		login(sup, base, "supervisor")

		sup.Nav("the complaint", fmt.Sprintf("%s/complaints/%d", base, id))
		if got := sup.Text("#supervision-links"); !strings.Contains(got, "尚无由此立的监督案件") {
			t.Errorf("the complaint's supervision cases before any: %q", got)
		}
		sup.ClickAndLoad("open a supervision case from the complaint", chromedp.CSS("#open-supervision"))
		src := webtest.Run(sup, "source", chromedp.Evaluate[string](`document.querySelector('#source').value`))
		ref := webtest.Run(sup, "source ref", chromedp.Evaluate[string](`document.querySelector('#source_ref').value`))
		if src != "complaint" || ref != rc.TrackingCode {
			t.Fatalf("the form's source %q %q, want complaint %s", src, ref, rc.TrackingCode)
		}
		sup.ClickAndLoad("受理", chromedp.CSS("#open-submit"))
		casePage := sup.Location()
		if !strings.Contains(casePage, "/supervision-cases/") || !strings.Contains(sup.Text("#from-complaint"), rc.TrackingCode) {
			t.Fatalf("after opening: %s, source %q", casePage, sup.Text("#case-facts"))
		}
		act(sup, "file", "")
		sup.Do("type the opinion",
			chromedp.Click(chromedp.CSS(`#act-opinion summary`)),
			chromedp.SendKeys(chromedp.CSS(`#act-form-opinion textarea[name=note]`), "对同一违法行为重复罚款，应撤销第二次处罚决定"),
			chromedp.SetValue(chromedp.CSS(`#act-form-opinion input[name=delivered_on]`), testworld.Today))
		sup.ClickAndLoad("制发监督意见书", chromedp.CSS(`#act-form-opinion button[type=submit]`))
		if dl := sup.Text("#dl-correction"); dl != "2026-07-15" {
			t.Errorf("correction deadline %q (30 days from delivery, 鲁条例 Art. 28)", dl)
		}
		if got := sup.Text("body"); strings.Contains(got, "SUPERVISION_CORRECTION_OVERDUE") {
			t.Error("an overdue warning before the limit ran out")
		}
		sup.Nav("back to the complaint", fmt.Sprintf("%s/complaints/%d", base, id))
		if got := sup.Text("#supervision-links"); !strings.Contains(got, "待纠正") {
			t.Errorf("the complaint's page does not list its supervision case: %q", got)
		}

		// 40 days on (2026-07-25), the agency reports its correction.
		login(agency, later, "agency_admin")
		laterCase := later + strings.TrimPrefix(casePage, base)
		agency.Nav("the agency opens the case", laterCase)
		act(agency, "corrected", "已撤销第二次处罚决定并退还罚款")
		if st := agency.Text("#case-status"); !strings.HasPrefix(st, "已报送纠正情况") {
			t.Fatalf("after the agency's report: %q", st)
		}
		if got := agency.Text("#case-warnings"); !strings.Contains(got, "SUPERVISION_CORRECTION_OVERDUE") || !strings.Contains(got, "逾期10日后才报送纠正情况") {
			t.Errorf("the late correction's warning: %q", got)
		}
		sup2 := root.Anonymous() // cookies are per host, not port: a fresh profile
		login(sup2, later, "supervisor")
		sup2.Nav("warnings", later+"/warnings")
		if got := sup2.Text("#warning-table"); !strings.Contains(got, "逾期10日后才报送纠正情况") {
			t.Errorf("the warnings list lacks the late correction: %.400s", got)
		}
		root.CheckNoExceptions()
	})
}
