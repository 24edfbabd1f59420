package registry_test

import (
	"reflect"
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

func TestStateOn(t *testing.T) {
	for _, c := range []struct {
		status, from, to, day, want string
	}{
		{"valid", "2020-01-01", "2025-12-31", "2023-06-01", "valid"},
		{"valid", "2020-01-01", "2025-12-31", "2020-01-01", "valid"}, // first day counts
		{"valid", "2020-01-01", "2025-12-31", "2025-12-31", "valid"}, // last day counts
		{"valid", "2020-01-01", "2025-12-31", "2026-01-01", "expired"},
		{"valid", "2020-01-01", "2025-12-31", "2019-12-31", "pending"},
		{"suspended", "2020-01-01", "2025-12-31", "2023-06-01", "suspended"},
		{"suspended", "2020-01-01", "2025-12-31", "2030-01-01", "suspended"}, // a recorded status wins over the dates
		{"revoked", "2020-01-01", "2025-12-31", "2019-01-01", "revoked"},
		{"cancelled", "2020-01-01", "2025-12-31", "2023-06-01", "cancelled"},
	} {
		o := registry.Officer{CertStatus: c.status, CertValidFrom: c.from, CertValidTo: c.to}
		if got := o.StateOn(c.day); got != c.want {
			t.Errorf("%s %s..%s on %s: %s, want %s", c.status, c.from, c.to, c.day, got, c.want)
		}
		o.State = c.want
		if o.StateLabel() == c.want {
			t.Errorf("state %s has no Chinese label", c.want)
		}
	}
}

// officerFixture makes an enforcement agency in 370102 and a supervision body.
func officerFixture(t *testing.T, db *store.DB) (agency, supervision string) {
	agency, supervision = uscc(t, "370102", 1), uscc(t, "370100", 2)
	putAgency(t, db, admin, newAgency(agency, "历下区市场监督管理局", "370102"))
	s := newAgency(supervision, "济南市司法局", "370100")
	s.Kind = "supervision"
	putAgency(t, db, admin, s)
	return
}

func TestPutOfficerCreateReplaceReplay(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		agency, _ := officerFixture(t, db)
		id := idCard("123")
		score := 88
		input := func() *registry.Officer {
			o := newOfficer(" 37010220200001 ", " 张三 ", strings.ToLower(agency))
			o.IDNumber, o.Domain, o.ExamScore, o.ExamDate, o.OathDate = id, "市场监管", &score, "2019-11-02", "2020-01-01"
			o.Qualifications = []string{"supervision", "hearing_host", "supervision"}
			return o
		}
		created, err := registry.PutOfficer(ctx, db, admin, input())
		if err != nil || !created {
			t.Fatalf("create: %v %v", created, err)
		}
		got, err := registry.GetOfficer(ctx, db, admin, "37010220200001")
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "张三" || got.AgencyCode != agency || got.AgencyName != "历下区市场监督管理局" || got.RegionCode != "370102" ||
			got.IDNumber != id || got.CertStatus != "valid" || got.State != "valid" || got.ExamScore == nil || *got.ExamScore != 88 ||
			got.ExamDate != "2019-11-02" || got.OathDate != "2020-01-01" || got.Domain != "市场监管" {
			t.Errorf("stored officer = %+v", got)
		}
		if !reflect.DeepEqual(got.Qualifications, []string{"hearing_host", "supervision"}) {
			t.Errorf("qualifications %v, want deduplicated and sorted", got.Qualifications)
		}
		if len(got.VerifyID) != 32 {
			t.Errorf("verify id %q, want 16 random bytes in hex", got.VerifyID)
		}
		a := lastAudit(t, db)
		if a.Action != "create" || a.Entity != "officer" || a.Key != "37010220200001" || a.Region != "370102" || a.Before != "" {
			t.Errorf("create audit = %+v", a)
		}
		if strings.Contains(a.After, id) || strings.Contains(a.After, got.VerifyID) {
			t.Errorf("audit row carries the identity number or verify id: %s", a.After)
		}

		before := snapshot(t, db)
		if created, err := registry.PutOfficer(ctx, db, admin, input()); err != nil || created {
			t.Fatalf("replay: %v %v", created, err)
		}
		unchanged(t, db, before, "an identical officer PUT")

		changed := input()
		changed.Name, changed.ExamScore, changed.Qualifications = "张三丰", nil, nil
		if created, err := registry.PutOfficer(ctx, db, admin, changed); err != nil || created {
			t.Fatalf("replace: %v %v", created, err)
		}
		got2, _ := registry.GetOfficer(ctx, db, admin, "37010220200001")
		if got2.Name != "张三丰" || got2.ExamScore != nil || len(got2.Qualifications) != 0 || got2.VerifyID != got.VerifyID {
			t.Errorf("after replace: %+v (verify id must be kept)", got2)
		}
		a = lastAudit(t, db)
		if a.Action != "update" || !strings.Contains(a.Before, `"name":"张三"`) || !strings.Contains(a.After, `"name":"张三丰"`) {
			t.Errorf("update audit = %+v", a)
		}
		if strings.Contains(a.Before+a.After, id) {
			t.Error("update audit carries the identity number")
		}
		if n := auditCount(t, db); n != 4 { // two agencies, create, update
			t.Errorf("%d audit rows, want 4", n)
		}
	})
}

