package authzmatrix_test

// The registry's rows for the register of 行政执法监督证 (山东省行政执法监督条例
// Art. 22): each place's region has a certificate registered by its
// supervision; the rows list and export the register, register a new one
// for the place's region, read, edit and cancel (注销) the place's.

import (
	"net/url"
	"strconv"
	"sync"
	"testing"

	"zfjd/internal/supervision"
	"zfjd/internal/testworld"
)

var supervisionCerts sync.Map // *place → certificate id

func init() {
	notObjects["GET /supervision-certs/verify/{token}"] = "public verification of a 行政执法监督证 by its signed QR token (supervisionweb tests)"
	for _, r := range []string{"GET /public/supervision-notices", "GET /public/supervision-notices/{id}"} {
		notObjects[r] = "public portal: the 通报 向社会公布 (条例 Art. 31; publicweb tests)"
	}
}

func addSupervisionCerts(t *testing.T, f *fixture) {
	t.Helper()
	svc := supervision.NewService(f.DB)
	for i, p := range f.places {
		c, err := svc.AddCert(f.Ctx, f.Admin, supervision.CertInput{CertNo: "MX" + p.region + strconv.Itoa(i), HolderName: "矩阵持证人",
			RegionCode: p.region, ValidFrom: "2025-01-01", ValidTo: "2030-12-31"})
		if err != nil {
			t.Fatalf("the certificate of %s: %v", p.name, err)
		}
		supervisionCerts.Store(p, c.ID)
	}
}

func certPath(p *place, rest string) string {
	v, _ := supervisionCerts.Load(p)
	return "/supervision-certs/" + strconv.FormatInt(v.(int64), 10) + rest
}

func supervisionCertRoutes() []*route {
	certForm := func(region string, n int) url.Values {
		return url.Values{"cert_no": {"MXN" + strconv.Itoa(n)}, "holder_name": {"矩阵新证"}, "region_code": {region},
			"valid_from": {"2025-01-01"}, "valid_to": {"2030-12-31"}}
	}
	return []*route{
		{pattern: "GET /supervision-certs", kind: "supervision-cert", verb: list, req: get("/supervision-certs")},
		{pattern: "GET /supervision-certs/export.xlsx", kind: "supervision-cert", verb: list, req: get("/supervision-certs/export.xlsx")},
		{pattern: "POST /supervision-certs", kind: "supervision-cert", verb: create, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: "/supervision-certs", form: certForm(p.region, f.next())}
			}},
		{pattern: "GET /supervision-certs/{id}", kind: "supervision-cert", verb: read, placed: true,
			req: placed(func(p *place) string { return certPath(p, "") })},
		{pattern: "POST /supervision-certs/{id}", kind: "supervision-cert", verb: change, placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: certPath(p, ""), form: url.Values{"holder_name": {"矩阵持证人"}, "valid_from": {"2025-01-01"},
					"valid_to": {testworld.Today[:4] + "-12-31"}, "status": {"valid"}}}
			}},
		{pattern: "POST /supervision-certs/{id}/revoke", kind: "supervision-cert", verb: change, placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: certPath(p, "/revoke"), form: url.Values{"status_reason": {"矩阵测试：调离"}}}
			}},
	}
}

// supervisionCertRules: the register is the supervision bodies': they list
// their region down, register certificates of their region's staff and
// read, edit and cancel them; everyone else is refused the register and
// learns no certificate exists.
func supervisionCertRules(w *who, r *route, p *place) (want, why string) {
	sup := isSupervision(w)
	switch r.verb {
	case list:
		if sup {
			return ok, "supervision lists its region's register"
		}
		return forbid, "鲁条例 Art. 22: the register is kept by the supervision bodies"
	case create:
		if sup && within(w, p.region) {
			return ok, "supervision registers its region's staff"
		}
		return forbid, "only supervision of the region registers a certificate"
	}
	if !sup || !within(w, p.region) {
		return hidden, "not supervision of the certificate's region"
	}
	if r.verb == read {
		return ok, "supervision of the region"
	}
	return pass, "supervision of the region edits and cancels it (after 注销 a change is a 409)"
}
