package caseweb_test

import (
	"fmt"
	"strings"
	"testing"

	"zfjd/internal/cases"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// decidedOf pushes, as the city's case system does, a decided case of
// testworld.NewCase's party by agency in region (its officers two).
func decidedOf(t *testing.T, w *webtest.World, agency, region, matter, sourceID string, two []string) {
	t.Helper()
	yes := true
	c := testworld.NewCase()
	c.SourceSystem, c.SourceID, c.AgencyCode, c.RegionCode, c.MatterCode = "sc-market", sourceID, agency, region, matter
	c.Facts.ActDate = "2026-03-02"
	c.Events = []cases.Event{
		{Type: "filed", At: "2026-03-03", Officers: two},
		{Type: "investigation_concluded", At: "2026-03-20", Officers: two},
		{Type: "notified", At: "2026-03-23", Officers: two, HearingRight: &yes},
		{Type: "decided", At: "2026-04-08", Outcome: "penalty", Tier: "ordinary", Penalties: []cases.Penalty{{Kind: "fine", AmountFen: 800000}}},
		{Type: "delivered", At: "2026-04-09", Officers: two},
	}
	if _, _, err := w.Cases.Put(w.Ctx, testworld.Robot, c); err != nil {
		t.Fatalf("push %s: %v", sourceID, err)
	}
}

// The 首违 panel of a case (处罚法 Art. 33 第一款 "初次违法") lists the party's
// earlier decisions that the viewer may open (cases.PartyHistoryFor): the
// officers and the county supervisor of 历下区 are not shown 市中区's
// decision against the same party; the city supervisor, who may open both,
// sees both.
func TestUICaseHistoryScoped(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		w.AddMatters(t)
		decidedOf(t, w, testworld.Other, "370103", webtest.OtherMatter, "SZ-HIST-1", []string{testworld.CertOther, testworld.CertOther2})
		decidedOf(t, w, testworld.Agency, testworld.Region, testworld.Matter, "LX-HIST-1", webtest.Team)
		c := w.Register(t, testworld.Today)

		for _, x := range []struct {
			who        string
			own, other bool
		}{
			{"officer", true, false},
			{"head", true, false},
			{"supervisor", true, false},
			{"city", true, true},
		} {
			p := w.Login(t, x.who).Get(webtest.CasePath(c.ID))
			webtest.PageOK(t, x.who+" case page", p)
			h := webtest.Text(p.Doc.Find("#history"))
			if got := strings.Contains(h, "历下区市场监督管理局"); got != x.own {
				t.Errorf("%s: own agency's decision shown %v, want %v: %q", x.who, got, x.own, h)
			}
			if got := strings.Contains(h, "市中区"); got != x.other {
				t.Errorf("%s: 市中区's decision shown %v, want %v: %q", x.who, got, x.other, h)
			}
			n := 1
			if x.other {
				n = 2
			}
			if rows := p.Doc.Find("#history tbody tr").Length(); rows != n || !strings.Contains(h, fmt.Sprintf("此前有 %d 起", n)) {
				t.Errorf("%s: %d rows, want %d: %q", x.who, rows, n, h)
			}
		}
	})
}
