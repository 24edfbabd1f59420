package complaint_test

import (
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/complaint"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// TestSocialSupervisor: 聘任 by the city's supervision, training and
// evaluation, a clue that arrives flagged with its tracking, an on-site
// observation the body reviews, and exit; the account sees only its own.
func TestSocialSupervisor(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		s := service(t, db)
		ctx := w.Ctx
		city, social := testworld.As("city"), testworld.As("social")
		var accountID int64
		db.R.QueryRow(`SELECT id FROM accounts WHERE username = 'social'`).Scan(&accountID)
		social.ID = accountID
		if _, err := s.Clue(ctx, social, &complaint.Filing{}, nil); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("clue before appointment: %v", err)
		}
		a := complaint.Appointment{Username: "social", Name: "刘监督", Region: "370100", Field: "市场监管", TermFrom: "2026-01-01", TermTo: "2027-12-31"}
		if _, err := s.Appoint(ctx, testworld.As("supervisor"), a); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("a county appoints for the city: %v", err)
		}
		x, err := s.Appoint(ctx, city, a)
		if err != nil || x.AccountID != accountID || x.CertNo == "" {
			t.Fatalf("appoint: %v %+v", err, x)
		}
		if err := s.AddRecord(ctx, city, x.ID, complaint.Record{Kind: "training", On: "2026-03-01", Title: "行政执法监督条例培训", Hours: 4}); err != nil {
			t.Fatal(err)
		}
		if err := s.AddRecord(ctx, city, x.ID, complaint.Record{Kind: "evaluation", On: "2026-06-01", Title: "年度考核", Grade: "bogus"}); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("bad grade: %v", err)
		}
		if err := s.AddRecord(ctx, social, x.ID, complaint.Record{Kind: "reward", On: "2026-06-01", Title: "自评优秀"}); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("the supervisor rewards themself: %v", err)
		}
		// 年度考核 and 奖励 by the body, read back in date order by the supervisor's own account.
		if err := s.AddRecord(ctx, city, x.ID, complaint.Record{Kind: "evaluation", On: "2026-06-02", Title: "2026年度考核", Grade: "excellent"}); err != nil {
			t.Fatal(err)
		}
		if err := s.AddRecord(ctx, city, x.ID, complaint.Record{Kind: "reward", On: "2026-06-03", Title: "年度优秀社会监督员"}); err != nil {
			t.Fatal(err)
		}
		own, err := s.Supervisor(ctx, social, x.ID)
		if err != nil || len(own.Records) != 3 || own.Records[1].Grade != "excellent" || own.Records[2].Kind != "reward" || own.Records[0].Hours != 4 {
			t.Fatalf("records: %v %+v", err, own)
		}
		if _, err := s.Supervisor(ctx, testworld.As("agency_admin"), x.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("an agency reads the appointment: %v", err)
		}
		// 线索直通: flagged, seen by the clue's author and the district's supervision.
		r, err := s.Clue(ctx, social, &complaint.Filing{Category: "no_certificate", RegionCode: testworld.Region,
			Description: "旁站时发现执法人员未佩戴执法记录仪，未出示证件。", AgencyCode: testworld.Agency}, nil)
		if err != nil {
			t.Fatal(err)
		}
		c, err := s.Get(ctx, social, r.ID)
		if err != nil || !c.Clue || c.Source != complaint.SourceClue {
			t.Fatalf("own clue: %v %+v", err, c)
		}
		if list, _ := s.List(ctx, db, testworld.As("supervisor"), &complaint.Filter{Source: complaint.SourceClue}); len(list) != 1 {
			t.Fatalf("supervision sees %d clues", len(list))
		}
		// 旁站式监督.
		id, err := s.Observe(ctx, social, &complaint.Observation{AgencyCode: testworld.Agency, On: "2026-06-12", Place: "历下区某农贸市场",
			Checklist: map[string]string{"certificate": "no", "two_officers": "yes"}, Findings: "一名执法人员未出示证件"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Observe(ctx, social, &complaint.Observation{AgencyCode: testworld.Agency, On: "2026-06-12", Place: "x",
			Checklist: map[string]string{"bogus": "yes"}}, nil); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("bad checklist: %v", err)
		}
		if err := s.Review(ctx, social, id, complaint.ObsAccepted, "自审"); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("self review: %v", err)
		}
		if err := s.Review(ctx, testworld.As("other_officer"), id, complaint.ObsAccepted, "x"); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("officer review: %v", err)
		}
		if err := s.Review(ctx, testworld.As("supervisor"), id, complaint.ObsAccepted, "已转执法部门整改"); err != nil {
			t.Fatal(err)
		}
		o, err := s.GetObservation(ctx, social, id)
		if err != nil || o.Status != complaint.ObsAccepted || o.Answer("certificate") != "否" {
			t.Fatalf("observation %v %+v", err, o)
		}
		if list, _, _ := s.Observations(ctx, testworld.As("agency_admin"), complaint.ObsFilter{}); len(list) != 0 {
			t.Fatal("the agency reads the social supervisor's records")
		}
		if err := s.Exit(ctx, city, x.ID, "2026-06-15", ""); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("exit without a reason: %v", err)
		}
		if err := s.Exit(ctx, city, x.ID, "2026-06-15", "本人申请退出"); err != nil {
			t.Fatal(err)
		}
		if err := s.Exit(ctx, city, x.ID, "2026-06-15", "再次退出"); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("exit twice: %v", err)
		}
		if gone, _ := s.Supervisor(ctx, city, x.ID); gone.Status != "exited" || gone.ExitReason != "本人申请退出" || gone.Active("2026-06-15") {
			t.Fatalf("after exit: %+v", gone)
		}
		// The 聘任证's QR: the public page says the appointment has ended; a
		// token not signed by the platform verifies nothing.
		v, err := complaint.LoadSocialVerifier(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if card, err := v.Verify(ctx, db.R, v.Token(x.CertNo)); err != nil || !card.Valid || card.State != "exited" || card.Name != "刘监督" {
			t.Fatalf("verify after exit: %v %+v", err, card)
		}
		if card, _ := v.Verify(ctx, db.R, x.CertNo+".AAAAAAAAAAAAAAAA"); card.Valid {
			t.Fatal("a forged token verifies")
		}
		if _, err := s.Observe(ctx, social, &complaint.Observation{AgencyCode: testworld.Agency, On: "2026-06-15", Place: "x"}, nil); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("observation after exit: %v", err)
		}
	})
}

func TestComplaintSettings(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		s := service(t, db)
		st := complaint.Settings{AcceptWorkdays: 3, AnswerDays: 30, ForwardWorkdays: 10, HourlyLimit: 2}
		if err := s.PutSettings(w.Ctx, testworld.As("supervisor"), "370103", st); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("another county: %v", err)
		}
		if err := s.PutSettings(w.Ctx, testworld.As("supervisor"), testworld.Region, complaint.Settings{AnswerDays: 90}); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("out of range: %v", err)
		}
		if err := s.PutSettings(w.Ctx, testworld.As("city"), "370100", st); err != nil {
			t.Fatal(err)
		}
		got, in, err := s.SettingsOf(w.Ctx, testworld.Region)
		if err != nil || got != st || in != "370100" {
			t.Fatalf("settings %+v in %s: %v", got, in, err)
		}
		r := file(t, w.Ctx, s, db, "203.0.113.8", true)
		c, _ := s.Get(w.Ctx, testworld.As("supervisor"), r.ID)
		if c.Deadlines.Accept != "2026-06-18" {
			t.Fatalf("the city's 3 working days: %s", c.Deadlines.Accept)
		}
	})
}