func TestPutOfficerValidation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		agency, supervision := officerFixture(t, db)
		putOfficer(t, db, admin, newOfficer("EXIST-01", "李四", agency))
		for _, c := range []struct {
			name   string
			edit   func(o *registry.Officer)
			fields []string
		}{
			{"agency does not exist", func(o *registry.Officer) { o.AgencyCode = uscc(t, "370102", 99) }, []string{"agency_code"}},
			{"agency is a supervision body", func(o *registry.Officer) { o.AgencyCode = supervision }, []string{"agency_code"}},
			{"no agency", func(o *registry.Officer) { o.AgencyCode = " " }, []string{"agency_code"}},
			{"bad from date", func(o *registry.Officer) { o.CertValidFrom = "2020-13-01" }, []string{"cert_valid_from"}},
			{"missing to date", func(o *registry.Officer) { o.CertValidTo = "" }, []string{"cert_valid_to"}},
			{"to before from", func(o *registry.Officer) { o.CertValidFrom, o.CertValidTo = "2024-01-02", "2024-01-01" }, []string{"cert_valid_to"}},
			{"slashed date", func(o *registry.Officer) { o.CertValidTo = "2099/12/31" }, []string{"cert_valid_to"}},
			{"bad exam date", func(o *registry.Officer) { o.ExamDate = "2019-02-29" }, []string{"exam_date"}},
			{"bad oath date", func(o *registry.Officer) { o.OathDate = "yesterday" }, []string{"oath_date"}},
			{"bad ID checksum", func(o *registry.Officer) {
				id := idCard("123")
				o.IDNumber = id[:17] + map[bool]string{true: "1", false: "2"}[id[17] != '1']
			}, []string{"id_number"}},
			{"ID too short", func(o *registry.Officer) { o.IDNumber = "37010219850314" }, []string{"id_number"}},
			{"unknown qualification", func(o *registry.Officer) { o.Qualifications = []string{"hearing_host", "judge"} }, []string{"qualifications"}},
			{"exam score above 100", func(o *registry.Officer) { n := 101; o.ExamScore = &n }, []string{"exam_score"}},
			{"exam score negative", func(o *registry.Officer) { n := -1; o.ExamScore = &n }, []string{"exam_score"}},
			{"bad cert no", func(o *registry.Officer) { o.CertNo = "证001" }, []string{"cert_no"}},
			{"short cert no", func(o *registry.Officer) { o.CertNo = "ABC" }, []string{"cert_no"}},
			{"empty name", func(o *registry.Officer) { o.Name = "" }, []string{"name"}},
			{"name too long", func(o *registry.Officer) { o.Name = strings.Repeat("名", 41) }, []string{"name"}},
			{"bad status", func(o *registry.Officer) { o.CertStatus = "lost" }, []string{"cert_status"}},
		} {
			for _, certNo := range []string{"NEW-0001", "EXIST-01"} {
				t.Run(c.name+"/"+certNo, func(t *testing.T) {
					before := snapshot(t, db)
					o := newOfficer(certNo, "王五", agency)
					c.edit(o)
					created, err := registry.PutOfficer(ctx, db, admin, o)
					wantInvalid(t, err, c.fields...)
					if created {
						t.Error("created on invalid input")
					}
					unchanged(t, db, before, "an invalid officer PUT")
				})
			}
		}
		// Normalization that is not an error.
		o := newOfficer("NEW-0002", "赵六", agency)
		id := idCard("456")
		o.IDNumber = " " + strings.ToLower(id) + " "
		putOfficer(t, db, admin, o)
		if got, _ := registry.GetOfficer(ctx, db, admin, "NEW-0002"); got.IDNumber != id {
			t.Errorf("identity number stored as %q, want %q", got.IDNumber, id)
		}
	})
}

