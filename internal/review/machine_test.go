package review_test

import (
	"slices"
	"strings"
	"testing"

	"zfjd/internal/review"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

type ev = struct {
	Type  string `json:"type"`
	DocNo string `json:"doc_no"`
}

// TestDocumentsMissing: a step calls for its document (立案审批表, 告知书,
// 听证通知书, 决定书, 送达回证); one issued on the platform or numbered by
// the case system is present, the 信用修复告知书 goes with the decision.
func TestDocumentsMissing(t *testing.T) {
	for _, c := range []struct {
		name   string
		events []ev
		issued []string
		want   []string
	}{
		{"nothing issued", []ev{{"filed", ""}, {"notified", ""}, {"decided", ""}, {"delivered", ""}}, nil,
			[]string{"filing", "notice", "decision", "receipt"}},
		{"issued on the platform", []ev{{"filed", ""}, {"decided", ""}, {"delivered", ""}}, []string{"filing", "decision", "receipt"}, nil},
		{"numbered by the case system", []ev{{"filed", "济市监立〔2026〕1号"}, {"decided", "济市监罚〔2026〕1号"}}, nil, nil},
		{"no hearing, no 听证通知书 asked", []ev{{"decided", "x"}, {"delivered", ""}}, nil, []string{"receipt"}},
	} {
		var got []string
		for _, k := range review.DocumentsMissing(c.events, c.issued) {
			got = append(got, k.Kind)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: missing %v, want %v", c.name, got, c.want)
		}
	}
}

// TestMachinePrefill: a drawn file carries the platform's judgement of
// every item it can judge (two officers, certificates, deadlines, legal
// review, documents, limitation): found, with the finding's message, and
// pre-filled; or checked and clear. Items that need a person carry none.
func TestMachinePrefill(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := &webtest.World{World: testworld.Build(t, db)}
		c := w.Case(t, "", nil)
		// The case's only officer on the decision's delivery was one: the
		// rule of two officers (处罚法 Art. 42) fired on it.
		if _, err := db.W.ExecContext(w.Ctx, `INSERT INTO findings (subject_kind, subject_id, rule, fkey, severity, message, basis, due, status,
			region_code, agency_code, first_seen, stage, issued_at) VALUES ('case', $1, 'OFFICERS_INSUFFICIENT', 'k', 'red', '送达仅有1名执法人员',
			'处罚法第四十二条', '', 'open', $2, $3, 1, 'issued', 1)`, c.ID, c.RegionCode, c.AgencyCode); err != nil {
			t.Fatal(err)
		}
		svc := review.NewService(db)
		sup := testworld.As("supervisor")
		camp, err := svc.Create(w.Ctx, sup, review.CampaignInput{Region: testworld.Region, Name: "预评", Year: 2026,
			AgencyCodes: []string{testworld.Agency}, PerAgency: 1, Seed: "machine"})
		ok(t, "create", err)
		camp, err = svc.Draw(w.Ctx, sup, camp.ID)
		ok(t, "draw", err)
		files, _ := svc.Files(w.Ctx, sup, camp)
		if len(files) != 1 {
			t.Fatalf("drawn %d", len(files))
		}
		pre := files[0].Prefill
		if m := pre.Machine["V2"]; len(m) != 1 || !strings.Contains(m[0], "1名执法人员") || !slices.Contains(pre.Vetoes, "V2") {
			t.Fatalf("V2 (two officers) machine %v vetoes %v", pre.Machine["V2"], pre.Vetoes)
		}
		for _, code := range []string{"V4", "C4", "C7"} { // limitation, legal review, deadline: checked, clear
			if m, checked := pre.Machine[code]; !checked || len(m) != 0 || pre.Deductions[code] != 0 {
				t.Errorf("%s: machine %v (checked %v), deduction %d", code, m, checked, pre.Deductions[code])
			}
		}
		if _, checked := pre.Machine["C2"]; checked {
			t.Error("C2 (调查取证) needs a person, yet the machine judged it")
		}
		if _, checked := pre.Machine["F1"]; !checked {
			t.Error("F1 (documents present) not judged")
		}
	})
}
