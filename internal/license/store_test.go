package license_test

import (
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/cases"
	"zfjd/internal/coordination"
	"zfjd/internal/license"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// TestLicensePutRefusals: every refusal names its field in Chinese and
// writes nothing — no licence, no audit row, no leaf, no notice.
func TestLicensePutRefusals(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w, svc := buildLic(t, db)
		audits := count(t, db, `SELECT COUNT(*) FROM audit_log`)
		for _, c := range []struct {
			what, sys, field, code string
			edit                   func(b *license.Body)
			as                     string
		}{
			{"no party name", "xzsp", "party.name", apperr.Invalid, func(b *license.Body) { b.Party.Name = "" }, ""},
			{"bad 统一社会信用代码 of the applicant", "xzsp", "party.id_number", apperr.Invalid, func(b *license.Body) { b.Party.IDNumber = "91370102MA3C5R2K0X" }, ""},
			{"first step not 申请", "xzsp", "events[0].type", apperr.Invalid, func(b *license.Body) { b.Events = b.Events[1:] }, ""},
			{"granted before accepted (Art. 32, 38)", "xzsp", "events[1].type", apperr.Invalid, func(b *license.Body) {
				b.Events = []license.Event{b.Events[0], b.Events[2]}
			}, ""},
			{"不予许可 without reasons (Art. 38 ¶2)", "xzsp", "events[2].reason", apperr.Invalid, func(b *license.Body) {
				b.Events[2] = license.Event{Type: "refused", At: "2026-05-20"}
			}, ""},
			{"a step after today", "xzsp", "events[2].at", apperr.Invalid, func(b *license.Body) { b.Events[2].At = "2026-07-01" }, ""},
			{"a step before the one before", "xzsp", "events[1].at", apperr.Invalid, func(b *license.Body) { b.Events[1].At = "2026-05-01" }, ""},
			{"a penalty matter", "xzsp", "matter_code", apperr.Invalid, func(b *license.Body) { b.MatterCode = testworld.Matter }, ""},
			{"a matter the bureau does not hold", "xzsp", "matter_code", apperr.Invalid, func(b *license.Body) {
				b.AgencyCode = testworld.Agency
			}, "robot"},
			{"an unknown supervising agency", "xzsp", "supervising_agency_code", apperr.Invalid, func(b *license.Body) {
				b.SupervisorCode = "11370102MB28504XXX"
			}, ""},
			{"another agency's licence", "xzsp", "agency_code", apperr.Forbidden, func(b *license.Body) { b.AgencyCode = testworld.Agency }, ""},
			{"the platform's own source system", "zfjd", "source_system", apperr.Forbidden, func(*license.Body) {}, ""},
			{"a reading role", "xzsp", "", apperr.Forbidden, func(*license.Body) {}, "admin"},
		} {
			b := granted(testworld.Agency)
			c.edit(b)
			p := approvalRobot
			switch c.as {
			case "robot":
				p = testworld.Robot
			case "admin":
				p = approvalAdmin
			}
			_, _, err := svc.Put(w.Ctx, p, c.sys, "SP-1", b)
			wantCode(t, c.what, err, c.code, c.field)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM licenses`); n != 0 {
			t.Fatalf("refusals wrote %d licences", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log`); n != audits {
			t.Fatalf("refusals audited: %d rows, was %d", n, audits)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM assists`) + count(t, db, `SELECT COUNT(*) FROM log_leaves WHERE kind = 'license'`); n != 0 {
			t.Fatalf("refusals sent or logged %d", n)
		}
	})
}

// TestLicenseGrantNotifiesSupervisor: a licence granted is notified to the
// agency supervising the licensed activity (行政许可法 Art. 61), once; a
// replay changes nothing; a revocation (Art. 69) is a new version, audited
// and logged, and notifies it again; the supervisor reads the licence and
// answers the notice; another county does not see it.
func TestLicenseGrantNotifiesSupervisor(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w, svc := buildLic(t, db)
		created, l, err := svc.Put(w.Ctx, approvalRobot, "xzsp", "SP-1", granted(testworld.Agency))
		if err != nil || !created || l.Status != license.Granted || l.Version != 1 || len(l.Notices) != 1 || l.AgencyName == "" {
			t.Fatalf("put: %v %+v %v", created, l, err)
		}
		co := coordination.NewService(db)
		sup := testworld.As("agency_admin") // the market regulator supervises
		a, err := co.GetAssist(w.Ctx, sup, l.Notices[0])
		if err != nil || a.Kind != "licence_grant" || a.Sender != approval || a.Recipient != testworld.Agency || a.CreatedBy != "system" {
			t.Fatalf("the notice: %+v %v", a, err)
		}
		audits, leaves := count(t, db, `SELECT COUNT(*) FROM audit_log`), count(t, db, `SELECT COUNT(*) FROM log_leaves`)
		created, again, err := svc.Put(w.Ctx, approvalRobot, "xzsp", "SP-1", granted(testworld.Agency))
		if err != nil || created || again.Version != 1 || len(again.Notices) != 1 {
			t.Fatalf("replay: %v %+v %v", created, again, err)
		}
		if count(t, db, `SELECT COUNT(*) FROM audit_log`) != audits || count(t, db, `SELECT COUNT(*) FROM log_leaves`) != leaves {
			t.Fatal("a replay wrote")
		}
		b := granted(testworld.Agency)
		b.Events = append(b.Events, license.Event{Type: "revoked", At: "2026-06-12", Reason: "以欺骗手段取得许可（《行政许可法》第六十九条第二款）"})
		_, l, err = svc.Put(w.Ctx, approvalRobot, "xzsp", "SP-1", b)
		if err != nil || l.Status != license.Revoked || l.Version != 2 || len(l.Notices) != 2 {
			t.Fatalf("revoked: %+v %v", l, err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE entity = 'license' AND action = 'update'`); n != 1 {
			t.Fatalf("update audits %d", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM log_leaves WHERE kind = 'license'`); n != 2 {
			t.Fatalf("licence leaves %d", n)
		}
		if got, err := svc.Get(w.Ctx, sup, "xzsp", "SP-1"); err != nil || got.ID != l.ID {
			t.Fatalf("the supervisor reads it: %v", err)
		}
		if _, err := svc.Get(w.Ctx, otherAdmin, "xzsp", "SP-1"); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("another county reads it: %v", err)
		}
		if list, err := svc.List(w.Ctx, otherAdmin, &license.Filter{}); err != nil || len(list) != 0 {
			t.Fatalf("another county lists %d %v", len(list), err)
		}
		pg := license.Filter{Status: license.Revoked}
		if list, err := svc.List(w.Ctx, sup, &pg); err != nil || len(list) != 1 || pg.Page.Total != 1 {
			t.Fatalf("the supervisor's list %d %v", len(list), err)
		}
		if _, err := co.ActAssist(w.Ctx, sup, l.Notices[1], coordination.AssistInput{Action: "answer", At: testworld.Today,
			Note: "已纳入监管并核查停业情况", Answer: "noted"}); err != nil {
			t.Fatal(err)
		}
		if _, err := co.SendAssist(w.Ctx, approvalAdmin, coordination.AssistOpening{Kind: "licence_grant", Recipient: testworld.Agency,
			Subject: "x", Summary: "y"}); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("a hand-sent licence_grant: %v", err)
		}
	})
}

// TestLicensePenaltyNotifiesLicensingAgency: a penalty of another agency
// that revokes or suspends a licence of the holder is notified to the
// licensing agency (行政许可法 Art. 70 (四)) — at the licence's PUT for a
// decision before it, by LinkPass for one after; once each; a fine alone
// is no notice; the licensing agency's own penalty neither.
func TestLicensePenaltyNotifiesLicensingAgency(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w, svc := buildLic(t, db)
		early := decide(t, w.Ctx, w, "P-1", "2026-06-01", cases.Penalty{Kind: "suspend_license", Note: "暂扣三个月"})
		decide(t, w.Ctx, w, "P-0", "2026-05-10", cases.Penalty{Kind: "revoke_license"}) // before the grant: another licence
		_, l, err := svc.Put(w.Ctx, approvalRobot, "xzsp", "SP-1", granted(""))
		if err != nil || len(l.Notices) != 1 {
			t.Fatalf("put: %+v %v", l, err)
		}
		co := coordination.NewService(db)
		a, err := co.GetAssist(w.Ctx, approvalAdmin, l.Notices[0])
		if err != nil || a.Kind != "licence" || a.Sender != testworld.Agency || a.Recipient != approval || a.CaseID != early {
			t.Fatalf("the notice: %+v %v", a, err)
		}
		if n, err := svc.LinkPass(w.Ctx, 100); err != nil || n != 0 {
			t.Fatalf("pass with nothing new: %d %v", n, err)
		}
		decide(t, w.Ctx, w, "P-2", "2026-06-11", cases.Penalty{Kind: "fine", AmountFen: 200000})
		late := decide(t, w.Ctx, w, "P-3", "2026-06-12", cases.Penalty{Kind: "revoke_license"})
		if n, err := svc.LinkPass(w.Ctx, 100); err != nil || n != 1 {
			t.Fatalf("pass: %d %v", n, err)
		}
		if n, err := svc.LinkPass(w.Ctx, 100); err != nil || n != 0 {
			t.Fatalf("second pass: %d %v", n, err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM assists WHERE kind = 'licence' AND case_id = $1 AND recipient = $2`, late, approval); n != 1 {
			t.Fatalf("notices of the late case %d", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM assists`); n != 2 {
			t.Fatalf("assists %d, want 2", n)
		}
	})
}

// TestLicenseSupervisorSameAgency: a licensing agency supervising its own
// licences has nobody to notify.
func TestLicenseSupervisorSameAgency(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w, svc := buildLic(t, db)
		_, l, err := svc.Put(w.Ctx, approvalRobot, "xzsp", "SP-9", granted(approval))
		if err != nil || l.SupervisorCode != "" || len(l.Notices) != 0 {
			t.Fatalf("put: %+v %v", l, err)
		}
	})
}