func TestSetCertStatus(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		agency, _ := officerFixture(t, db)
		putOfficer(t, db, admin, newOfficer("C-0001", "孙七", agency))

		for _, c := range []struct{ status, reason, field string }{
			{"suspended", "", "reason"},
			{"revoked", "   ", "reason"},
			{"cancelled", "", "reason"},
			{"expired", "x", "cert_status"}, // a derived state, not a recordable status
			{"", "x", "cert_status"},
		} {
			before := snapshot(t, db)
			err := registry.SetCertStatus(ctx, db, admin, "C-0001", c.status, c.reason)
			wantInvalid(t, err, c.field)
			unchanged(t, db, before, "SetCertStatus("+c.status+")")
		}
		wantCode(t, registry.SetCertStatus(ctx, db, admin, "NO-SUCH", "suspended", "x"), apperr.NotFound)

		audits := auditCount(t, db)
		if err := registry.SetCertStatus(ctx, db, admin, "C-0001", "suspended", " 涉嫌违法执法，暂扣待查 "); err != nil {
			t.Fatal(err)
		}
		o, _ := registry.GetOfficer(ctx, db, admin, "C-0001")
		if o.CertStatus != "suspended" || o.State != "suspended" || o.StatusReason != "涉嫌违法执法，暂扣待查" {
			t.Errorf("after suspend: status %s state %s reason %q", o.CertStatus, o.State, o.StatusReason)
		}
		if n := auditCount(t, db); n != audits+1 {
			t.Fatalf("%d new audit rows, want 1", n-audits)
		}
		a := lastAudit(t, db)
		if a.Action != "status" || a.Entity != "officer" || a.Key != "C-0001" || a.Region != "370102" ||
			a.Before != `{"cert_status":"valid","status_reason":""}` || a.After != `{"cert_status":"suspended","status_reason":"涉嫌违法执法，暂扣待查"}` {
			t.Errorf("status audit = %+v", a)
		}

		// A later PUT of the same status keeps the reason.
		same := newOfficer("C-0001", "孙七", agency)
		same.CertStatus = "suspended"
		if created, err := registry.PutOfficer(ctx, db, admin, same); err != nil || created {
			t.Fatal(created, err)
		}
		if o, _ := registry.GetOfficer(ctx, db, admin, "C-0001"); o.StatusReason != "涉嫌违法执法，暂扣待查" {
			t.Errorf("reason lost by a PUT: %q", o.StatusReason)
		}

		// Restoring needs no reason.
		if err := registry.SetCertStatus(ctx, db, admin, "C-0001", "valid", ""); err != nil {
			t.Fatal(err)
		}
		if o, _ := registry.GetOfficer(ctx, db, admin, "C-0001"); o.State != "valid" || o.StatusReason != "" {
			t.Errorf("after restore: %s %q", o.State, o.StatusReason)
		}
		if a := lastAudit(t, db); !strings.Contains(a.Before, `"suspended"`) || !strings.Contains(a.After, `"valid"`) {
			t.Errorf("restore audit = %+v", a)
		}
	})
}

