package registryweb_test

import (
	"strconv"
	"strings"
	"testing"

	"zfjd/internal/store"
	"zfjd/internal/supervision"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// TestUIOfficerProposals: the officer's record lists the supervision
// bodies' proposals on him (行政执法监督条例 Art. 32) with a link to the
// case; an officer with none shows the empty state.
func TestUIOfficerProposals(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		svc := supervision.NewService(db)
		sup := testworld.As("supervisor")
		c, err := svc.Open(w.Ctx, sup, supervision.Opening{RegionCode: testworld.Region, AgencyCode: testworld.Agency,
			Source: "complaint", Summary: "执法人员多次未出示证件"})
		if err == nil {
			_, err = svc.Act(w.Ctx, sup, c.ID, supervision.ActInput{Action: "file", At: testworld.Today})
		}
		if err == nil {
			_, err = svc.Act(w.Ctx, sup, c.ID, supervision.ActInput{Action: "officer_proposal", At: testworld.Today,
				Note: "多次未出示证件", CertNo: testworld.CertA, Measure: "criticism"})
		}
		if err != nil {
			t.Fatal(err)
		}
		b := w.Login(t, "agency_admin")
		p := b.Get("/officers/" + testworld.CertA)
		webtest.PageOK(t, "officer page", p)
		got := webtest.Text(p.Doc.Find("#officer-proposals"))
		if !strings.Contains(got, "批评教育") || !strings.Contains(got, testworld.Today) ||
			p.Doc.Find(`#officer-proposals a[href="/supervision-cases/`+strconv.FormatInt(c.ID, 10)+`"]`).Length() != 1 {
			t.Errorf("the officer's proposals: %q", got)
		}
		p = b.Get("/officers/" + testworld.CertB)
		if p.Doc.Find("#officer-proposals").Length() != 0 || !strings.Contains(webtest.Text(p.Doc.Find("main")), "没有执法监督机构对该执法人员的处理建议") {
			t.Error("an officer without proposals: no empty state")
		}
	})
}
