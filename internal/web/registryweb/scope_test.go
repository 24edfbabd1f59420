package registryweb_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

func TestUICountyOutOfScopeIs404(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.ListWorld(t, db)
		b := w.Login(t, "supervisor") // 历下区司法局监督科, 370102

		other, own := webtest.FirstOfficer(t, db, "370103"), webtest.FirstOfficer(t, db, "370102")
		otherAg, ownAg := webtest.FirstAgency(t, db, "370103"), webtest.FirstAgency(t, db, "370102")
		otherM := webtest.FirstMatter(t, db, "370103")
		for _, path := range []string{"/officers/" + own.CertNo, "/agencies/" + ownAg.Code, "/officers/" + own.CertNo + "/qr.png"} {
			if p := b.Get(path); p.Status != http.StatusOK {
				t.Errorf("own county %s: %d", path, p.Status)
			}
		}
		for _, path := range []string{
			"/officers/" + other.CertNo, "/agencies/" + otherAg.Code, "/matters/" + otherM.Code,
			"/officers/" + other.CertNo + "/edit", "/agencies/" + otherAg.Code + "/edit", "/matters/" + otherM.Code + "/edit",
			"/officers/" + other.CertNo + "/qr.png",
		} {
			p := b.Get(path)
			if p.Status != http.StatusNotFound {
				t.Errorf("other county %s: %d, want 404", path, p.Status)
			}
			if strings.Contains(p.Body, other.Name) || strings.Contains(p.Body, otherAg.Name) {
				t.Errorf("other county %s: the 404 page shows the object", path)
			}
		}
		// Writes to another county's objects: 404 as well, and nothing written.
		before := webtest.Counts(t, db)
		for _, c := range []struct {
			path string
			form url.Values
		}{
			{"/officers/" + other.CertNo + "/status", url.Values{"cert_status": {"revoked"}, "reason": {"测试"}}},
			{"/officers/" + other.CertNo + "/years", url.Values{"year": {"2024"}, "training_hours": {"40"}, "review_result": {"pass"}}},
			{"/officers/" + other.CertNo + "/edit", url.Values{"name": {"改名"}, "agency_code": {other.AgencyCode},
				"cert_valid_from": {other.CertValidFrom}, "cert_valid_to": {other.CertValidTo}}},
			{"/agencies/" + otherAg.Code + "/edit", url.Values{"name": {"改名"}, "kind": {"enforcement"}, "region_code": {"370103"}}},
		} {
			if p := b.Post(c.path, c.form); p.Status != http.StatusNotFound {
				t.Errorf("POST %s: %d, want 404", c.path, p.Status)
			}
		}
		webtest.SameCounts(t, db, before, "out-of-scope form posts")
		if o, _ := registry.GetOfficer(webtest.Ctx, db, webtest.AdminPrincipal, other.CertNo); o.CertStatus != other.CertStatus || o.Name != other.Name {
			t.Errorf("officer of 370103 changed: %+v", o)
		}
	})
}

func TestUIFormInvalidInputRerenders(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		b := w.Login(t, "supervisor")
		before := webtest.Counts(t, db)

		bad := webtest.BadCheck(webtest.USCC(t, "370102", 4343))
		p := b.Post("/agencies/new", webtest.AgencyForm(bad))
		if p.Status != http.StatusBadRequest {
			t.Fatalf("invalid USCC: %d, want 400", p.Status)
		}
		codeErr := webtest.Text(p.Doc.Find(`input[name=code]`).Parent().Find(".field-error"))
		if codeErr != "统一社会信用代码校验位错误" {
			t.Errorf("code field message %q", codeErr)
		}
		if v := p.Doc.Find(`input[name=name]`).AttrOr("value", ""); v != "济南市历下区测试执法局" {
			t.Errorf("entered name not kept: %q", v)
		}
		if v := p.Doc.Find(`input[name=code]`).AttrOr("value", ""); v != bad {
			t.Errorf("entered code not kept: %q", v)
		}
		if msg := webtest.Text(p.Doc.Find(".error-box")); !strings.Contains(msg, "提交的数据有误") {
			t.Errorf("form message %q", msg)
		}

		// Several problems at once, each at its field.
		f := webtest.AgencyForm(webtest.USCC(t, "370102", 4344))
		f.Set("region_code", "379999")
		f.Set("announced_on", "2024-02-30")
		f.Set("name", "")
		p = b.Post("/agencies/new", f)
		for field, want := range map[string]string{"region_code": "不在GB/T 2260区划表中", "announced_on": "YYYY-MM-DD", "name": "请填写"} {
			if msg := webtest.Text(p.Doc.Find(`input[name=` + field + `]`).Parent().Find(".field-error")); p.Status != http.StatusBadRequest || !strings.Contains(msg, want) {
				t.Errorf("%s: %d %q, want %q", field, p.Status, msg, want)
			}
		}

		// Officer form: an invalid 身份证号 is named at its field.
		ag := webtest.FirstAgency(t, db, "370102")
		p = b.Post("/officers/new", url.Values{"cert_no": {"LX-TEST-01"}, "name": {"测试员"}, "agency_code": {ag.Code},
			"id_number": {"110105195001010014"}, "cert_valid_from": {"2024-01-01"}, "cert_valid_to": {"2028-12-31"}})
		if msg := webtest.Text(p.Doc.Find(`input[name=id_number]`).Parent().Find(".field-error")); p.Status != http.StatusBadRequest || !strings.Contains(msg, "身份证") {
			t.Errorf("officer id_number: %d %q", p.Status, msg)
		}
		webtest.SameCounts(t, db, before, "invalid forms")
	})
}