func TestPutOfficerYear(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		agency, _ := officerFixture(t, db)
		putOfficer(t, db, admin, newOfficer("Y-0001", "周八", agency))
		thisYear := clock.Now(ctx).In(clock.Shanghai).Year()

		for _, c := range []struct {
			y     registry.OfficerYear
			field string
		}{
			{registry.OfficerYear{Year: 1989}, "year"},
			{registry.OfficerYear{Year: thisYear + 1}, "year"},
			{registry.OfficerYear{Year: 2023, TrainingHours: -1}, "training_hours"},
			{registry.OfficerYear{Year: 2023, TrainingHours: 2001}, "training_hours"},
			{registry.OfficerYear{Year: 2023, ReviewResult: "good"}, "review_result"},
		} {
			before := snapshot(t, db)
			wantInvalid(t, registry.PutOfficerYear(ctx, db, admin, "Y-0001", c.y), c.field)
			unchanged(t, db, before, "an invalid PutOfficerYear")
		}
		wantCode(t, registry.PutOfficerYear(ctx, db, admin, "NO-SUCH", registry.OfficerYear{Year: 2023}), apperr.NotFound)

		for _, y := range []registry.OfficerYear{
			{Year: 2022, TrainingHours: 40, ReviewResult: "pass"},
			{Year: 2023, TrainingHours: 12},
			{Year: thisYear, TrainingHours: 0, ReviewResult: "fail"},
		} {
			if err := registry.PutOfficerYear(ctx, db, admin, "Y-0001", y); err != nil {
				t.Fatalf("%+v: %v", y, err)
			}
		}
		a := lastAudit(t, db)
		if a.Entity != "officer_year" || a.Key != "Y-0001" || a.Region != "370102" || a.Before != "" || !strings.Contains(a.After, `"review_result":"fail"`) {
			t.Errorf("audit of a new year = %+v", a)
		}
		// Overwrite one year: the audit row shows what it replaced.
		if err := registry.PutOfficerYear(ctx, db, admin, "Y-0001", registry.OfficerYear{Year: 2023, TrainingHours: 30, ReviewResult: "pass"}); err != nil {
			t.Fatal(err)
		}
		a = lastAudit(t, db)
		if a.Before != `{"year":2023,"training_hours":12}` || a.After != `{"year":2023,"training_hours":30,"review_result":"pass"}` {
			t.Errorf("audit of an overwritten year: before %s after %s", a.Before, a.After)
		}
		o, err := registry.GetOfficer(ctx, db, admin, "Y-0001")
		if err != nil {
			t.Fatal(err)
		}
		want := []registry.OfficerYear{
			{Year: thisYear, TrainingHours: 0, ReviewResult: "fail"},
			{Year: 2023, TrainingHours: 30, ReviewResult: "pass"},
			{Year: 2022, TrainingHours: 40, ReviewResult: "pass"},
		}
		if thisYear == 2023 {
			want = want[1:]
		}
		if !reflect.DeepEqual(o.Years, want) {
			t.Errorf("years = %+v, want %+v (newest first)", o.Years, want)
		}
		if o.Years[0].ReviewLabel() != "不合格" || (registry.OfficerYear{}).ReviewLabel() != "未年审" {
			t.Error("review labels")
		}
	})
}

