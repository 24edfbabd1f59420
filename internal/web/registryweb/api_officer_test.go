package registryweb_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

func TestAPIOfficerPutReplayReplace(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		tok := e.Token(auth.RoleIntegration, "370102", "")
		ag := webtest.USCC(t, "370102", 1)
		e.Put("/api/v1/agencies/"+ag, tok, webtest.AgencyBody("济南市历下区市场监督管理局", "370102"), http.StatusCreated)

		path := "/api/v1/officers/37010012345"
		idNo := ident.MakeIDCard("370102", time.Date(1985, 3, 14, 0, 0, 0, 0, time.UTC), "001")
		body := map[string]any{"name": "张明", "agency_code": ag, "id_number": idNo, "domain": "市场监管",
			"cert_valid_from": "2022-01-01", "cert_valid_to": "2099-12-31", "exam_score": 86, "exam_date": "2021-11-20",
			"oath_date": "2022-01-05", "qualifications": []string{"legal_review", "hearing_host", "legal_review"}}
		before := webtest.Counts(t, db)
		r := e.Put(path, tok, body, http.StatusCreated)
		var o webtest.Officer
		r.Decode(t, &o)
		if o.CertNo != "37010012345" || o.Name != "张明" || o.AgencyCode != ag || o.AgencyName != "济南市历下区市场监督管理局" ||
			o.RegionCode != "370102" || o.CertStatus != "valid" || o.State != "valid" || o.ExamScore == nil || *o.ExamScore != 86 ||
			!slices.Equal(o.Qualifications, []string{"hearing_host", "legal_review"}) {
			t.Errorf("created officer = %+v", o)
		}
		if !strings.Contains(o.VerifyURL, "/verify/") || !strings.HasPrefix(o.VerifyURL, e.TS.URL) {
			t.Errorf("verify_url = %q, want %s/verify/…", o.VerifyURL, e.TS.URL)
		}
		if strings.Contains(string(r.Body), "id_number") || strings.Contains(string(r.Body), idNo) {
			t.Errorf("the 身份证号 is on the wire: %s", r.Body)
		}
		after := webtest.Counts(t, db)
		if after["officers"] != before["officers"]+1 || after["audit_log"] != before["audit_log"]+1 {
			t.Errorf("create: counts %v → %v", before, after)
		}

		// Identical replay: 200, the same view, nothing written.
		if again := e.Put(path, tok, body, http.StatusOK); string(again.Body) != string(r.Body) {
			t.Errorf("replay answered %s, want %s", again.Body, r.Body)
		}
		webtest.SameCounts(t, db, after, "identical officer replay")

		// Replace: qualifications and score dropped, name changed.
		var b webtest.Officer
		e.Put(path, tok, webtest.OfficerBody("张明明", ag), http.StatusOK).Decode(t, &b)
		if b.Name != "张明明" || b.ExamScore != nil || len(b.Qualifications) != 0 || b.Qualifications == nil || b.VerifyURL != o.VerifyURL {
			t.Errorf("replaced officer = %+v (qualifications must be [], verify_url stable)", b)
		}
		if n := webtest.Counts(t, db)["audit_log"]; n != after["audit_log"]+1 {
			t.Errorf("replace: %d audit rows, want %d", n, after["audit_log"]+1)
		}

		// GET carries the yearly records.
		admin := &auth.Principal{Name: "测试", Role: auth.RoleAdmin}
		if err := registry.PutOfficerYear(webtest.Ctx, db, admin, "37010012345", registry.OfficerYear{Year: 2024, TrainingHours: 40, ReviewResult: "pass"}); err != nil {
			t.Fatal(err)
		}
		if err := registry.PutOfficerYear(webtest.Ctx, db, admin, "37010012345", registry.OfficerYear{Year: 2025, TrainingHours: 12}); err != nil {
			t.Fatal(err)
		}
		var got webtest.Officer
		e.Get(path, tok, http.StatusOK).Decode(t, &got)
		if got.Name != "张明明" || len(got.Years) != 2 || got.Years[0].Year != 2025 || got.Years[1].ReviewResult != "pass" {
			t.Errorf("GET = %+v", got)
		}
		// Lists carry no years but the same verify_url.
		var l webtest.List[webtest.Officer]
		e.Get("/api/v1/officers?agency_code="+ag, tok, http.StatusOK).Decode(t, &l)
		if l.Total != 1 || l.Items[0].Years != nil || l.Items[0].VerifyURL != o.VerifyURL {
			t.Errorf("list = %+v", l)
		}
		e.Get("/api/v1/officers/37010099999", tok, http.StatusNotFound).APIErr(t)
	})
}

