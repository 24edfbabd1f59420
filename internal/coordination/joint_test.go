package coordination_test

import (
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/coordination"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/warning"
)

func mustJ(t *testing.T) func(*coordination.JointAction, error) *coordination.JointAction {
	return func(j *coordination.JointAction, err error) *coordination.JointAction {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return j
	}
}

// TestJointActionFromOverlap: the overlap of three agencies on one
// enterprise becomes a joint action led by one of them (联合执法, 条例
// Art. 13 cross-field enforcement); the lead assigns a task to a member;
// its report after the due date is a finding on it (Art. 25); each
// member links only its own case; the action ends when every task is
// reported.
func TestJointActionFromOverlap(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		third, _ := ident.MakeUSCC('1', '1', testworld.Region, "MB285043")
		if _, err := registry.PutAgency(w.Ctx, db, w.Admin, &registry.Agency{Code: third, Name: "济南市历下区城市管理局",
			Kind: "enforcement", RegionCode: testworld.Region}); err != nil {
			t.Fatal(err)
		}
		ent := "91370102MA3C5R2K0M"
		addCase(t, db, 1, testworld.Agency, testworld.Region, "org", ent, "2026-05-01")
		addCase(t, db, 2, third, testworld.Region, "org", ent, "2026-05-20")
		addCase(t, db, 3, testworld.Other, "370103", "org", ent, "2026-06-01")
		city, agency := testworld.As("city"), testworld.As("agency_admin")
		list, err := coordination.Overlaps(w.Ctx, db, city, &coordination.OverlapFilter{MinAgencies: 3})
		if err != nil || len(list) != 1 {
			t.Fatalf("overlap: %d %v", len(list), err)
		}
		o := list[0]
		svc := coordination.NewService(db)
		_, err = svc.OpenJoint(w.Ctx, city, coordination.JointOpening{Title: "x", Summary: "y", Lead: testworld.Agency,
			StartsOn: "2026-06-15", EndsOn: "2026-06-01"})
		wantCode(t, "no members, bad dates", err, apperr.Invalid, "members")
		j := mustJ(t)(svc.OpenJoint(w.Ctx, city, coordination.JointOpening{Title: "对" + o.PartyName + "的联合检查", Summary: "进一次门、查多项事",
			Lead: testworld.Agency, Members: o.Codes(), PartyID: ent, PartyName: o.PartyName, StartsOn: "2026-06-15", EndsOn: "2026-06-30"}))
		if j.RegionCode != "370100" || len(j.Members) != 3 {
			t.Fatalf("opened: %+v", j)
		}
		_, err = svc.ActJoint(w.Ctx, otherAdmin, j.ID, coordination.JointInput{Action: "task", At: testworld.Today, Note: "x",
			Owner: testworld.Other, Due: "2026-06-18"})
		wantCode(t, "a participant assigning", err, apperr.Forbidden, "")
		j = mustJ(t)(svc.ActJoint(w.Ctx, agency, j.ID, coordination.JointInput{Action: "task", At: testworld.Today,
			Note: "核查食品经营许可", Owner: testworld.Other, Due: "2026-06-18"}))
		task := j.Tasks[0].ID
		_, err = svc.ActJoint(w.Ctx, agency, j.ID, coordination.JointInput{Action: "finish", At: testworld.Today, Note: "完成"})
		wantCode(t, "finishing with a task open", err, apperr.Conflict, "")
		_, err = svc.ActJoint(w.Ctx, agency, j.ID, coordination.JointInput{Action: "report", At: testworld.Today, Note: "x", Task: task})
		wantCode(t, "reporting another's task", err, apperr.Forbidden, "")

		late := at("2026-06-19")
		if n, err := flow.Pass(late, db, "2026-06-19", svc.JointDue()); err != nil || n != 1 {
			t.Fatalf("pass: %d %v", n, err)
		}
		ws, err := warning.NewService(db).List(late, otherAdmin, &warning.Filter{Status: "open"})
		if err != nil || len(ws) != 1 || ws[0].Rule != coordination.RuleTaskOverdue {
			t.Fatalf("the owner's warnings: %+v %v", ws, err)
		}
		j = mustJ(t)(svc.ActJoint(at("2026-06-22"), otherAdmin, j.ID, coordination.JointInput{Action: "report", At: "2026-06-22",
			Note: "许可有效", Task: task}))
		if len(j.Warnings) != 1 || j.Tasks[0].ReportedOn != "2026-06-22" {
			t.Fatalf("after the late report: %+v %+v", j.Warnings, j.Tasks)
		}
		var own, others int64
		db.R.QueryRow(`SELECT id FROM cases WHERE source_id = 'T-1'`).Scan(&own)
		db.R.QueryRow(`SELECT id FROM cases WHERE source_id = 'T-2'`).Scan(&others)
		_, err = svc.ActJoint(late, agency, j.ID, coordination.JointInput{Action: "link", At: "2026-06-19", CaseID: others})
		wantCode(t, "linking another agency's case", err, apperr.Invalid, "case_id")
		j = mustJ(t)(svc.ActJoint(late, agency, j.ID, coordination.JointInput{Action: "link", At: "2026-06-19", CaseID: own}))
		if len(j.Cases) != 1 || j.Cases[0].AgencyCode != testworld.Agency {
			t.Fatalf("linked: %+v", j.Cases)
		}
		j = mustJ(t)(svc.ActJoint(at("2026-06-22"), agency, j.ID, coordination.JointInput{Action: "finish", At: "2026-06-22", Note: "联合检查完成"}))
		if j.Status != coordination.JointDone {
			t.Fatalf("status %s", j.Status)
		}
		for _, p := range []*auth.Principal{testworld.As("supervisor"), testworld.As("officer")} {
			if _, err := svc.GetJoint(w.Ctx, p, j.ID); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("%s reads a city-level joint action: %v", p.Username, err)
			}
		}
		if l, _ := svc.ListJoint(w.Ctx, otherAdmin, "", &registry.Page{}); len(l) != 1 {
			t.Fatalf("a member's list: %d", len(l))
		}
	})
}

