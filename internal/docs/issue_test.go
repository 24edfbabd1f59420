package docs

import (
	"slices"
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/cases"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// A document is read (GET) without a number being given: Render writes no
// case_documents row and no audit row, whoever reads; Issue (POST, by the
// case agency's officer or head) numbers it once, and issuing it again
// gives the same number. Which documents exist follows the acts recorded
// (cases.DocsReached): right after the notice (处罚法 Art. 44) there is a
// 事先告知书 but no 决定书 and no 送达回证; the 送达回证 of the decision only
// after delivery (Art. 61).
func TestRenderReadsIssueNumbers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		ctx := w.Ctx
		ab := []string{testworld.CertA, testworld.CertB}
		yes := true
		c := w.Register(t, "2026-05-25")
		act := func(who string, ev cases.Event) {
			t.Helper()
			if _, err := w.Cases.Append(ctx, testworld.As(who), c.ID, ev); err != nil {
				t.Fatalf("%s by %s: %v", ev.Type, who, err)
			}
		}
		act("head", cases.Event{Type: "filed", At: "2026-05-26", Officers: ab})
		act("officer", cases.Event{Type: "investigation", At: "2026-05-27", Officers: ab, Note: "现场检查、询问当事人"})
		act("officer", cases.Event{Type: "investigation_concluded", At: "2026-05-28", Officers: ab, Note: "事实清楚，建议处罚"})
		act("reviewer", cases.Event{Type: "legal_review", At: "2026-05-29", Result: "pass", Note: "同意"})
		act("officer", cases.Event{Type: "notified", At: "2026-05-29", Officers: ab, HearingRight: &yes, Note: "拟警告并罚款3000元"})

		rows := func() (issued, audits int) {
			t.Helper()
			if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM case_documents`).Scan(&issued); err != nil {
				t.Fatal(err)
			}
			if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`).Scan(&audits); err != nil {
				t.Fatal(err)
			}
			return issued, audits
		}
		available := func(kind string) error {
			t.Helper()
			_, err := Render(ctx, w.Cases, testworld.As("officer"), c.ID, kind, nil)
			return err
		}

		// Right after the notice: the notice and the filing form, nothing of a decision.
		for _, k := range []string{"receipt", "decision", "credit", "hearing"} {
			if err := available(k); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("%s after the notice: %v, want not found", k, err)
			}
			if _, err := Issue(ctx, w.Cases, testworld.As("officer"), c.ID, k, nil); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("%s issued after the notice: %v, want not found", k, err)
			}
		}
		cur, err := w.Cases.Get(ctx, w.Admin, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := kindsOf(Availability(cur)); !slices.Equal(got, []string{"filing", "notice"}) {
			t.Errorf("documents after the notice: %v, want filing and notice", got)
		}

		// Reading, by anyone who may read, even by those who may number, numbers nothing.
		issued0, audits0 := rows()
		for _, who := range []string{"officer", "head", "reviewer", "agency_admin", "supervisor"} {
			for _, k := range []string{"filing", "notice"} {
				doc, err := Render(ctx, w.Cases, testworld.As(who), c.ID, k, nil)
				if err != nil {
					t.Fatalf("%s reads the %s: %v", who, k, err)
				}
				if doc.DocNo != "" {
					t.Errorf("%s read the %s with number %q before any was issued", who, k, doc.DocNo)
				}
			}
		}
		if issued, audits := rows(); issued != issued0 || audits != audits0 {
			t.Fatalf("reading wrote %d documents and %d audit rows; want none", issued-issued0, audits-audits0)
		}

		// Issue numbers once; again, the same number, no new row.
		first, err := Issue(ctx, w.Cases, testworld.As("officer"), c.ID, "notice", nil)
		if err != nil {
			t.Fatal(err)
		}
		const notice = "济历下市监罚告〔2026〕1号"
		if first.DocNo != notice {
			t.Errorf("notice numbered %q, want %q", first.DocNo, notice)
		}
		issued1, audits1 := rows()
		if issued1 != issued0+1 || audits1 != audits0+1 {
			t.Errorf("first issue wrote %d documents and %d audit rows; want 1 and 1", issued1-issued0, audits1-audits0)
		}
		again, err := Issue(ctx, w.Cases, testworld.As("head"), c.ID, "notice", nil)
		if err != nil || again.DocNo != notice {
			t.Errorf("second issue: %q %v, want the same number %q", again.DocNo, err, notice)
		}
		if issued, audits := rows(); issued != issued1 || audits != audits1 {
			t.Errorf("second issue wrote %d documents and %d audit rows; want none", issued-issued1, audits-audits1)
		}
		var action, entity string
		if err := db.R.QueryRowContext(ctx, `SELECT action, entity FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&action, &entity); err != nil ||
			action != "issue" || entity != "document" {
			t.Errorf("audit row of the issue: %s %s %v", action, entity, err)
		}
		// Readers now see the number; those who may not number are refused.
		if doc, err := Render(ctx, w.Cases, testworld.As("supervisor"), c.ID, "notice", nil); err != nil || doc.DocNo != notice {
			t.Errorf("supervisor reads the notice: %q %v", doc.DocNo, err)
		}
		for _, who := range []string{"supervisor", "agency_admin", "reviewer"} {
			if _, err := Issue(ctx, w.Cases, testworld.As(who), c.ID, "filing", nil); !apperr.Is(err, apperr.Forbidden) {
				t.Errorf("filing form numbered by %s: %v, want forbidden", who, err)
			}
		}
		if _, err := Issue(ctx, w.Cases, testworld.As("other_officer"), c.ID, "filing", nil); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("filing form numbered by another agency's officer: %v, want not found", err)
		}

		// Decided: the decision exists, its receipt not until it is delivered.
		act("head", cases.Event{Type: "decided", At: "2026-06-08", Outcome: "penalty", Tier: "ordinary",
			Penalties: []cases.Penalty{{Kind: "warning"}, {Kind: "fine", AmountFen: 300000}}})
		if err := available("decision"); err != nil {
			t.Errorf("decision once decided: %v", err)
		}
		if err := available("receipt"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("receipt before delivery: %v, want not found", err)
		}
		act("officer", cases.Event{Type: "delivered", At: "2026-06-09", Officers: ab, Note: "直接送达"})
		rc, err := Issue(ctx, w.Cases, testworld.As("officer"), c.ID, "receipt", nil)
		if err != nil {
			t.Fatalf("receipt after delivery: %v", err)
		}
		if rc.DocNo != "济历下市监送〔2026〕1号" {
			t.Errorf("receipt numbered %q", rc.DocNo)
		}
		// The receipt is numbered with the decision it serves (and its credit notice).
		dec, err := Render(ctx, w.Cases, testworld.As("supervisor"), c.ID, "decision", nil)
		if err != nil || dec.DocNo != "济历下市监罚〔2026〕1号" || dec.Pages[1].DocNo != "济历下市监信修〔2026〕1号" {
			t.Errorf("decision read after the receipt was issued: %v %+v", err, dec)
		}
		contains(t, "receipt", rc.Text(), "行政处罚决定书（济历下市监罚〔2026〕1号）")
	})
}

// A no-penalty decision (不予行政处罚) has no 决定书 and no 送达回证 made here.
func TestNoPenaltyHasNoDecisionDocument(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		ab := []string{testworld.CertA, testworld.CertB}
		c := w.Register(t, "2026-05-25")
		for _, s := range []struct {
			who string
			ev  cases.Event
		}{
			{"head", cases.Event{Type: "filed", At: "2026-05-26", Officers: ab}},
			{"officer", cases.Event{Type: "investigation", At: "2026-05-27", Officers: ab, Note: "现场检查"}},
			{"officer", cases.Event{Type: "investigation_concluded", At: "2026-05-28", Officers: ab, Note: "首次违法、危害后果轻微并及时改正"}},
			{"head", cases.Event{Type: "decided", At: "2026-06-01", Outcome: "no_penalty", Note: "首违不罚（《行政处罚法》第三十三条第一款）"}},
			{"officer", cases.Event{Type: "delivered", At: "2026-06-02", Officers: ab, Note: "直接送达"}},
		} {
			if _, err := w.Cases.Append(w.Ctx, testworld.As(s.who), c.ID, s.ev); err != nil {
				t.Fatalf("%s by %s: %v", s.ev.Type, s.who, err)
			}
		}
		for _, k := range []string{"decision", "credit", "receipt"} {
			_, err := Render(w.Ctx, w.Cases, testworld.As("officer"), c.ID, k, nil)
			if e := apperr.As(err); e.Code != apperr.NotFound || !strings.Contains(e.Message, "不制作") {
				t.Errorf("%s of a no-penalty decision: %v", k, err)
			}
		}
	})
}

func kindsOf(ks []KindInfo) []string {
	var out []string
	for _, k := range ks {
		out = append(out, k.Kind)
	}
	return out
}
