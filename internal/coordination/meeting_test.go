package coordination_test

import (
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/calendar"
	"zfjd/internal/coordination"
	"zfjd/internal/flow"
	"zfjd/internal/law"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/warning"
)

func mustM(t *testing.T) func(*coordination.Meeting, error) *coordination.Meeting {
	return func(m *coordination.Meeting, err error) *coordination.Meeting {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
}

// TestMeetingDecisionToClosure: the city's supervision body convenes a 联席
// 会议 (the Qinhuangdao seed) of two counties' regulators with 公安 and 检察院
// sitting in; records the minutes and a decision owned by one regulator
// with a deadline of five working days on the calendar (端午 not counted);
// the meeting cannot close while it is open; the daily pass after the
// deadline makes the owner's finding (条例 Art. 25); its late report keeps
// it; then the meeting closes. Only the body and the members read it.
func TestMeetingDecisionToClosure(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		svc := coordination.NewService(db)
		city, agency := testworld.As("city"), testworld.As("agency_admin")

		_, err := svc.OpenMeeting(w.Ctx, city, coordination.MeetingOpening{Title: "食品安全执法联席会议", HeldOn: "2026-06-15",
			Members: []string{testworld.Agency}})
		wantCode(t, "no agenda", err, apperr.Invalid, "agenda")
		_, err = svc.OpenMeeting(w.Ctx, agency, coordination.MeetingOpening{Title: "x", Agenda: "y", HeldOn: "2026-06-15",
			Members: []string{testworld.Agency, testworld.Other}})
		wantCode(t, "an agency convening", err, apperr.Forbidden, "")
		_, err = svc.OpenMeeting(w.Ctx, testworld.As("supervisor"), coordination.MeetingOpening{Title: "x", Agenda: "y", HeldOn: "2026-06-15",
			Members: []string{testworld.Agency, testworld.Other}})
		wantCode(t, "a county body naming another county's agency", err, apperr.Invalid, "members")

		m := mustM(t)(svc.OpenMeeting(w.Ctx, city, coordination.MeetingOpening{Title: "食品安全执法联席会议", Agenda: "研究跨区食品经营违法线索的移送和联合查处",
			HeldOn: "2026-06-15", Members: []string{testworld.Agency, testworld.Other},
			Outside: []coordination.Outside{{Kind: "police", Name: "济南市公安局食药环侦支队"}, {Kind: "procuratorate", Name: "济南市人民检察院"}}}))
		if m.Status != coordination.MeetingPlanned || m.RegionCode != "370100" || len(m.Outside) != 2 || len(m.Members) != 2 {
			t.Fatalf("opened: %+v", m)
		}
		_, err = svc.ActMeeting(w.Ctx, city, m.ID, coordination.MeetingInput{Action: "decision", At: testworld.Today, Note: "x",
			Owner: testworld.Other})
		wantCode(t, "a decision before the minutes", err, apperr.Conflict, "")
		_, err = svc.ActMeeting(w.Ctx, city, m.ID, coordination.MeetingInput{Action: "minutes", At: testworld.Today, Note: "会议纪要"})
		wantCode(t, "minutes without attendance", err, apperr.Invalid, "attended")
		m = mustM(t)(svc.ActMeeting(w.Ctx, city, m.ID, coordination.MeetingInput{Action: "minutes", At: testworld.Today,
			Note: "会议商定由市中区局牵头查处", Attended: []string{"历下区市场监管局", "市中区市场监管局", "市公安局食药环侦支队"}}))
		_, err = svc.ActMeeting(w.Ctx, city, m.ID, coordination.MeetingInput{Action: "decision", At: testworld.Today, Note: "x",
			Owner: testworld.FarAgency})
		wantCode(t, "an owner who did not sit", err, apperr.Invalid, "owner")
		m = mustM(t)(svc.ActMeeting(w.Ctx, city, m.ID, coordination.MeetingInput{Action: "decision", At: testworld.Today,
			Note: "市中区局牵头查处某食品公司跨区经营问题", Owner: testworld.Other, DueDays: 5}))
		cal, err := calendar.RulesCalendar(w.Ctx, db.R)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := cal.AddWorkdays(law.MustParseDate(testworld.Today), 5)
		if len(m.Decisions) != 1 || m.Decisions[0].Due != want.String() || m.Status != coordination.MeetingHeld {
			t.Fatalf("decision: %+v, want due %s", m.Decisions, want)
		}
		dec := m.Decisions[0]
		_, err = svc.ActMeeting(w.Ctx, city, m.ID, coordination.MeetingInput{Action: "close", At: testworld.Today, Note: "办结"})
		wantCode(t, "closing with a decision open", err, apperr.Conflict, "")
		_, err = svc.ActMeeting(w.Ctx, agency, m.ID, coordination.MeetingInput{Action: "report", At: testworld.Today, Note: "x", Decision: dec.ID})
		wantCode(t, "a member reporting another's decision", err, apperr.Forbidden, "")
		for _, who := range []string{"officer", "social", "supervisor"} {
			_, err = svc.GetMeeting(w.Ctx, testworld.As(who), m.ID)
			wantCode(t, who+" reading", err, apperr.NotFound, "")
		}

		lateDay := want.AddDays(2).String()
		late := at(lateDay)
		if n, err := flow.Pass(late, db, lateDay, svc.MeetingDue()); err != nil || n != 1 {
			t.Fatalf("pass: %d %v", n, err)
		}
		ws, err := warning.NewService(db).List(late, otherAdmin, &warning.Filter{Status: "open"})
		if err != nil || len(ws) != 1 || ws[0].Rule != coordination.RuleDecisionOverdue || ws[0].AgencyCode != testworld.Other {
			t.Fatalf("the owner's warnings: %+v %v", ws, err)
		}
		m = mustM(t)(svc.ActMeeting(late, otherAdmin, m.ID, coordination.MeetingInput{Action: "report", At: lateDay,
			Note: "已立案查处并通报公安机关", Decision: dec.ID}))
		if len(m.Warnings) != 1 || !strings.Contains(m.Warnings[0].Message, "逾期2日后才报告") || m.Decisions[0].ReportedOn != lateDay {
			t.Fatalf("after the late report: %+v %+v", m.Warnings, m.Decisions)
		}
		m = mustM(t)(svc.ActMeeting(late, city, m.ID, coordination.MeetingInput{Action: "close", At: lateDay, Note: "议定事项已落实"}))
		if m.Status != coordination.MeetingClosed {
			t.Fatalf("closed: %s", m.Status)
		}
		doc, err := coordination.MinutesDocument(m)
		if err != nil || !strings.Contains(doc.Text(), "济南市人民检察院") || !strings.Contains(doc.Text(), "市中区局牵头查处某食品公司跨区经营问题") {
			t.Fatalf("minutes: %v %s", err, doc.Text())
		}
		list, err := svc.ListMeetings(w.Ctx, agency, "", pageOf())
		if err != nil || len(list) != 1 {
			t.Fatalf("the member's list: %d %v", len(list), err)
		}
		if list, _ := svc.ListMeetings(w.Ctx, testworld.As("supervisor"), "", pageOf()); len(list) != 0 {
			t.Fatalf("the county body lists the city's meeting")
		}
	})
}

func pageOf() *registry.Page { return &registry.Page{Size: 50} }
