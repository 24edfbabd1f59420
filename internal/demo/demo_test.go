package demo

import (
	"context"
	"reflect"
	"regexp"
	"testing"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

var admin = &auth.Principal{Name: "测试", Role: auth.RoleAdmin, Region: ""}

func count(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.R.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// demoToday is the day the demo is loaded on in tests (its stories count
// back from it), never the wall clock.
const demoToday = "2026-06-15"

func TestLoad(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := clock.With(context.Background(), clock.Pinned(demoToday))
		sum, err := Load(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("load took %v: %d agencies, %d officers, %d officer years, %d matters, %d accounts",
			sum.Elapsed, sum.Agencies, sum.Officers, sum.OfficerYears, sum.Matters, sum.Accounts)
		if sum.Skipped {
			t.Fatal("first load skipped")
		}

		// Counts: the summary matches the tables and the sizes asked for.
		for _, c := range []struct {
			table    string
			got      int
			min, max int
		}{
			{"agencies", sum.Agencies, 25, 40},
			{"officers", sum.Officers, 300, 300},
			{"officer_years", sum.OfficerYears, 500, 900},
			{"matters", sum.Matters, 250, 350},
			{"accounts", sum.Accounts, 10, 10}, // with the outside review expert (review.go)
			{"cases", sum.Cases, 18, 30},
		} {
			if n := count(t, db, c.table); n != c.got {
				t.Errorf("%s: summary says %d, table has %d", c.table, c.got, n)
			}
			if c.got < c.min || c.got > c.max {
				t.Errorf("%s: %d, want %d–%d", c.table, c.got, c.min, c.max)
			}
		}
		if len(sum.Logins) != sum.Accounts {
			t.Errorf("%d logins for %d accounts", len(sum.Logins), sum.Accounts)
		}

		// 全过程记录: the cases handled in zfjd carry 录音 of the acts the
		// 音像记录清单 names, so AV_RECORD_MISSING fires on the one story
		// meant to lack them, and only there.
		var recs, avCases int
		db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM act_recordings WHERE kind = 'audio'`).Scan(&recs)
		db.R.QueryRowContext(ctx, `SELECT COUNT(DISTINCT subject_id) FROM findings WHERE rule = 'AV_RECORD_MISSING' AND status = 'open'`).Scan(&avCases)
		if recs < 2 || avCases != 1 {
			t.Errorf("%d audio recordings, AV_RECORD_MISSING open on %d cases; want recordings and exactly one case without", recs, avCases)
		}

		// 投诉: complaints at every stage of the handling, one rated.
		if n := count(t, db, "complaints"); n != sum.Complaints || n < 4 {
			t.Errorf("complaints: summary says %d, table has %d, want at least 4", sum.Complaints, n)
		}
		for _, st := range []string{"received", "accepted", "answered", "closed"} {
			var n int
			db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM complaints WHERE status = $1`, st).Scan(&n)
			if n == 0 {
				t.Errorf("no complaint in status %s", st)
			}
		}
		var rated int
		db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM complaints WHERE rating > 0`).Scan(&rated)
		if rated == 0 {
			t.Error("no rated complaint")
		}

		// 涉企检查: one closed, one over the daily cap.
		if n := count(t, db, "inspections"); n != sum.Inspections || n < 2 {
			t.Errorf("inspections: summary says %d, table has %d, want at least 2", sum.Inspections, n)
		}
		var closed, freq int
		db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM inspections WHERE status = 'closed'`).Scan(&closed)
		db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM findings WHERE rule = 'INSPECTION_FREQUENCY' AND status = 'open'`).Scan(&freq)
		if closed == 0 || freq == 0 {
			t.Errorf("%d closed inspections, %d open INSPECTION_FREQUENCY findings; want both", closed, freq)
		}

		// 执法监督: a case with a 监督意见书 awaiting correction.
		var n int // the review's rectification case is checkReview's
		db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM supervision_cases WHERE source <> 'review'`).Scan(&n)
		if n != sum.Supervision || n < 1 {
			t.Errorf("supervision cases: summary says %d, table has %d, want at least 1", sum.Supervision, n)
		}
		var opinions int
		db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM supervision_acts WHERE type = 'opinion'`).Scan(&opinions)
		if opinions == 0 {
			t.Error("no 监督意见书 in the supervision cases")
		}
		// 鲁条例 Art. 22: the staff hold 行政执法监督证, the 约谈 names two of them.
		var certs, bound, named int
		db.R.QueryRowContext(ctx, `SELECT COUNT(*), SUM(CASE WHEN account_id <> 0 THEN 1 ELSE 0 END) FROM supervision_certs
			WHERE status = 'valid'`).Scan(&certs, &bound)
		db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM supervision_acts WHERE type = 'measure' AND data LIKE '%"supervisor_certs":["LJ3701020001","LJ3701020002"]%'`).Scan(&named)
		if certs != 4 || bound != 2 || named != 1 {
			t.Errorf("监督证: %d valid (%d bound to an account), %d measures naming two; want 4, 2, 1", certs, bound, named)
		}
		var linked int // opened from a demo complaint: its page lists the case
		db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM supervision_cases s JOIN complaints c
			ON s.source = 'complaint' AND s.source_ref = c.tracking_code`).Scan(&linked)
		if linked != 1 {
			t.Errorf("%d supervision cases name a demo complaint, want 1", linked)
		}

		checkHandlingStages(t, ctx, db) // warnings at every stage, 协调指挥 (warnings_test.go)
		checkReview(t, ctx, db)         // 案卷评查 (review_test.go)

		// Every certificate state is present.
		for _, st := range registry.CertStates {
			f := &registry.OfficerFilter{State: st.Value}
			if _, err := registry.ListOfficers(ctx, db, admin, f); err != nil {
				t.Fatal(err)
			}
			t.Logf("state %s: %d", st.Value, f.Total)
			if f.Total == 0 {
				t.Errorf("no officer in state %s (%s)", st.Value, st.Label)
			}
		}
		for _, q := range []string{"hearing_host", "legal_review"} {
			f := &registry.OfficerFilter{Qualification: q}
			if _, err := registry.ListOfficers(ctx, db, admin, f); err != nil {
				t.Fatal(err)
			}
			if f.Total < 15 || f.Total > 60 {
				t.Errorf("%d officers qualified as %s, want about 10%%", f.Total, q)
			}
		}

		// Every agency has a valid credit code; every subject type exists;
		// the entrusted one names its entrusting agency.
		agencies, err := registry.AgencyChoices(ctx, db, admin)
		if err != nil {
			t.Fatal(err)
		}
		byCode := map[string]*registry.Agency{}
		types := map[string]int{}
		for _, a := range agencies {
			byCode[a.Code] = a
			if err := ident.ValidateUSCC(a.Code); err != nil {
				t.Errorf("%s: code %s: %v", a.Name, a.Code, err)
			}
			types[a.Kind+"/"+a.SubjectType]++
			wantDays := 7
			if a.Domain == "市场监管" {
				wantDays = 20
			}
			if a.PublicityDays != wantDays {
				t.Errorf("%s: publicity %d days, want %d", a.Name, a.PublicityDays, wantDays)
			}
		}
		for _, k := range []string{"supervision/", "enforcement/statutory", "enforcement/authorized", "enforcement/entrusted"} {
			if types[k] == 0 {
				t.Errorf("no agency of kind %s", k)
			}
		}
		for _, a := range agencies {
			if a.SubjectType == "entrusted" && byCode[a.ParentCode] == nil {
				t.Errorf("%s: entrusting agency %q missing", a.Name, a.ParentCode)
			}
		}

		// Every officer has a valid ID number and an 11-character certificate number.
		certRe := regexp.MustCompile(`^3701[0-9]{7}$`)
		f := &registry.OfficerFilter{Page: registry.Page{Size: 200}}
		seen := 0
		for f.Page.Page = 1; ; f.Page.Page++ {
			list, err := registry.ListOfficers(ctx, db, admin, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range list {
				seen++
				if err := ident.ValidateIDCard(o.IDNumber); err != nil {
					t.Errorf("%s: ID %s: %v", o.Name, o.IDNumber, err)
				}
				if !certRe.MatchString(o.CertNo) {
					t.Errorf("%s: certificate number %q", o.Name, o.CertNo)
				}
				if a := byCode[o.AgencyCode]; a == nil || a.Domain != o.Domain || a.RegionCode != o.RegionCode {
					t.Errorf("%s: agency %s, domain %s, region %s do not match", o.Name, o.AgencyCode, o.Domain, o.RegionCode)
				}
			}
			if f.Page.Page >= f.Pages() {
				break
			}
		}
		if seen != sum.Officers {
			t.Errorf("listed %d officers, loaded %d", seen, sum.Officers)
		}

		// Matters: every kind used, thresholds on a few, holders of the domain.
		kinds := map[string]int{}
		thresholds := 0
		mf := &registry.MatterFilter{Page: registry.Page{Size: 200}}
		for mf.Page.Page = 1; ; mf.Page.Page++ {
			list, err := registry.ListMatters(ctx, db, admin, mf)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range list {
				kinds[m.Kind]++
				if m.CriminalThresholdFen != nil {
					thresholds++
				}
				if len(m.AgencyCodes) == 0 {
					t.Errorf("%s: no holder", m.Code)
				}
				for _, c := range m.AgencyCodes {
					if a := byCode[c]; a == nil || a.Domain != m.Domain {
						t.Errorf("%s (%s): holder %s not of the domain", m.Code, m.Domain, c)
					}
				}
			}
			if mf.Page.Page >= mf.Pages() {
				break
			}
		}
		t.Logf("matters by kind: %v; %d with a criminal threshold", kinds, thresholds)
		if kinds["penalty"] < sum.Matters/2 || kinds["inspection"] == 0 || kinds["coercion"] == 0 || kinds["license"] == 0 {
			t.Errorf("matters by kind: %v", kinds)
		}
		if thresholds == 0 {
			t.Error("no matter has a criminal threshold")
		}

		// Accounts: admin logs in; the agency-bound reviewer sees only its agency.
		acc, err := auth.Authenticate(ctx, db, "admin", DemoPassword, clock.Now(ctx))
		if err != nil {
			t.Fatalf("admin login: %v", err)
		}
		if acc.Role != auth.RoleAdmin {
			t.Errorf("admin has role %s", acc.Role)
		}
		rev, err := auth.Authenticate(ctx, db, "reviewer", DemoPassword, clock.Now(ctx))
		if err != nil {
			t.Fatalf("reviewer login: %v", err)
		}
		rf := &registry.OfficerFilter{}
		if _, err := registry.ListOfficers(ctx, db, rev.Principal(), rf); err != nil {
			t.Fatal(err)
		}
		if rf.Total == 0 || rf.Total >= sum.Officers {
			t.Errorf("reviewer sees %d of %d officers", rf.Total, sum.Officers)
		}
		lf := &registry.OfficerFilter{Qualification: "legal_review", State: "valid"}
		if _, err := registry.ListOfficers(ctx, db, rev.Principal(), lf); err != nil || lf.Total == 0 {
			t.Errorf("reviewer's agency has %d valid legal reviewers (%v)", lf.Total, err)
		}

		checkDemoCases(t, ctx, db, sum)

		// A second load writes nothing.
		audits := count(t, db, "audit_log")
		again, err := Load(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if !again.Skipped {
			t.Error("second load not skipped")
		}
		if n := count(t, db, "audit_log"); n != audits {
			t.Errorf("second load wrote %d audit rows", n-audits)
		}
	})
}

// The plan depends only on the seed, the day and the known regions.
func TestPlanDeterministic(t *testing.T) {
	today := time.Date(2026, 11, 23, 0, 0, 0, 0, clock.Shanghai)
	all := func(string) bool { return true }
	a, err := buildPlan(today, all)
	if err != nil {
		t.Fatal(err)
	}
	b, err := buildPlan(today, all)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two plans differ")
	}
	// Regions missing from an old division table drop their agencies
	// without changing anyone else's credit code.
	c, err := buildPlan(today, func(r string) bool { return r != "370116" && r != "370117" })
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]string{}
	for _, ag := range a.agencies {
		codes[ag.Name] = ag.Code
	}
	if len(c.agencies) != len(a.agencies)-2 {
		t.Errorf("%d agencies without 莱芜/钢城, %d with", len(c.agencies), len(a.agencies))
	}
	for _, ag := range c.agencies {
		if codes[ag.Name] != ag.Code {
			t.Errorf("%s: code changed with the region table", ag.Name)
		}
	}
}

func TestSummaryString(t *testing.T) {
	s := &Summary{Agencies: 1, Logins: []Login{{Username: "admin", Password: DemoPassword, Name: "系统管理员", Role: "系统管理员", Scope: "山东省"}}}
	if got := s.String(); !regexp.MustCompile(`admin +系统管理员`).MatchString(got) {
		t.Errorf("summary: %q", got)
	}
	if got := (&Summary{Skipped: true}).String(); got == "" {
		t.Error("empty text for a skipped load")
	}
}
