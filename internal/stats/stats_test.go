package stats_test

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/apperr"
	"zfjd/internal/cases"
	"zfjd/internal/stats"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// pushed is a decided case of agency in region, filed on filed and
// decided on decided with penalties.
func pushed(agency, region, id, filed, decided string, ps ...cases.Penalty) *cases.Case {
	c := testworld.NewCase()
	c.SourceSystem, c.SourceID, c.AgencyCode, c.RegionCode = "sc-market", id, agency, region
	two := []string{testworld.CertA, testworld.CertB}
	yes := true
	c.Events = []cases.Event{{Type: "filed", At: filed, Officers: two}, {Type: "notified", At: filed, Officers: two, HearingRight: &yes}}
	if decided != "" {
		c.Events = append(c.Events, cases.Event{Type: "decided", At: decided, Outcome: "penalty", Tier: "ordinary", Penalties: ps})
	}
	return c
}

// statsWorld: in 历下区 two decisions (one combined fine + confiscation),
// one filed case without a decision, one decision of the previous
// period; in 市中区 one decision of the other agency.
func statsWorld(t *testing.T, db *store.DB) *testworld.World {
	t.Helper()
	w := testworld.Build(t, db)
	fine := func(n int64) cases.Penalty { return cases.Penalty{Kind: "fine", AmountFen: n} }
	for _, c := range []*cases.Case{
		pushed(testworld.Agency, testworld.Region, "S-1", "2026-03-02", "2026-03-12", fine(100000)),
		pushed(testworld.Agency, testworld.Region, "S-2", "2026-04-01", "2026-04-21", fine(50000), cases.Penalty{Kind: "confiscate_income", AmountFen: 2000}),
		pushed(testworld.Agency, testworld.Region, "S-3", "2026-05-06", ""),
		pushed(testworld.Agency, testworld.Region, "S-4", "2025-10-08", "2025-11-07", cases.Penalty{Kind: "warning"}),
		pushed(testworld.Other, "370103", "S-5", "2026-02-02", "2026-02-12", fine(30000)),
	} {
		if _, _, err := w.Cases.Put(w.Ctx, testworld.Robot, c); err != nil {
			t.Fatalf("%s: %v", c.SourceID, err)
		}
	}
	return w
}

func TestDashboard(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := statsWorld(t, db)
		get := func(user string, f stats.Filter) *stats.Dashboard {
			t.Helper()
			d, err := stats.Get(w.Ctx, db, testworld.As(user), &f)
			if err != nil {
				t.Fatalf("%s %+v: %v", user, f, err)
			}
			return d
		}
		d := get("city", stats.Filter{GroupBy: "region"})
		if d.From != "2026-01" || d.To != "2026-06" || d.PrevFrom != "2025-07" || d.PrevTo != "2025-12" {
			t.Fatalf("period %s..%s, previous %s..%s", d.From, d.To, d.PrevFrom, d.PrevTo)
		}
		if d.Totals.Filed != 4 || d.Totals.Penalties != 3 || d.Totals.AmountFen != 182000 || d.Prev.Penalties != 1 || d.Prev.Filed != 1 {
			t.Fatalf("city totals %+v previous %+v", d.Totals, d.Prev)
		}
		if len(d.Rows) != 2 || d.Rows[0].Key != "370102" || d.Rows[0].Drill != "370102" || d.Rows[0].Label != "历下区" ||
			d.Rows[0].Cur.Penalties != 2 || d.Rows[1].Key != "370103" {
			t.Fatalf("city rows %+v", d.Rows)
		}
		// Days from filing to decision: 10, 20 and 10.
		if got := d.Totals.AvgDays(); got != 13.3 {
			t.Errorf("average days %v, want 13.3", got)
		}
		pen := get("city", stats.Filter{GroupBy: "penalty"})
		// 警告 was decided only in the previous period: its row compares.
		if len(pen.Rows) != 3 || pen.Rows[0].Key != "fine" || pen.Rows[0].Cur.Penalties != 2 || pen.Rows[1].Key != "confiscate_income" ||
			pen.Rows[2].Key != "warning" || pen.Rows[2].Prev.Penalties != 1 {
			t.Errorf("by heaviest penalty %+v", pen.Rows)
		}
		if dom := get("city", stats.Filter{GroupBy: "domain"}); len(dom.Rows) != 1 || dom.Rows[0].Label != "市场监管" || dom.Rows[0].Cur.Filed != 4 {
			t.Errorf("by domain %+v", dom.Rows)
		}
		if m := get("city", stats.Filter{GroupBy: "month"}); len(m.Rows) != 4 || m.Rows[0].Key != "2026-02" {
			t.Errorf("by month %+v", m.Rows)
		}
		// The county supervisor and the agency's head see 历下区 only.
		for _, u := range []string{"supervisor", "head"} {
			if d := get(u, stats.Filter{GroupBy: "agency"}); len(d.Rows) != 1 || d.Rows[0].Key != testworld.Agency || d.Totals.Filed != 3 {
				t.Errorf("%s by agency %+v", u, d.Rows)
			}
		}
		if len(d.Panels) != 4 || d.Panels[1].Key != "certificates" || d.Panels[1].Tiles[0].Value != "100.0%" ||
			d.Panels[2].Key != "inspections" || d.Panels[3].Key != "complaints" {
			t.Errorf("panels %+v", d.Panels)
		}
		for _, tc := range []struct {
			user string
			f    stats.Filter
			code string
		}{
			{"supervisor", stats.Filter{Region: "370103"}, apperr.NotFound},
			{"officer", stats.Filter{}, apperr.Forbidden},
			{"city", stats.Filter{From: "2026-13"}, apperr.Invalid},
			{"city", stats.Filter{GroupBy: "x"}, apperr.Invalid},
			{"city", stats.Filter{From: "2026-05", To: "2026-01"}, apperr.Invalid},
			{"head", stats.Filter{Agency: testworld.Other}, apperr.NotFound},
		} {
			if _, err := stats.Get(w.Ctx, db, testworld.As(tc.user), &tc.f); !apperr.Is(err, tc.code) {
				t.Errorf("%s %+v: %v, want %s", tc.user, tc.f, err, tc.code)
			}
		}
		var buf bytes.Buffer
		if err := stats.Export(w.Ctx, db, testworld.As("city"), &stats.Filter{GroupBy: "region"}, &buf); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows("执法统计")
		if len(rows) != 5 || rows[2][0] != "历下区" || rows[4][0] != "合计" || rows[4][12] != "1820.00" {
			t.Errorf("xlsx rows %q", rows)
		}
	})
}
