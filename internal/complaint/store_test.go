package complaint_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/clock"
	"zfjd/internal/complaint"
	"zfjd/internal/flow"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

const testKeys = "k1:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"

func service(t *testing.T, db *store.DB) *complaint.Service {
	t.Helper()
	k, err := complaint.ParseKeys(testKeys)
	if err != nil {
		t.Fatal(err)
	}
	return complaint.NewService(db, calendar.RulesCalendar, k)
}

// file files a complaint about the world's officer A as the public does.
func file(t *testing.T, ctx context.Context, s *complaint.Service, db *store.DB, addr string, anonymous bool) *complaint.Receipt {
	t.Helper()
	ch, err := complaint.NewChallenge(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	f := &complaint.Filing{Challenge: ch.Challenge, Nonce: complaint.Solve(ch.Challenge, ch.Difficulty), Category: "no_certificate",
		RegionCode: testworld.Region, Description: "执法人员在检查时未出示执法证件，态度生硬。", OfficerCertNo: testworld.CertA,
		Place: "历下区某某路12号", HappenedOn: "2026-06-12", Anonymous: &anonymous}
	if !anonymous {
		f.Contact = &complaint.Contact{Name: "王先生", Phone: "13800138000"}
	}
	r, err := s.File(ctx, nil, f, addr, nil)
	if err != nil {
		t.Fatalf("file: %v", err)
	}
	return r
}

func TestComplaintLifecycle(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		s := service(t, db)
		ctx := w.Ctx
		r := file(t, ctx, s, db, "203.0.113.5", false)
		if !strings.HasPrefix(r.TrackingCode, "TS") || len(r.Secret) != 16 {
			t.Fatalf("receipt %+v", r)
		}
		sup, agency, officer := testworld.As("supervisor"), testworld.As("agency_admin"), testworld.As("officer")
		c, err := s.Get(ctx, sup, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Routed to the district's supervision body; the officer's agency filled in.
		if c.HandlerCode != testworld.Supervisor || c.AgencyCode != testworld.Agency || c.Status != complaint.StatusReceived {
			t.Fatalf("complaint %+v", c)
		}
		if c.Deadlines.Accept != "2026-06-23" || c.Deadlines.Answer != "2026-08-14" {
			t.Fatalf("deadlines %+v", c.Deadlines)
		}
		// The agency complained about sees nothing before the forward, the officer never.
		for _, p := range []*auth.Principal{agency, officer, testworld.As("other_officer"), testworld.As("social")} {
			if _, err := s.Get(ctx, p, r.ID); !apperr.Is(err, apperr.NotFound) {
				t.Fatalf("%s reads the complaint: %v", p.Username, err)
			}
		}
		act := func(p *auth.Principal, a complaint.Action, code string) *complaint.Complaint {
			t.Helper()
			c, err := s.Act(ctx, p, r.ID, a)
			if code == "" && err != nil || code != "" && !apperr.Is(err, code) {
				t.Fatalf("%s by %s: %v, want %q", a.Action, p.Username, err, code)
			}
			return c
		}
		act(sup, complaint.Action{Action: "answer", Note: "x"}, apperr.Conflict) // not accepted yet
		act(agency, complaint.Action{Action: "accept"}, apperr.NotFound)         // cannot see it
		act(sup, complaint.Action{Action: "reject"}, apperr.Invalid)             // reason required
		act(sup, complaint.Action{Action: "accept"}, "")
		c = act(sup, complaint.Action{Action: "forward", AgencyCode: testworld.Agency}, "")
		if c.Status != complaint.StatusForwarded || c.ReplyDue != "2026-07-07" {
			t.Fatalf("forwarded: %s due %s (15 working days from 06-15, 端午 off)", c.Status, c.ReplyDue)
		}
		// Now the agency sees it, without the contact, and cannot read it.
		ac, err := s.Get(ctx, agency, r.ID)
		if err != nil || ac.Contact != nil {
			t.Fatalf("agency view: %v %+v", err, ac)
		}
		if _, err := s.Contact(ctx, agency, r.ID); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("agency reads the contact: %v", err)
		}
		act(sup, complaint.Action{Action: "reply", Note: "x"}, apperr.Forbidden) // the agency's act
		act(agency, complaint.Action{Action: "answer", Note: "x"}, apperr.Forbidden)
		act(agency, complaint.Action{Action: "reply", Note: "经核查，执法人员未按规定出示证件，已批评教育。"}, "")
		act(sup, complaint.Action{Action: "answer", Note: "经核查属实，已责令整改并对执法人员批评教育。"}, "")
		act(sup, complaint.Action{Action: "close"}, "")
		ct, err := s.Contact(ctx, sup, r.ID)
		if err != nil || ct.Phone != "13800138000" {
			t.Fatalf("contact: %v %+v", err, ct)
		}
		var audits int
		db.R.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'read_contact' AND entity = 'complaint'`).Scan(&audits)
		if audits != 1 {
			t.Fatalf("contact reads audited %d times, want 1", audits)
		}
		// The contact is not stored in clear.
		var enc string
		db.R.QueryRow(`SELECT contact_enc FROM complaints WHERE id = $1`, r.ID).Scan(&enc)
		if strings.Contains(enc, "13800138000") || !strings.HasPrefix(enc, "k1:") {
			t.Fatalf("stored contact %q", enc)
		}
		// The complainant reads the answer and rates it, once.
		if _, err := s.Track(ctx, r.TrackingCode, "WRONGSECRET12345"); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("wrong secret: %v", err)
		}
		tr, err := s.Track(ctx, strings.ToLower(r.TrackingCode), r.Secret)
		if err != nil || tr.Status != complaint.StatusClosed || !strings.Contains(tr.Answer, "已责令整改") || tr.Rating != nil {
			t.Fatalf("track: %v %+v", err, tr)
		}
		for _, st := range tr.History {
			if st.Action == "contact_read" {
				t.Fatal("the contact read is in the public history")
			}
		}
		if _, err := s.Rate(ctx, r.TrackingCode, r.Secret, 4, "处理及时"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Rate(ctx, r.TrackingCode, r.Secret, 5, ""); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("second rating: %v", err)
		}
	})
}

func TestIntakeGuards(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		s := service(t, db)
		ctx := w.Ctx
		ch, _ := complaint.NewChallenge(ctx, db)
		no := false
		f := &complaint.Filing{Challenge: ch.Challenge, Nonce: "wrong", Category: "rude", RegionCode: testworld.Region,
			Description: "窗口工作人员态度粗暴，拒绝解释处罚依据。", Anonymous: &no}
		_, err := s.File(ctx, nil, f, "198.51.100.1", nil)
		if e := apperr.As(err); e.Code != apperr.Invalid || e.Fields["contact.phone"] == "" {
			t.Fatalf("named without a phone: %v", err)
		}
		f.Contact = &complaint.Contact{Phone: "13800138000"}
		if _, err := s.File(ctx, nil, f, "198.51.100.1", nil); apperr.As(err).Fields["nonce"] == "" {
			t.Fatalf("wrong nonce: %v", err)
		}
		f.Nonce = complaint.Solve(ch.Challenge, ch.Difficulty)
		if _, err := s.File(ctx, nil, f, "198.51.100.1", nil); err != nil {
			t.Fatal(err)
		}
		if _, err := s.File(ctx, nil, f, "198.51.100.1", nil); apperr.As(err).Fields["challenge"] == "" {
			t.Fatalf("challenge used twice: %v", err)
		}
		// An expired challenge.
		old, _ := complaint.NewChallenge(ctx, db)
		later := clock.With(context.Background(), clock.Fixed(clock.Now(ctx).Add(complaint.ChallengeTTL+1e9)))
		f.Challenge, f.Nonce = old.Challenge, complaint.Solve(old.Challenge, old.Difficulty)
		if _, err := s.File(later, nil, f, "198.51.100.1", nil); apperr.As(err).Fields["challenge"] == "" {
			t.Fatalf("expired challenge: %v", err)
		}
		// The hourly limit: 5 from one address, the 6th refused; another address goes on.
		for i := 1; i <= 5; i++ {
			if i > 1 {
				file(t, ctx, s, db, "198.51.100.1", true)
			}
		}
		ch, _ = complaint.NewChallenge(ctx, db)
		f.Challenge, f.Nonce = ch.Challenge, complaint.Solve(ch.Challenge, ch.Difficulty)
		_, err = s.File(ctx, nil, f, "198.51.100.1", nil)
		var rl *complaint.RateLimited
		if !errors.As(err, &rl) || rl.Limit != 5 {
			t.Fatalf("6th in an hour: %v", err)
		}
		var spent int
		db.R.QueryRow(`SELECT used FROM complaint_challenges WHERE challenge = $1`, ch.Challenge).Scan(&spent)
		if spent != 0 {
			t.Fatal("a refused filing spent its challenge")
		}
		file(t, ctx, s, db, "198.51.100.2", true)
	})
}

func TestOverdueFindings(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		s := service(t, db)
		r := file(t, w.Ctx, s, db, "203.0.113.9", true)
		// On 06-24 the accept deadline (06-23) has passed: the daily pass raises the finding.
		late := clock.With(context.Background(), clock.Pinned("2026-06-24"))
		n, err := flow.Pass(late, db, "2026-06-24", s.Due())
		if err != nil || n != 1 {
			t.Fatalf("pass: %d %v", n, err)
		}
		fs, err := flow.OpenFindings(late, db.R, complaint.Kind, r.ID)
		if err != nil || len(fs) != 1 || fs[0].Rule != complaint.RuleAcceptOverdue {
			t.Fatalf("findings %v %v", fs, err)
		}
		// Accepting cures it.
		if _, err := s.Act(late, testworld.As("supervisor"), r.ID, complaint.Action{Action: "accept"}); err != nil {
			t.Fatal(err)
		}
		if fs, _ := flow.OpenFindings(late, db.R, complaint.Kind, r.ID); len(fs) != 0 {
			t.Fatalf("after accept: %v", fs)
		}
		// A supervisor of another district sees nothing.
		list, err := s.List(late, db, testworld.As("other_officer"), &complaint.Filter{})
		if err != nil || len(list) != 0 {
			t.Fatalf("other list: %v %d", err, len(list))
		}
		list, err = s.List(late, db, testworld.As("city"), &complaint.Filter{Status: complaint.StatusAccepted})
		if err != nil || len(list) != 1 {
			t.Fatalf("city list: %v %d", err, len(list))
		}
	})
}

// TestKeyRotation: with a new key first, old contacts still read, and
// Reencrypt moves them under the new key, after which the old may go.
func TestKeyRotation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		r := file(t, w.Ctx, service(t, db), db, "203.0.113.7", false)
		k2, err := complaint.ParseKeys("k2:" + strings.Repeat("ab", 32) + "," + testKeys)
		if err != nil {
			t.Fatal(err)
		}
		s2 := complaint.NewService(db, calendar.RulesCalendar, k2)
		if ct, err := s2.Contact(w.Ctx, testworld.As("supervisor"), r.ID); err != nil || ct.Phone != "13800138000" {
			t.Fatalf("old contact under the new ring: %v %+v", err, ct)
		}
		if n, err := s2.Reencrypt(w.Ctx); err != nil || n != 1 {
			t.Fatalf("reencrypt: %d %v", n, err)
		}
		k3, _ := complaint.ParseKeys("k2:" + strings.Repeat("ab", 32))
		if ct, err := complaint.NewService(db, calendar.RulesCalendar, k3).Contact(w.Ctx, testworld.As("supervisor"), r.ID); err != nil || ct.Phone != "13800138000" {
			t.Fatalf("after rotation without the old key: %v %+v", err, ct)
		}
	})
}
