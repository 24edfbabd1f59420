package inspection_test

import (
	"fmt"
	"strings"
	"testing"

	"zfjd/internal/inspection"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// rollupRows are both statistics rollups of the inspections, one line a row.
func rollupRows(t *testing.T, db *store.DB) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT '0', region_code, month, agency_code, visits, joint, no_problem FROM inspection_rollup ORDER BY region_code, month, agency_code`,
		`SELECT CAST(level AS TEXT), area, month, '', visits, joint, no_problem FROM inspection_rollup_area ORDER BY level, area, month`,
	} {
		rows, err := db.R.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var lvl, area, month, agency string
			var v, j, np int64
			if err := rows.Scan(&lvl, &area, &month, &agency, &v, &j, &np); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s %s %s %s %d %d %d\n", lvl, area, month, agency, v, j, np)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}

// checkRollup compares the rollups the saves kept with a rebuild from the
// inspections and with the expected fine rows (region month agency visits
// joint no_problem).
func checkRollup(t *testing.T, db *store.DB, step string, want ...string) {
	t.Helper()
	kept := rollupRows(t, db)
	if err := inspection.RebuildRollup(t.Context(), db); err != nil {
		t.Fatal(err)
	}
	if rebuilt := rollupRows(t, db); rebuilt != kept {
		t.Fatalf("%s: the saves kept\n%s\na rebuild reads\n%s", step, kept, rebuilt)
	}
	var fine []string
	for _, l := range strings.Split(strings.TrimSpace(kept), "\n") {
		if strings.HasPrefix(l, "0 ") {
			fine = append(fine, strings.TrimPrefix(l, "0 "))
		}
	}
	if got := strings.Join(fine, "; "); got != strings.Join(want, "; ") {
		t.Errorf("%s: rollup %q, want %q", step, got, strings.Join(want, "; "))
	}
}

// The rollups follow the saves through the service: a visit counts once
// checked in (in the month of its check-in), moves with its problem
// found, joint agencies, visit day, region and agency, and leaves when its
// check-in is withdrawn; after every step they equal a rebuild.
func TestRollupFollowsSaves(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		A, O := testworld.Agency, testworld.Other
		J, _ := joinWorld(t, f)
		officer := testworld.As("officer")
		in := reported(t, f)
		checkRollup(t, db, "reported")
		in, err := f.svc.AddJoint(f.Ctx, officer, in.ID, J)
		if err != nil {
			t.Fatal(err)
		}
		checkRollup(t, db, "reported")
		month := testworld.Today[:7]
		if in, err = f.svc.Act(f.Ctx, officer, in.ID, inspection.ActCheckIn, inspection.ActInput{Code: in.Code, Officers: []string{testworld.CertB}}); err != nil {
			t.Fatal(err)
		}
		// No result yet: problem_found is -1, neither found nor not.
		checkRollup(t, db, "checked in", testworld.Region+" "+month+" "+A+" 1 1 0")
		if in, err = f.svc.Act(f.Ctx, officer, in.ID, inspection.ActResult, inspection.ActInput{ProblemFound: false, Note: "未发现问题"}); err != nil {
			t.Fatal(err)
		}
		checkRollup(t, db, "result", testworld.Region+" "+month+" "+A+" 1 1 1")

		// A pushed visit: its result, joint agencies, day, region and agency change.
		push := func(step, day string, problem bool, joint []string, agency, region string, checkIn bool, want ...string) {
			t.Helper()
			p := pushed("P1", day, inspection.Event{Type: "result", At: day + "T11:00:00+08:00", ProblemFound: &problem, Summary: "日常检查"})
			if !checkIn {
				p.Events = p.Events[:2]
			}
			p.JointAgency, p.AgencyCode, p.RegionCode = joint, agency, region
			if _, _, err := f.svc.Put(f.Ctx, robot, p); err != nil {
				t.Fatalf("%s: %v", step, err)
			}
			checkRollup(t, db, step, want...)
		}
		mine := testworld.Region + " " + month + " " + A + " 1 1 1"
		push("pushed", "2026-05-20", true, []string{J}, A, testworld.Region, true, testworld.Region+" 2026-05 "+A+" 1 1 0", mine)
		push("no problem after all", "2026-05-20", false, []string{J}, A, testworld.Region, true, testworld.Region+" 2026-05 "+A+" 1 1 1", mine)
		push("not joint", "2026-05-20", false, nil, A, testworld.Region, true, testworld.Region+" 2026-05 "+A+" 1 0 1", mine)
		push("another month", month+"-01", false, nil, A, testworld.Region, true, testworld.Region+" "+month+" "+A+" 2 1 2")
		push("another agency", month+"-01", false, nil, O, "370103", true, mine, "370103 "+month+" "+O+" 1 0 1")
		push("check-in withdrawn", month+"-01", false, nil, O, "370103", false, mine)
	})
}
