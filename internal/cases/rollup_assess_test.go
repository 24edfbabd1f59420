package cases_test

import (
	"testing"

	"zfjd/internal/cases"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// The assessment rollup (case_rollup_assess, migration 00073) follows a
// case saved through the service, on both engines: a decision published
// on the last day of its 公示 period (国办发〔2018〕118号: 7 working days
// from Monday 2026-03-02, 03-11) counts on display and in time; published
// a day late it has a PUBLICITY_OVERDUE warning, counts late and the case
// is warned; its publication withdrawn it is late unpublished; published
// in time again its warning is cured (not late) while the case stays
// warned (ever had a warning). Every step, case_rollup_contrib.warned is
// whether the case has findings and the rollup's registered and warned
// are the cases of the agency registered in 2026 and of them those with
// findings; a rebuild gives the same rows.
func TestAssessRollupFollowsSaves(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		cols := `registered, warned, late_any, late_decision, late_delivery, late_publicity, undecided_any, undecided_decision,
			to_publish, published, published_timely, unpublished_late`
		row := func() [12]int64 {
			t.Helper()
			var v [12]int64
			p := make([]any, len(v))
			for i := range v {
				p[i] = &v[i]
			}
			err := db.R.QueryRow(`SELECT `+cols+` FROM case_rollup_assess WHERE region_code = $1 AND year = 2026 AND agency_code = $2`,
				testworld.Region, testworld.Agency).Scan(p...)
			if err != nil {
				v = [12]int64{}
			}
			return v
		}
		base := row()
		check := func(step string, late, toPublish, published, timely, unpublished int64) {
			t.Helper()
			got := row()
			for i := range got {
				got[i] -= base[i]
			}
			var regs, warned, flags, cases2026 int64
			if err := db.R.QueryRow(`SELECT COUNT(*), COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM findings f WHERE f.subject_kind = 'case'
				AND f.subject_id = c.id) THEN 1 ELSE 0 END), 0) FROM cases c WHERE c.region_code = $1 AND c.agency_code = $2
				AND c.created_at >= 1767196800000 AND c.created_at < 1798732800000`, testworld.Region, testworld.Agency).Scan(&regs, &warned); err != nil {
				t.Fatal(err)
			}
			if err := db.R.QueryRow(`SELECT COUNT(*) FROM case_rollup_contrib k WHERE k.warned <> CASE WHEN EXISTS (SELECT 1 FROM findings f
				WHERE f.subject_kind = 'case' AND f.subject_id = k.case_id) THEN 1 ELSE 0 END`).Scan(&flags); err != nil {
				t.Fatal(err)
			}
			if err := db.R.QueryRow(`SELECT COALESCE(SUM(registered), 0) FROM case_rollup_assess WHERE year = 2026 AND region_code = $1
				AND agency_code = $2`, testworld.Region, testworld.Agency).Scan(&cases2026); err != nil {
				t.Fatal(err)
			}
			all := row()
			if all[0] != regs || all[1] != warned || cases2026 != regs || flags != 0 {
				t.Errorf("%s: registered %d warned %d, the cases say %d and %d; %d contributions' warned differ from the findings",
					step, all[0], all[1], regs, warned, flags)
			}
			want := [12]int64{got[0], got[1], late, 0, 0, late, 0, 0, toPublish, published, timely, unpublished}
			if got != want {
				t.Errorf("%s: the rollup moved by %v, want %v (%s)", step, got, want, cols)
			}
		}
		two := []string{testworld.CertA, testworld.CertB}
		c := testworld.NewCase()
		c.SourceSystem, c.SourceID, c.AgencyCode, c.RegionCode = "sc-market", "ASSESS-1", testworld.Agency, testworld.Region
		events := func(published string) []cases.Event {
			ev := []cases.Event{{Type: "filed", At: "2026-02-02", Officers: two},
				{Type: "decided", At: "2026-03-02", Outcome: "penalty", Tier: "ordinary", Penalties: []cases.Penalty{{Kind: "fine", AmountFen: 100000}}},
				{Type: "delivered", At: "2026-03-03", Officers: two}}
			if published != "" {
				ev = append(ev, cases.Event{Type: "published", At: published})
			}
			return ev
		}
		put := func(published string) {
			t.Helper()
			x := *c
			x.Events = events(published)
			if _, _, err := w.Cases.Put(w.Ctx, testworld.Robot, &x); err != nil {
				t.Fatal(err)
			}
		}
		put("2026-03-11")
		check("published on the last day", 0, 1, 1, 1, 0)
		put("2026-03-12")
		check("published a day late", 1, 1, 1, 0, 0)
		put("")
		check("never published", 1, 1, 0, 0, 1)
		put("2026-03-11")
		check("published in time again", 0, 1, 1, 1, 0)
		var warnedFlag int
		if err := db.R.QueryRow(`SELECT k.warned FROM case_rollup_contrib k JOIN cases c ON c.id = k.case_id WHERE c.source_id = 'ASSESS-1'`).
			Scan(&warnedFlag); err != nil || warnedFlag != 1 {
			t.Errorf("the case once warned: warned = %d (%v), want 1", warnedFlag, err)
		}
		kept := row()
		if err := cases.RebuildRollup(w.Ctx, db); err != nil {
			t.Fatal(err)
		}
		if got := row(); got != kept {
			t.Errorf("after a rebuild %v, kept %v", got, kept)
		}
	})
}