func TestAPIOfficerVerifyURL(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		tok := e.Token(auth.RoleIntegration, "370102", "")
		ag := webtest.USCC(t, "370102", 1)
		e.Put("/api/v1/agencies/"+ag, tok, webtest.AgencyBody("济南市历下区综合行政执法局", "370102"), http.StatusCreated)
		body := webtest.OfficerBody("李华", ag)
		var o webtest.Officer
		e.Put("/api/v1/officers/37010054321", tok, body, http.StatusCreated).Decode(t, &o)

		// Anyone may open the QR address, without signing in.
		status, doc, _ := webtest.Fetch(t, o.VerifyURL)
		if verdict := webtest.Text(doc.Find("#verdict")); status != http.StatusOK || verdict != "有效" {
			t.Fatalf("verify valid: %d %q, want 200 有效", status, verdict)
		}
		if page := webtest.Text(doc.Find("main, body")); !strings.Contains(page, "李华") || !strings.Contains(page, "37010054321") {
			t.Errorf("verify page lacks name or certificate number: %s", page)
		}

		// Revoked through the API: the page shows it at once.
		body["cert_status"] = "revoked"
		body["status_reason"] = "违法执法被吊销"
		e.Put("/api/v1/officers/37010054321", tok, body, http.StatusOK).Decode(t, &o)
		if o.State != "revoked" || o.CertStatus != "revoked" || o.StatusReason != "违法执法被吊销" {
			t.Errorf("revoked officer = %+v", o)
		}
		status, doc, _ = webtest.Fetch(t, o.VerifyURL)
		if verdict := webtest.Text(doc.Find("#verdict")); status != http.StatusOK || verdict != "已吊销" {
			t.Errorf("verify revoked: %d %q, want 200 已吊销", status, verdict)
		}

		// Expired and pending certificates are told apart by date.
		body["cert_status"], body["status_reason"] = "valid", ""
		body["cert_valid_from"], body["cert_valid_to"] = "2010-01-01", "2015-12-31"
		e.Put("/api/v1/officers/37010054321", tok, body, http.StatusOK).Decode(t, &o)
		if _, doc, _ = webtest.Fetch(t, o.VerifyURL); o.State != "expired" || webtest.Text(doc.Find("#verdict")) != "已过期" {
			t.Errorf("expired: state %s, page %q", o.State, webtest.Text(doc.Find("#verdict")))
		}

		// Tampered tokens: 404 and 无效, never a server error.
		u, err := url.Parse(o.VerifyURL)
		if err != nil {
			t.Fatal(err)
		}
		tokPart := strings.TrimPrefix(u.Path, "/verify/")
		flip := func(s string, i int) string {
			c := byte('A')
			if s[i] == 'A' {
				c = 'B'
			}
			return s[:i] + string(c) + s[i+1:]
		}
		for _, bad := range []string{
			flip(tokPart, 0), flip(tokPart, len(tokPart)/2), flip(tokPart, len(tokPart)-1),
			tokPart[:len(tokPart)-1], tokPart + "A", "abc", strings.Repeat("A", 500), "%E4%BD%A0%E5%A5%BD", "..%2F..%2Fetc",
		} {
			status, doc, raw := webtest.Fetch(t, e.TS.URL+"/verify/"+bad)
			if status != http.StatusNotFound || webtest.Text(doc.Find("#verdict")) != "无效" {
				t.Errorf("tampered token %q: %d %q, want 404 无效\n%.300s", bad, status, webtest.Text(doc.Find("#verdict")), raw)
			}
			if strings.Contains(raw, "李华") {
				t.Errorf("tampered token %q shows the officer", bad)
			}
		}
	})
}

