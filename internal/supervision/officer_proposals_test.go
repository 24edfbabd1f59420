package supervision_test

import (
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/store"
	"zfjd/internal/supervision"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// TestOfficerProposal: a proposal on an officer (行政执法监督条例 Art. 32)
// names an officer of the supervised agency; one of another agency or an
// unknown certificate is refused naming cert_no, and nothing is written;
// the officer's record lists the proposal.
func TestOfficerProposal(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		svc := supervision.NewService(db)
		sup := testworld.As("supervisor")
		c := must(t)(svc.Open(w.Ctx, sup, opening()))
		do(t, svc, w.Ctx, sup, c.ID, supervision.ActInput{Action: "file", At: testworld.Today})
		for _, r := range []struct{ name, cert string }{{"unknown certificate", "37010099999999"}, {"another agency's officer", testworld.CertOther}} {
			_, err := svc.Act(w.Ctx, sup, c.ID, supervision.ActInput{Action: "officer_proposal", At: testworld.Today, Note: "多次未出示证件",
				CertNo: r.cert, Measure: "criticism"})
			wantCode(t, r.name+" (Art. 32: the supervised agency's officers)", err, apperr.Invalid, "cert_no")
		}
		if ps, err := supervision.ProposalsOn(w.Ctx, db.R, testworld.CertOther); err != nil || len(ps) != 0 {
			t.Fatalf("a refused proposal was kept: %+v %v", ps, err)
		}
		do(t, svc, w.Ctx, sup, c.ID, supervision.ActInput{Action: "officer_proposal", At: testworld.Today, Note: "多次未出示证件",
			CertNo: testworld.CertA, Measure: "leave_training"})
		ps, err := supervision.ProposalsOn(w.Ctx, db.R, testworld.CertA)
		if err != nil || len(ps) != 1 || ps[0].CaseID != c.ID || ps[0].MeasureLabel() != "离岗教育" || ps[0].ProposedOn != testworld.Today {
			t.Fatalf("the officer's proposals: %+v %v", ps, err)
		}
	})
}
