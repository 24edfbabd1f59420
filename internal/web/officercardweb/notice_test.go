package officercardweb_test

import (
	"strconv"
	"strings"
	"testing"

	"zfjd/internal/officercard"
	"zfjd/internal/store"
	"zfjd/internal/supervision"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// TestUIRedCardWarning: a proposal of 离岗教育 (行政执法监督条例 Art. 32)
// issues a red card, and the officer's agency finds it among its warnings
// to sign (the warning handling of spec/supervision-v1.md §1); another
// agency does not.
func TestUIRedCardWarning(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		svc := supervision.NewService(db)
		sup := testworld.As("supervisor")
		c, err := svc.Open(w.Ctx, sup, supervision.Opening{RegionCode: testworld.Region, AgencyCode: testworld.Agency,
			Source: "complaint", SourceRef: "TS-9", Summary: "执法人员多次不出示执法证件"})
		if err == nil {
			_, err = svc.Act(w.Ctx, sup, c.ID, supervision.ActInput{Action: "file", At: testworld.Today})
		}
		if err == nil {
			_, err = svc.Act(w.Ctx, sup, c.ID, supervision.ActInput{Action: "officer_proposal", At: testworld.Today,
				Note: "多次不出示执法证件", CertNo: testworld.CertB, Measure: "leave_training"})
		}
		if err != nil {
			t.Fatal(err)
		}
		var fid int64
		if err := db.R.QueryRowContext(w.Ctx, `SELECT id FROM findings WHERE subject_kind = $1 AND rule = $2`,
			officercard.FindingKind, officercard.RedFindingRule).Scan(&fid); err != nil {
			t.Fatal(err)
		}
		p := w.Login(t, "agency_admin").Get("/warnings/" + strconv.FormatInt(fid, 10))
		webtest.PageOK(t, "the red card's warning", p)
		if got := webtest.Text(p.Doc.Find("main")); !strings.Contains(got, "被出示红牌") || !strings.Contains(got, webtest.NameB) {
			t.Errorf("the warning page: %.300s", got)
		}
		if p := w.Login(t, "other_officer").Get("/warnings/" + strconv.FormatInt(fid, 10)); p.Status != 404 {
			t.Errorf("another agency reads it: %d", p.Status)
		}
		o := w.Login(t, "officer2").Get("/officers/" + testworld.CertB)
		if got := webtest.Text(o.Doc.Find("#officer-cards")); !strings.Contains(got, "红牌") || !strings.Contains(got, "监督处理建议：离岗教育") ||
			o.Doc.Find(`#officer-cards a[href="/supervision-cases/`+strconv.FormatInt(c.ID, 10)+`"]`).Length() != 1 {
			t.Errorf("the officer's own red card: %q", got)
		}
	})
}