func TestAPIOfficerListFilters(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		tok := e.Token(auth.RoleIntegration, "370100", "")
		a1, a2 := webtest.USCC(t, "370102", 1), webtest.USCC(t, "370103", 2)
		e.Put("/api/v1/agencies/"+a1, tok, webtest.AgencyBody("历下区市场监管局", "370102"), http.StatusCreated)
		e.Put("/api/v1/agencies/"+a2, tok, webtest.AgencyBody("市中区市场监管局", "370103"), http.StatusCreated)
		put := func(cert, name, agency string, mod func(map[string]any)) {
			b := webtest.OfficerBody(name, agency)
			if mod != nil {
				mod(b)
			}
			e.Put("/api/v1/officers/"+cert, tok, b, http.StatusCreated)
		}
		put("LX-0001", "王一", a1, func(b map[string]any) { b["qualifications"] = []string{"hearing_host"} })
		put("LX-0002", "王二", a1, func(b map[string]any) { b["cert_status"] = "suspended"; b["status_reason"] = "调查期间" })
		put("LX-0003", "赵三", a1, func(b map[string]any) { b["cert_valid_to"] = "2021-12-31" })
		put("SZ-0001", "王四", a2, func(b map[string]any) { b["cert_valid_from"] = "2098-01-01"; b["domain"] = "食品" })
		put("SZ-0002", "钱五", a2, func(b map[string]any) { b["qualifications"] = []string{"legal_review", "supervision"} })

		for _, c := range []struct {
			query string
			want  []string
		}{
			{"", []string{"LX-0001", "LX-0002", "LX-0003", "SZ-0001", "SZ-0002"}},
			{"region_code=370102", []string{"LX-0001", "LX-0002", "LX-0003"}},
			{"region=370103", []string{"SZ-0001", "SZ-0002"}},
			{"agency_code=" + a2, []string{"SZ-0001", "SZ-0002"}},
			{"state=valid", []string{"LX-0001", "SZ-0002"}},
			{"state=suspended", []string{"LX-0002"}},
			{"state=expired", []string{"LX-0003"}},
			{"state=pending", []string{"SZ-0001"}},
			{"state=revoked", nil},
			{"qualification=hearing_host", []string{"LX-0001"}},
			{"qualification=supervision", []string{"SZ-0002"}},
			{"q=" + url.QueryEscape("王"), []string{"LX-0001", "LX-0002", "SZ-0001"}},
			{"q=SZ-0002", []string{"SZ-0002"}},
			{"domain=" + url.QueryEscape("食品"), []string{"SZ-0001"}},
			{"sort=cert_no&page_size=2&page=2", []string{"LX-0003", "SZ-0001"}},
			{"sort=-valid_to&page_size=1", []string{"LX-0001"}},
		} {
			var l webtest.List[webtest.Officer]
			e.Get("/api/v1/officers?"+c.query, tok, http.StatusOK).Decode(t, &l)
			var got []string
			for _, o := range l.Items {
				got = append(got, o.CertNo)
			}
			want := slices.Clone(c.want)
			if !strings.Contains(c.query, "sort=") {
				slices.Sort(got)
				slices.Sort(want)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: %v, want %v", c.query, got, want)
			}
			if !strings.Contains(c.query, "page_size") && l.Total != len(want) {
				t.Errorf("%s: total %d, want %d", c.query, l.Total, len(want))
			}
		}
		var page webtest.List[webtest.Officer]
		e.Get("/api/v1/officers?sort=cert_no&page_size=2&page=2", tok, http.StatusOK).Decode(t, &page)
		if len(page.Items) != 2 || page.Items[0].CertNo != "LX-0003" || page.Items[1].CertNo != "SZ-0001" || page.Total != 5 {
			t.Errorf("sort=cert_no page 2 of 2: %+v", page)
		}
	})
}
