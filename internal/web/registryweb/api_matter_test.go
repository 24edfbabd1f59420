package registryweb_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

func TestAPIMatterPutReplayReplace(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		tok := e.Token(auth.RoleIntegration, "370102", "")
		a1, a2 := webtest.USCC(t, "370102", 1), webtest.USCC(t, "370102", 2)
		e.Put("/api/v1/agencies/"+a1, tok, webtest.AgencyBody("历下区市场监管局", "370102"), http.StatusCreated)
		e.Put("/api/v1/agencies/"+a2, tok, webtest.AgencyBody("历下区综合行政执法局", "370102"), http.StatusCreated)

		path := "/api/v1/matters/SC-FOOD-001"
		body := map[string]any{"name": "对生产经营不符合食品安全标准的食品的处罚", "kind": "penalty", "domain": "市场监管",
			"legal_basis": "《中华人民共和国食品安全法》第一百二十四条", "basis_effective": "2021-04-29",
			"agency_codes": []string{a2, a1, a1}, "criminal_threshold_fen": 5000000}
		before := webtest.Counts(t, db)
		r := e.Put(path, tok, body, http.StatusCreated)
		var m webtest.Matter
		r.Decode(t, &m)
		if m.Code != "SC-FOOD-001" || m.Kind != "penalty" || m.RegionCode != "370102" || m.Version != 1 ||
			!slices.Equal(m.AgencyCodes, []string{a1, a2}) || m.CriminalThresholdFen == nil || *m.CriminalThresholdFen != 5000000 {
			t.Errorf("created matter = %+v", m)
		}
		after := webtest.Counts(t, db)
		if after["matters"] != before["matters"]+1 || after["matter_agencies"] != before["matter_agencies"]+2 ||
			after["audit_log"] != before["audit_log"]+1 {
			t.Errorf("create: counts %v → %v", before, after)
		}

		if again := e.Put(path, tok, body, http.StatusOK); string(again.Body) != string(r.Body) {
			t.Errorf("replay answered %s, want %s", again.Body, r.Body)
		}
		webtest.SameCounts(t, db, after, "identical matter replay")

		// Replace: one holder, no threshold (null) → version 2.
		repl := map[string]any{"name": "对生产经营不符合食品安全标准的食品的处罚", "kind": "penalty",
			"legal_basis": "《中华人民共和国食品安全法》第一百二十四条第一款", "agency_codes": []string{a1}, "criminal_threshold_fen": nil}
		var b webtest.Matter
		e.Put(path, tok, repl, http.StatusOK).Decode(t, &b)
		if b.Version != 2 || !slices.Equal(b.AgencyCodes, []string{a1}) || b.CriminalThresholdFen != nil {
			t.Errorf("replaced matter = %+v", b)
		}
		var got webtest.Matter
		e.Get(path, tok, http.StatusOK).Decode(t, &got)
		if got.Version != 2 || got.LegalBasis != repl["legal_basis"] || !slices.Equal(got.AgencyCodes, []string{a1}) {
			t.Errorf("GET = %+v", got)
		}

		// A matter without holders takes the token's region.
		var free webtest.Matter
		e.Put("/api/v1/matters/INSP.001", tok, map[string]any{"name": "食品经营许可检查", "kind": "inspection"}, http.StatusCreated).Decode(t, &free)
		if free.RegionCode != "370102" || free.AgencyCodes == nil || len(free.AgencyCodes) != 0 || free.LegalBasis != "" {
			t.Errorf("matter without holders = %+v (agency_codes must be [])", free)
		}
		e.Get("/api/v1/matters/NO-SUCH", tok, http.StatusNotFound).APIErr(t)
	})
}

func TestAPIMatterListFilters(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		tok := e.Token(auth.RoleIntegration, "370100", "")
		a1, a2 := webtest.USCC(t, "370102", 1), webtest.USCC(t, "370103", 2)
		e.Put("/api/v1/agencies/"+a1, tok, webtest.AgencyBody("历下区市场监管局", "370102"), http.StatusCreated)
		e.Put("/api/v1/agencies/"+a2, tok, webtest.AgencyBody("市中区市场监管局", "370103"), http.StatusCreated)
		for _, m := range []struct {
			code, name, kind, basis string
			agencies                []string
		}{
			{"M-001", "食品安全处罚", "penalty", "《食品安全法》第一百二十四条", []string{a1}},
			{"M-002", "查封扣押", "coercion", "《食品安全法》第一百一十条", []string{a1, a2}},
			{"M-003", "日常监督检查", "inspection", "《食品安全法》第八十七条", []string{a2}},
			{"M-004", "市级事项", "penalty", "《广告法》第五十五条", nil},
		} {
			e.Put("/api/v1/matters/"+m.code, tok, map[string]any{"name": m.name, "kind": m.kind, "legal_basis": m.basis,
				"agency_codes": m.agencies}, http.StatusCreated)
		}
		for _, c := range []struct {
			query string
			want  []string
		}{
			{"", []string{"M-001", "M-002", "M-003", "M-004"}},
			{"region_code=370102", []string{"M-001"}},
			{"region_code=370103", []string{"M-003"}},
			{"region_code=370100", []string{"M-001", "M-002", "M-003", "M-004"}},
			{"kind=penalty", []string{"M-001", "M-004"}},
			{"agency_code=" + a2, []string{"M-002", "M-003"}},
			{"q=" + url.QueryEscape("广告法"), []string{"M-004"}},
			{"q=M-002", []string{"M-002"}},
			{"sort=name&kind=coercion", []string{"M-002"}},
			{"page_size=2&page=2", []string{"M-003", "M-004"}},
		} {
			var l webtest.List[webtest.Matter]
			e.Get("/api/v1/matters?"+c.query, tok, http.StatusOK).Decode(t, &l)
			var got []string
			for _, m := range l.Items {
				got = append(got, m.Code)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("%s: %v, want %v", c.query, got, c.want)
			}
		}
		var l webtest.List[webtest.Matter]
		e.Get("/api/v1/matters?region_code=370100", tok, http.StatusOK).Decode(t, &l)
		for _, m := range l.Items {
			// M-002 spans two districts: its region is the city.
			if m.Code == "M-002" && m.RegionCode != "370100" {
				t.Errorf("M-002 region %s, want 370100", m.RegionCode)
			}
		}
	})
}
