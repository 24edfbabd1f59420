package cases_test

import (
	"slices"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// TestPartyHistoryScoped: the 首违 panel (probe M3) showed a party's
// decided cases in every region to any officer who typed its ID number
// into a case. It now shows, for the party of the case at hand, only the
// cases the viewer may open.
func TestPartyHistoryScoped(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		party := testworld.NewCase().Party

		// An earlier decision of 市中区 (another county) and one of 历下区
		// against the same party, and one against someone else.
		other := pushed(testworld.Other, "370103", "H-OTHER")
		two := []string{testworld.CertOther, testworld.CertOther2}
		for i := range other.Events {
			if len(other.Events[i].Officers) > 0 {
				other.Events[i].Officers = two
			}
		}
		_, otherCase, err := w.Cases.Put(w.Ctx, testworld.Robot, other)
		if err != nil {
			t.Fatal(err)
		}
		_, own, err := w.Cases.Put(w.Ctx, testworld.Robot, pushed(testworld.Agency, testworld.Region, "H-OWN"))
		if err != nil {
			t.Fatal(err)
		}
		stranger := pushed(testworld.Agency, testworld.Region, "H-STRANGER")
		stranger.Party = cases.Party{Kind: "org", Name: "济南另一家有限公司", IDNumber: uscc(t, "370102", "MA3C5R27")}
		if _, _, err := w.Cases.Put(w.Ctx, testworld.Robot, stranger); err != nil {
			t.Fatal(err)
		}

		// The officer registers a case of the same party.
		c := w.Register(t, "2026-06-15")
		if c.Party.IDNumber != party.IDNumber {
			t.Fatalf("party %q", c.Party.IDNumber)
		}
		ids := func(p *auth.Principal) []int64 {
			t.Helper()
			hs, err := cases.PartyHistoryFor(w.Ctx, db.R, p, c)
			if err != nil {
				t.Fatal(err)
			}
			out := []int64{}
			for _, h := range hs {
				out = append(out, h.CaseID)
			}
			slices.Sort(out)
			return out
		}
		both := []int64{otherCase.ID, own.ID}
		slices.Sort(both)
		for _, x := range []struct {
			who  string
			p    *auth.Principal
			want []int64
		}{
			{"officer of 历下", testworld.As("officer"), []int64{own.ID}}, // before: both, 市中区's too
			{"head of 历下", testworld.As("head"), []int64{own.ID}},
			{"supervisor of 历下", testworld.As("supervisor"), []int64{own.ID}},
			{"city supervisor", testworld.As("city"), both},
			{"social supervisor", testworld.As("social"), []int64{}},
			{"officer of 市中 (cannot see the case)", testworld.As("other_officer"), []int64{}},
			{"anonymous", nil, []int64{}},
		} {
			if got := ids(x.p); !slices.Equal(got, x.want) {
				t.Errorf("%s: history %v, want %v", x.who, got, x.want)
			}
		}

		// The deprecated form, still called by the web package, shows only
		// the case's own region and agency, and only for that case's party.
		hs, err := cases.PartyHistory(w.Ctx, db.R, party.IDNumber, c.ID)
		if err != nil || len(hs) != 1 || hs[0].CaseID != own.ID {
			t.Errorf("PartyHistory: %+v %v, want only %d", hs, err, own.ID)
		}
		if hs, _ := cases.PartyHistory(w.Ctx, db.R, stranger.Party.IDNumber, c.ID); len(hs) != 0 {
			t.Errorf("PartyHistory with a number that is not the case's party: %+v", hs)
		}
	})
}