// TestJudgeJointTasks: the task rule's rows (条例 Art. 13, 25).
func TestJudgeJointTasks(t *testing.T) {
	task := coordination.Act{ID: 7, Type: "task", At: "2026-06-15", Note: "核查", Data: map[string]any{"owner": "B", "due": "2026-06-18"}}
	report := func(on string) coordination.Act {
		return coordination.Act{Type: "report", At: on, Data: map[string]any{"task": "7"}}
	}
	for _, c := range []struct {
		name, today string
		acts        []coordination.Act
		findings    int
		next        string
	}{
		{"Art. 25: before the due date nothing, judged again the day after", "2026-06-18", []coordination.Act{task}, 0, "2026-06-19"},
		{"Art. 25: unreported after the due date", "2026-06-19", []coordination.Act{task}, 1, ""},
		{"Art. 25: reported on time", "2026-06-30", []coordination.Act{task, report("2026-06-18")}, 0, ""},
		{"Art. 25: reported late keeps the finding", "2026-06-30", []coordination.Act{task, report("2026-06-20")}, 1, ""},
		{"Art. 13: cancelled before the due date stops the clock", "2026-06-30",
			[]coordination.Act{task, {Type: "cancel", At: "2026-06-16"}}, 0, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			j := &coordination.JointAction{Title: "联合检查", Acts: c.acts, Members: []coordination.Party{{AgencyCode: "B", Name: "乙局"}}}
			jd := coordination.JudgeJoint(j, mustDate(c.today))
			if len(jd.Findings) != c.findings || jd.NextCheck != c.next {
				t.Fatalf("findings %+v next %q", jd.Findings, jd.NextCheck)
			}
			for _, f := range jd.Findings {
				if f.Rule != coordination.RuleTaskOverdue || f.Key != "7" || f.Basis == "" {
					t.Fatalf("finding %+v", f)
				}
			}
		})
	}
}
