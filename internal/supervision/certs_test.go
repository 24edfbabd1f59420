package supervision_test

import (
	"context"
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/supervision"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// certified registers the 行政执法监督证 of two supervisors of the county
// body (鲁条例 Art. 22) and returns their numbers.
func certified(t *testing.T, svc *supervision.Service, ctx context.Context) []string {
	t.Helper()
	var nos []string
	for _, x := range []struct{ no, name string }{{"LJ37010200001", "监督员甲"}, {"LJ37010200002", "监督员乙"}} {
		c, err := svc.AddCert(ctx, testworld.As("supervisor"), supervision.CertInput{CertNo: x.no, HolderName: x.name,
			RegionCode: testworld.Region, ValidFrom: "2025-01-01", ValidTo: "2030-12-31"})
		if err != nil {
			t.Fatal(err)
		}
		nos = append(nos, c.CertNo)
	}
	return nos
}

// TestCertRegister: the body registers, edits, suspends and cancels the
// certificates of its staff (鲁条例 Art. 22: 省人民政府统一颁发), each
// change audited; fields are checked by name; outside the region nothing.
func TestCertRegister(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		svc := supervision.NewService(db)
		sup := testworld.As("supervisor")
		ok := supervision.CertInput{CertNo: "LJ-0001", HolderName: "李明", RegionCode: testworld.Region, ValidFrom: "2025-01-01", ValidTo: "2029-12-31"}
		rows := []struct {
			name  string
			p     *auth.Principal
			edit  func(*supervision.CertInput)
			code  string
			field string
		}{
			{"certificate number format", sup, func(in *supervision.CertInput) { in.CertNo = "证1" }, apperr.Invalid, "cert_no"},
			{"holder named", sup, func(in *supervision.CertInput) { in.HolderName = " " }, apperr.Invalid, "holder_name"},
			{"term ends after it starts", sup, func(in *supervision.CertInput) { in.ValidTo = "2024-12-31" }, apperr.Invalid, "valid_to"},
			{"suspension needs a reason", sup, func(in *supervision.CertInput) { in.Status = supervision.CertSuspended }, apperr.Invalid, "status_reason"},
			{"an account of another body", sup, func(in *supervision.CertInput) { in.Username = "city" }, apperr.Invalid, "username"},
			{"an agency registers none", testworld.As("agency_admin"), nil, apperr.Forbidden, ""},
			{"the county registers none for the city", sup, func(in *supervision.CertInput) { in.RegionCode = "370100" }, apperr.Forbidden, ""},
		}
		for _, r := range rows {
			in := ok
			if r.edit != nil {
				r.edit(&in)
			}
			_, err := svc.AddCert(w.Ctx, r.p, in)
			wantCode(t, r.name, err, r.code, r.field)
		}
		c, err := svc.AddCert(w.Ctx, sup, ok)
		if err != nil || c.Issuer != supervision.CertIssuer || c.Status != supervision.CertValid || c.BodyName == "" {
			t.Fatalf("added %+v %v", c, err)
		}
		_, err = svc.AddCert(w.Ctx, testworld.As("city"), ok)
		wantCode(t, "the same number twice", err, apperr.Invalid, "cert_no")
		in := ok
		in.Status, in.Reason = supervision.CertSuspended, "涉嫌违纪，暂扣证件"
		if c, err = svc.EditCert(w.Ctx, sup, c.ID, in); err != nil || c.Status != supervision.CertSuspended {
			t.Fatalf("suspended %+v %v", c, err)
		}
		_, err = svc.RevokeCert(w.Ctx, sup, c.ID, "")
		wantCode(t, "cancel without a reason", err, apperr.Invalid, "status_reason")
		if c, err = svc.RevokeCert(w.Ctx, sup, c.ID, "调离监督岗位"); err != nil || c.Status != supervision.CertCancelled {
			t.Fatalf("cancelled %+v %v", c, err)
		}
		_, err = svc.EditCert(w.Ctx, sup, c.ID, ok)
		wantCode(t, "editing a cancelled certificate", err, apperr.Conflict, "")
		var n int
		db.R.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE entity = 'supervision_cert' AND entity_key = 'LJ-0001'`).Scan(&n)
		if n != 3 {
			t.Fatalf("audit rows %d, want 3 (add, edit, revoke)", n)
		}
		list, err := svc.Certs(w.Ctx, testworld.As("city"), supervision.CertFilter{Q: "李明"}, &registry.Page{})
		if err != nil || len(list) != 1 || list[0].CertNo != "LJ-0001" {
			t.Fatalf("the city's list %+v %v", list, err)
		}
		if list, err := svc.Certs(w.Ctx, testworld.AsScope("far_city"), supervision.CertFilter{}, &registry.Page{}); err != nil || len(list) != 0 {
			t.Fatalf("another city's list %+v %v", list, err)
		}
		_, err = svc.Cert(w.Ctx, testworld.AsScope("far_city"), c.ID)
		wantCode(t, "another city's supervisor reading", err, apperr.NotFound, "")
		_, err = svc.Certs(w.Ctx, testworld.As("agency_admin"), supervision.CertFilter{}, &registry.Page{})
		wantCode(t, "an agency listing", err, apperr.Forbidden, "")
	})
}

// TestMeasureSupervisors: a measure names two distinct holders of a
// 行政执法监督证 valid on its date, registered by the handling body or one
// above it (鲁条例 Art. 22: 持有省人民政府统一颁发的行政执法监督证件；不得少于两人).
func TestMeasureSupervisors(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		svc := supervision.NewService(db)
		sup, city := testworld.As("supervisor"), testworld.As("city")
		nos := certified(t, svc, w.Ctx)
		add := func(p *auth.Principal, no, region, from, to string) int64 {
			c, err := svc.AddCert(w.Ctx, p, supervision.CertInput{CertNo: no, HolderName: "持证人" + no[len(no)-1:], RegionCode: region,
				ValidFrom: from, ValidTo: to})
			if err != nil {
				t.Fatal(err)
			}
			return c.ID
		}
		add(sup, "LJ37010200003", testworld.Region, "2020-01-01", "2025-12-31")
		suspended := add(sup, "LJ37010200004", testworld.Region, "2025-01-01", "2030-12-31")
		if _, err := svc.EditCert(w.Ctx, sup, suspended, supervision.CertInput{HolderName: "持证人4", ValidFrom: "2025-01-01", ValidTo: "2030-12-31",
			Status: supervision.CertSuspended, Reason: "暂扣"}); err != nil {
			t.Fatal(err)
		}
		add(city, "LJ37010000001", "370100", "2025-01-01", "2030-12-31")
		add(testworld.AsScope("far_city"), "LJ37020000001", "370200", "2025-01-01", "2030-12-31")
		c := must(t)(svc.Open(w.Ctx, sup, opening()))
		do(t, svc, w.Ctx, sup, c.ID, supervision.ActInput{Action: "file", At: testworld.Today})
		rows := []struct {
			basis string
			nos   []string
			want  string // "" accepted, else part of the supervisors field
		}{
			{"鲁条例 Art. 22: one supervisor", []string{nos[0]}, "不得少于两人"},
			{"鲁条例 Art. 22: the same holder twice is one", []string{nos[0], nos[0]}, "不得少于两人"},
			{"鲁条例 Art. 22: a number not registered", []string{nos[0], "LJ99999999"}, "LJ99999999"},
			{"鲁条例 Art. 22: a certificate expired on the measure's date", []string{nos[0], "LJ37010200003"}, "LJ37010200003"},
			{"鲁条例 Art. 22: a suspended (暂扣) certificate", []string{nos[0], "LJ37010200004"}, "LJ37010200004"},
			{"鲁条例 Art. 22: another city's supervisor", []string{nos[0], "LJ37020000001"}, "LJ37020000001"},
			{"鲁条例 Art. 22: the city's staff join the county's case", []string{nos[0], "LJ37010000001"}, ""},
			{"鲁条例 Art. 22: two valid holders of the body", nos, ""},
		}
		for _, r := range rows {
			got, err := svc.Act(w.Ctx, sup, c.ID, supervision.ActInput{Action: "measure", At: testworld.Today, Note: "调阅案卷", Measure: "files",
				Supervisors: r.nos})
			if r.want == "" {
				if err != nil {
					t.Errorf("%s: %v", r.basis, err)
					continue
				}
				last := got.Acts[len(got.Acts)-1]
				certs, _ := last.Data["supervisor_certs"].([]any)
				names, _ := last.Data["supervisors"].([]any)
				if len(certs) != 2 || len(names) != 2 || certs[0] != r.nos[0] || names[0] != "监督员甲" {
					t.Errorf("%s: recorded %+v", r.basis, last.Data)
				}
				continue
			}
			e := apperr.As(err)
			if err == nil || e.Code != apperr.Invalid || !strings.Contains(e.Fields["supervisors"], r.want) {
				t.Errorf("%s: %v %v, want supervisors to say %q", r.basis, err, e.Fields, r.want)
			}
			if err != nil && !strings.Contains(e.Message+e.Fields["supervisors"], "第二十二条") {
				t.Errorf("%s: message %q does not cite 鲁条例第二十二条", r.basis, e.Message)
			}
		}
		// The form offers the body's holders valid today (and the city's).
		hs, err := supervision.Holders(w.Ctx, db.R, testworld.Region, testworld.Today)
		if err != nil || len(hs) != 3 {
			t.Fatalf("holders %+v %v, want the two of the county and the city's", hs, err)
		}
	})
}