func TestListOfficers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		a := uscc(t, "370102", 1)
		c := uscc(t, "370103", 3)
		d := uscc(t, "370202", 4)
		putAgency(t, db, admin, newAgency(a, "A 历下区市场监督管理局", "370102"))
		putAgency(t, db, admin, newAgency(c, "C 市中区市场监督管理局", "370103"))
		putAgency(t, db, admin, newAgency(d, "B 市南区市场监督管理局", "370202"))

		mk := func(cert, name, agency, from, to, domain string, qs ...string) {
			o := newOfficer(cert, name, agency)
			o.CertValidFrom, o.CertValidTo, o.Domain, o.Qualifications = from, to, domain, qs
			putOfficer(t, db, admin, o)
		}
		mk("OF-0001", "Zhang San 张三", a, "2020-01-01", "2099-12-31", "市场监管", "hearing_host")
		mk("OF-0002", "Li Si 李四", a, "2010-01-01", "2015-12-31", "市场监管")                   // expired
		mk("OF-0003", "Wang Wu 王五", c, "2098-01-01", "2099-12-31", "城市管理", "legal_review") // pending
		mk("OF-0004", "Zhao Liu 赵六", c, "2020-01-01", "2098-06-30", "城市管理", "legal_review", "supervision")
		mk("OF-0005", "Sun Qi 孙七", d, "2020-01-01", "2097-01-01", "市场监管")
		mk("OF-0006", "Zhou Ba 张八", d, "2020-01-01", "2096-01-01", "市场监管", "hearing_host")
		for cert, st := range map[string]string{"OF-0004": "suspended", "OF-0005": "revoked", "OF-0006": "cancelled"} {
			if err := registry.SetCertStatus(ctx, db, admin, cert, st, "测试"); err != nil {
				t.Fatal(err)
			}
		}
		all := []string{"OF-0001", "OF-0002", "OF-0003", "OF-0004", "OF-0005", "OF-0006"}
		for _, tc := range []struct {
			name string
			f    registry.OfficerFilter
			want []string
		}{
			{"all, default order", registry.OfficerFilter{}, all},
			{"Q by name", registry.OfficerFilter{Q: "张"}, []string{"OF-0001", "OF-0006"}},
			{"Q by full name", registry.OfficerFilter{Q: "Li Si 李四"}, []string{"OF-0002"}},
			{"Q by cert no", registry.OfficerFilter{Q: "OF-0003"}, []string{"OF-0003"}},
			{"Q cert no is exact", registry.OfficerFilter{Q: "OF-000"}, []string{}},
			{"Q wildcard is literal", registry.OfficerFilter{Q: "_"}, []string{}},
			{"agency", registry.OfficerFilter{Agency: c}, []string{"OF-0003", "OF-0004"}},
			{"domain", registry.OfficerFilter{Domain: "城市管理"}, []string{"OF-0003", "OF-0004"}},
			{"state valid", registry.OfficerFilter{State: "valid"}, []string{"OF-0001"}},
			{"state expired", registry.OfficerFilter{State: "expired"}, []string{"OF-0002"}},
			{"state pending", registry.OfficerFilter{State: "pending"}, []string{"OF-0003"}},
			{"state suspended", registry.OfficerFilter{State: "suspended"}, []string{"OF-0004"}},
			{"state revoked", registry.OfficerFilter{State: "revoked"}, []string{"OF-0005"}},
			{"state cancelled", registry.OfficerFilter{State: "cancelled"}, []string{"OF-0006"}},
			{"unknown state ignored", registry.OfficerFilter{State: "x"}, all},
			{"qualification hearing host", registry.OfficerFilter{Qualification: "hearing_host"}, []string{"OF-0001", "OF-0006"}},
			{"qualification legal review", registry.OfficerFilter{Qualification: "legal_review"}, []string{"OF-0003", "OF-0004"}},
			{"qualification supervision", registry.OfficerFilter{Qualification: "supervision"}, []string{"OF-0004"}},
			{"unknown qualification ignored", registry.OfficerFilter{Qualification: "x = 1 OR 1"}, all},
			{"region city", registry.OfficerFilter{Region: "370100"}, []string{"OF-0001", "OF-0002", "OF-0003", "OF-0004"}},
			{"region county", registry.OfficerFilter{Region: "370103"}, []string{"OF-0003", "OF-0004"}},
			{"region other city", registry.OfficerFilter{Region: "370200"}, []string{"OF-0005", "OF-0006"}},
			{"region province", registry.OfficerFilter{Region: "370000"}, all},
			{"filters combine", registry.OfficerFilter{Region: "370100", Qualification: "legal_review", State: "pending"}, []string{"OF-0003"}},
			{"sort name", registry.OfficerFilter{Sort: "name"}, []string{"OF-0002", "OF-0005", "OF-0003", "OF-0001", "OF-0004", "OF-0006"}},
			{"sort valid_to", registry.OfficerFilter{Sort: "valid_to"}, []string{"OF-0002", "OF-0006", "OF-0005", "OF-0004", "OF-0001", "OF-0003"}},
			{"sort -valid_to", registry.OfficerFilter{Sort: "-valid_to"}, []string{"OF-0001", "OF-0003", "OF-0004", "OF-0005", "OF-0006", "OF-0002"}},
			{"sort agency name", registry.OfficerFilter{Sort: "agency"}, []string{"OF-0001", "OF-0002", "OF-0005", "OF-0006", "OF-0003", "OF-0004"}},
			{"sort cert_no", registry.OfficerFilter{Sort: "cert_no", Region: "370000"}, all},
		} {
			t.Run(tc.name, func(t *testing.T) {
				f := tc.f
				list, err := registry.ListOfficers(ctx, db, admin, &f)
				if err != nil {
					t.Fatal(err)
				}
				if got := certNos(list); !reflect.DeepEqual(got, tc.want) || f.Total != len(tc.want) {
					t.Errorf("got %v (total %d), want %v", got, f.Total, tc.want)
				}
				for _, o := range list {
					if o.State != o.StateOn(clock.TodayString(ctx)) {
						t.Errorf("%s: State %s but StateOn(today) %s", o.CertNo, o.State, o.StateOn(clock.TodayString(ctx)))
					}
					if tc.f.State != "" && tc.f.State != "x" && o.State != tc.f.State {
						t.Errorf("%s listed for state %s but is %s", o.CertNo, tc.f.State, o.State)
					}
				}
			})
		}

		for _, p := range []struct {
			page, size int
			want       []string
			pages      int
		}{
			{1, 4, all[:4], 2},
			{2, 4, all[4:], 2},
			{3, 4, []string{}, 2},
			{2, 5, all[5:], 2},
			{1, 6, all, 1},
			{0, 0, all, 1},   // defaults
			{1, 500, all, 1}, // oversized pages are clamped
		} {
			f := registry.OfficerFilter{Page: registry.Page{Page: p.page, Size: p.size}}
			list, err := registry.ListOfficers(ctx, db, admin, &f)
			if err != nil {
				t.Fatal(err)
			}
			if got := certNos(list); !reflect.DeepEqual(got, p.want) || f.Total != 6 || f.Pages() != p.pages {
				t.Errorf("page %d size %d: %v total %d pages %d; want %v total 6 pages %d", p.page, p.size, got, f.Total, f.Pages(), p.want, p.pages)
			}
		}

		pub := registry.OfficerFilter{State: "revoked"}
		list, err := registry.ListPublicOfficers(ctx, db, &pub)
		if err != nil {
			t.Fatal(err)
		}
		if got := certNos(list); !reflect.DeepEqual(got, []string{"OF-0001"}) {
			t.Errorf("public list %v: want only valid certificates, whatever the filter asks", got)
		}
	})
}

