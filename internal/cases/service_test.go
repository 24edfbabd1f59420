package cases_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// TestConcurrentActsKeepEveryEvent: eight investigations recorded at once
// on one case all survive, each with its audit row (the version swap and
// retry of the kernel), on both engines.
func TestConcurrentActsKeepEveryEvent(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		c := w.Register(t, "2026-05-25")
		if _, err := w.Cases.Append(w.Ctx, testworld.As("head"), c.ID, cases.Event{Type: "filed", At: "2026-05-26", Officers: ab}); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for i := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := w.Cases.Append(w.Ctx, testworld.As("officer"), c.ID,
					cases.Event{Type: "investigation", At: "2026-05-27", Officers: ab, Note: fmt.Sprintf("第%d次询问", i+1)})
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		got := mustGet(t, w, c.ID)
		n := 0
		for _, e := range got.Events {
			if e.Type == "investigation" {
				n++
			}
		}
		var audits int
		db.R.QueryRowContext(w.Ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'act:investigation'`).Scan(&audits)
		if n != 8 || audits != 8 {
			t.Fatalf("investigations kept %d, audit rows %d; want 8 and 8", n, audits)
		}
	})
}

// TestPersons: acts name the signed-in person, not a display name, and
// 审、办分离 holds by person (处罚法 Art. 42, 58).
func TestPersons(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		t.Run("a reviewer reviews in his own name", func(t *testing.T) {
			c := w.Register(t, "2026-05-25")
			run(t, w, c.ID, upTo("legal_review"))
			out, err := w.Cases.Append(w.Ctx, testworld.As("reviewer"), c.ID,
				cases.Event{Type: "legal_review", At: "2026-05-29", Result: "pass", Reviewer: testworld.CertReview2, Note: "同意"})
			if err != nil {
				t.Fatal(err)
			}
			last := out.Events[len(out.Events)-1]
			if last.Reviewer != testworld.CertReviewer || last.Actor != testworld.CertReviewer {
				t.Fatalf("reviewer %q actor %q; want the signed-in reviewer's certificate %s", last.Reviewer, last.Actor, testworld.CertReviewer)
			}
		})
		t.Run("a reviewer who investigated may not review", func(t *testing.T) {
			c := w.Register(t, "2026-05-25")
			run(t, w, c.ID, []step{
				{"head", cases.Event{Type: "filed", At: "2026-05-26", Officers: ab}},
				{"officer", cases.Event{Type: "investigation", At: "2026-05-27", Officers: []string{testworld.CertA, testworld.CertReviewer}, Note: "询问"}},
				{"officer", cases.Event{Type: "investigation_concluded", At: "2026-05-28", Officers: ab, Note: "终结"}},
			})
			_, err := w.Cases.Append(w.Ctx, testworld.As("reviewer"), c.ID, cases.Event{Type: "legal_review", At: "2026-05-29", Result: "pass", Note: "同意"})
			if apperr.As(err).Code != apperr.Invalid || !strings.Contains(apperr.As(err).Message, "调查") {
				t.Fatalf("review by an investigator = %v, want refused (REVIEWER_CONFLICT)", err)
			}
		})
		t.Run("an account without a certificate does not act", func(t *testing.T) {
			c := w.Register(t, "2026-05-25")
			p := testworld.As("head")
			p.CertNo = ""
			_, err := w.Cases.Append(w.Ctx, p, c.ID, cases.Event{Type: "filed", At: "2026-05-26", Officers: ab})
			if apperr.As(err).Code != apperr.Forbidden {
				t.Fatalf("act without certificate = %v", err)
			}
		})
		t.Run("registration names the registering officer", func(t *testing.T) {
			_, err := w.Cases.Create(w.Ctx, testworld.As("officer"), testworld.NewCase(),
				cases.Event{At: "2026-05-25", Officers: []string{testworld.CertB, testworld.CertC}}, nil)
			if apperr.As(err).Code != apperr.Invalid {
				t.Fatalf("registration in others' names = %v", err)
			}
		})
	})
}

func run(t *testing.T, w *testworld.World, id int64, steps []step) {
	t.Helper()
	for _, s := range steps {
		if _, err := w.Cases.Append(w.Ctx, testworld.As(s.who), id, s.ev); err != nil {
			t.Fatalf("%s by %s: %v", s.ev.Type, s.who, err)
		}
	}
}

// TestRegistration: dates in the future are refused, the procedure does
// not change after registration, and case numbers are unique across
// agencies.
func TestRegistration(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		t.Run("a violation dated in the future", func(t *testing.T) {
			c := testworld.NewCase()
			c.Facts.ActDate = "2027-05-20"
			_, err := w.Cases.Create(w.Ctx, testworld.As("officer"), c, cases.Event{At: "2026-05-25", Officers: ab}, nil)
			if e := apperr.As(err); e.Code != apperr.Invalid || e.Fields["facts.act_date"] == "" {
				t.Fatalf("future act date = %v", err)
			}
		})
		t.Run("the procedure does not change", func(t *testing.T) {
			c := w.Register(t, "2026-05-25")
			in := *c
			in.Procedure = "summary"
			_, err := w.Cases.UpdateCase(w.Ctx, testworld.As("officer"), c.ID, &in)
			if e := apperr.As(err); e.Code != apperr.Invalid || e.Fields["procedure"] == "" {
				t.Fatalf("switch to summary = %v", err)
			}
		})
		t.Run("case numbers carry the agency", func(t *testing.T) {
			a := w.Register(t, "2026-05-25")
			b, err := w.Cases.Create(w.Ctx, testworld.As("other_officer"), otherCase(),
				cases.Event{At: "2026-05-25", Officers: []string{testworld.CertOther, testworld.CertOther2}}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if a.CaseNo == b.CaseNo || !strings.Contains(a.CaseNo, "历下") || !strings.Contains(b.CaseNo, "市中") {
				t.Fatalf("case numbers %q and %q", a.CaseNo, b.CaseNo)
			}
		})
		t.Run("only officers register", func(t *testing.T) {
			for _, who := range []string{"head", "agency_admin", "supervisor", "reviewer"} {
				_, err := w.Cases.Create(w.Ctx, testworld.As(who), testworld.NewCase(), cases.Event{At: "2026-05-25", Officers: ab}, nil)
				if apperr.As(err).Code != apperr.Forbidden {
					t.Errorf("registration by %s = %v", who, err)
				}
			}
		})
	})
}

// TestSummaryOnTheSpot: the summary procedure is one call and one
// transaction (处罚法 Art. 51, 52): within the limit the case is decided
// and delivered; beyond it nothing at all is written.
func TestSummaryOnTheSpot(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		count := func() (n int) {
			db.R.QueryRowContext(w.Ctx, `SELECT COUNT(*) FROM cases`).Scan(&n)
			return n
		}
		summary := func(fen int64) (*cases.Case, error) {
			c := testworld.NewCase()
			c.Procedure = "summary"
			dec := cases.Event{At: "2026-06-15", Officers: ab, Outcome: "penalty", Tier: "ordinary",
				Penalties: []cases.Penalty{{Kind: "fine", AmountFen: fen}}}
			return w.Cases.Create(w.Ctx, testworld.As("officer"), c, cases.Event{At: "2026-06-15", Officers: ab}, &dec)
		}
		if _, err := summary(500_000); apperr.As(err).Code != apperr.Invalid || count() != 0 {
			t.Fatalf("5000元 on the spot to an organisation = %v, %d cases written; want refused and none", err, count())
		}
		c, err := summary(200_000)
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != "delivered" || len(c.Events) != 3 {
			t.Fatalf("status %s with %d events", c.Status, len(c.Events))
		}
		var p *auth.Principal = testworld.As("head")
		if _, err := w.Cases.Append(w.Ctx, p, c.ID, cases.Event{Type: "filed", At: "2026-06-15", Officers: ab}); apperr.As(err).Code != apperr.Conflict {
			t.Fatalf("filing a summary case = %v", err)
		}
	})
}

func otherCase() *cases.Case {
	c := testworld.NewCase()
	c.AgencyCode, c.RegionCode = testworld.Other, "370103"
	return c
}