func TestOfficerRegionFollowsAgency(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		a := uscc(t, "370102", 1)
		other := uscc(t, "370102", 2)
		putAgency(t, db, admin, newAgency(a, "历下区综合行政执法局", "370102"))
		putAgency(t, db, admin, newAgency(other, "历下区市场监督管理局", "370102"))
		putOfficer(t, db, admin, newOfficer("MV-0001", "钱九", a))
		putOfficer(t, db, admin, newOfficer("MV-0002", "吴十", a))
		putOfficer(t, db, admin, newOfficer("MV-0003", "郑十一", other))

		lixia := &auth.Principal{Name: "历下监督", Role: auth.RoleSupervisor, Region: "370102"}
		shizhong := &auth.Principal{Name: "市中监督", Role: auth.RoleSupervisor, Region: "370103"}
		list := func(p *auth.Principal) []string {
			f := registry.OfficerFilter{}
			l, err := registry.ListOfficers(ctx, db, p, &f)
			if err != nil {
				t.Fatal(err)
			}
			return certNos(l)
		}
		if got := list(shizhong); len(got) != 0 {
			t.Fatalf("市中区 sees %v before the move", got)
		}

		audits := auditCount(t, db)
		moved := newAgency(a, "历下区综合行政执法局", "370103")
		putAgency(t, db, admin, moved)
		if n := auditCount(t, db); n != audits+1 {
			t.Errorf("moving an agency wrote %d audit rows, want 1", n-audits)
		}
		if ar := lastAudit(t, db); ar.Region != "370103" || !strings.Contains(ar.Before, `"region_code":"370102"`) {
			t.Errorf("move audit = %+v", ar)
		}
		for _, cert := range []string{"MV-0001", "MV-0002"} {
			o, err := registry.GetOfficer(ctx, db, admin, cert)
			if err != nil || o.RegionCode != "370103" {
				t.Errorf("%s after its agency moved: region %q, %v", cert, o.RegionCode, err)
			}
		}
		if o, _ := registry.GetOfficer(ctx, db, admin, "MV-0003"); o.RegionCode != "370102" {
			t.Errorf("officer of another agency moved to %s", o.RegionCode)
		}
		if got := list(shizhong); !reflect.DeepEqual(got, []string{"MV-0001", "MV-0002"}) {
			t.Errorf("市中区 sees %v after the move", got)
		}
		if got := list(lixia); !reflect.DeepEqual(got, []string{"MV-0003"}) {
			t.Errorf("历下区 sees %v after the move", got)
		}
		if _, err := registry.GetOfficer(ctx, db, lixia, "MV-0001"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("old region still reads a moved officer: %v", err)
		}
		// A later PUT of the officer keeps the agency's new region.
		putOfficer(t, db, admin, newOfficer("MV-0001", "钱九九", a))
		if o, _ := registry.GetOfficer(ctx, db, shizhong, "MV-0001"); o == nil || o.RegionCode != "370103" {
			t.Errorf("officer after re-PUT: %+v", o)
		}
	})
}
