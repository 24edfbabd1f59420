package registryweb_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

func TestAPIAgencyPutReplayReplace(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		tok := e.Token(auth.RoleIntegration, "370102", "")
		code := webtest.USCC(t, "370102", 1)
		path := "/api/v1/agencies/" + code
		body := map[string]any{"name": "济南市历下区市场监督管理局", "kind": "enforcement", "region_code": "370102",
			"domain": "市场监管", "legal_basis": "《中华人民共和国食品安全法》第六条", "announced_on": "2020-04-28"}

		before := webtest.Counts(t, db)
		r := e.Put(path, tok, body, http.StatusCreated)
		var a webtest.Agency
		r.Decode(t, &a)
		if a.Code != code || a.Name != body["name"] || a.RegionCode != "370102" || a.RegionName != "历下区" ||
			a.SubjectType != "statutory" || a.Status != "active" || a.PublicityDays != 7 || a.AnnouncedOn != "2020-04-28" {
			t.Errorf("created agency = %+v", a)
		}
		after := webtest.Counts(t, db)
		if after["agencies"] != before["agencies"]+1 || after["audit_log"] != before["audit_log"]+1 {
			t.Errorf("create: counts %v → %v, want one agency and one audit row more", before, after)
		}

		// Replaying the same body changes nothing and audits nothing.
		r = e.Put(path, tok, body, http.StatusOK)
		var again webtest.Agency
		r.Decode(t, &again)
		if again != a {
			t.Errorf("replay answered %+v, want %+v", again, a)
		}
		webtest.SameCounts(t, db, after, "identical replay")

		// A body with code equal to the path is the same request.
		body["code"] = code
		e.Put(path, tok, body, http.StatusOK)
		webtest.SameCounts(t, db, after, "replay with code in the body")

		// Replace: name and status change, domain is dropped (a PUT is a whole replacement).
		repl := map[string]any{"name": "历下区市场监管局", "kind": "enforcement", "region_code": "370102", "status": "suspended",
			"publicity_days": 20}
		r = e.Put(path, tok, repl, http.StatusOK)
		var b webtest.Agency
		r.Decode(t, &b)
		if b.Name != "历下区市场监管局" || b.Status != "suspended" || b.PublicityDays != 20 || b.Domain != "" || b.AnnouncedOn != "" {
			t.Errorf("replaced agency = %+v", b)
		}
		if n := webtest.Counts(t, db)["audit_log"]; n != after["audit_log"]+1 {
			t.Errorf("replace: audit rows %d, want %d", n, after["audit_log"]+1)
		}

		// GET answers what PUT answered; a lower-case code is the same code.
		var got webtest.Agency
		e.Get(path, tok, http.StatusOK).Decode(t, &got)
		if got != b {
			t.Errorf("GET = %+v, want %+v", got, b)
		}
		e.Get("/api/v1/agencies/"+strings.ToLower(code), tok, http.StatusOK).Decode(t, &got)
		if got != b {
			t.Errorf("GET lower case = %+v, want %+v", got, b)
		}

		// Unknown agency: 404 with the error body.
		r = e.Get("/api/v1/agencies/"+webtest.USCC(t, "370102", 99), tok, http.StatusNotFound)
		if er := r.APIErr(t); er.Code != "not_found" {
			t.Errorf("unknown agency: %+v", er)
		}
	})
}

func TestAPIAgencySupervisionAndParent(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		tok := e.Token(auth.RoleIntegration, "370100", "")
		sup := webtest.USCC(t, "370100", 1)
		r := e.Put("/api/v1/agencies/"+sup, tok, map[string]any{"name": "济南市司法局", "kind": "supervision", "region_code": "370100"},
			http.StatusCreated)
		var a webtest.Agency
		r.Decode(t, &a)
		if a.Kind != "supervision" || a.SubjectType != "" {
			t.Errorf("supervision body = %+v", a)
		}
		// An entrusted subject names its entrusting agency.
		parent := webtest.USCC(t, "370105", 2)
		e.Put("/api/v1/agencies/"+parent, tok, webtest.AgencyBody("济南市天桥区城市管理局", "370105"), http.StatusCreated)
		child := webtest.USCC(t, "370105", 3)
		body := webtest.AgencyBody("济南市天桥区环境卫生服务中心", "370105")
		body["subject_type"] = "entrusted"
		er := e.Put("/api/v1/agencies/"+child, tok, body, http.StatusBadRequest).APIErr(t)
		if er.Fields["parent_code"] == "" {
			t.Errorf("entrusted without parent: %+v", er)
		}
		body["parent_code"] = parent
		e.Put("/api/v1/agencies/"+child, tok, body, http.StatusCreated).Decode(t, &a)
		if a.ParentCode != parent || a.SubjectType != "entrusted" {
			t.Errorf("entrusted = %+v", a)
		}
	})
}

func TestAPIAgencyListFilterPaginate(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		tok := e.Token(auth.RoleIntegration, "370100", "")
		want102 := map[string]bool{}
		for i := range 5 {
			code := webtest.USCC(t, "370102", 10+i)
			want102[code] = true
			e.Put("/api/v1/agencies/"+code, tok, webtest.AgencyBody(fmt.Sprintf("历下区执法局%02d", i), "370102"), http.StatusCreated)
		}
		for i := range 3 {
			b := webtest.AgencyBody(fmt.Sprintf("市中区执法局%02d", i), "370103")
			b["domain"] = "生态环境"
			e.Put("/api/v1/agencies/"+webtest.USCC(t, "370103", 20+i), tok, b, http.StatusCreated)
		}
		e.Put("/api/v1/agencies/"+webtest.USCC(t, "370100", 30), tok,
			map[string]any{"name": "济南市司法局", "kind": "supervision", "region_code": "370100"}, http.StatusCreated)

		var all webtest.List[webtest.Agency]
		e.Get("/api/v1/agencies", tok, http.StatusOK).Decode(t, &all)
		if all.Total != 9 || len(all.Items) != 9 || all.Page != 1 || all.PageSize != 20 {
			t.Errorf("all: total %d items %d page %d size %d", all.Total, len(all.Items), all.Page, all.PageSize)
		}

		// Region filter and pagination: pages are disjoint and cover the total.
		got := map[string]bool{}
		for page := 1; page <= 3; page++ {
			var l webtest.List[webtest.Agency]
			e.Get(fmt.Sprintf("/api/v1/agencies?region_code=370102&page_size=2&page=%d", page), tok, http.StatusOK).Decode(t, &l)
			if l.Total != 5 || l.Page != page || l.PageSize != 2 {
				t.Errorf("page %d: total %d page %d size %d", page, l.Total, l.Page, l.PageSize)
			}
			if wantN := min(2, 5-2*(page-1)); len(l.Items) != wantN {
				t.Errorf("page %d: %d items, want %d", page, len(l.Items), wantN)
			}
			for _, a := range l.Items {
				if a.RegionCode != "370102" || got[a.Code] {
					t.Errorf("page %d: unexpected or repeated %s in %s", page, a.Code, a.RegionCode)
				}
				got[a.Code] = true
			}
		}
		if len(got) != len(want102) {
			t.Errorf("pages covered %d agencies, want %d", len(got), len(want102))
		}
		var beyond webtest.List[webtest.Agency]
		e.Get("/api/v1/agencies?region_code=370102&page_size=2&page=4", tok, http.StatusOK).Decode(t, &beyond)
		if len(beyond.Items) != 0 || beyond.Total != 5 || beyond.Items == nil {
			t.Errorf("beyond last page: %+v (items must be [] not null)", beyond)
		}

		// Other filters.
		for _, c := range []struct {
			query string
			total int
		}{
			{"region_code=370103", 3},
			{"region_code=370100", 9},
			{"region_code=370104", 0},
			{"region=370103", 3}, // deprecated alias
			{"kind=supervision", 1},
			{"kind=enforcement", 8},
			{"domain=" + url.QueryEscape("生态环境"), 3},
			{"q=" + url.QueryEscape("市中区"), 3},
			{"q=" + webtest.USCC(t, "370100", 30), 1},
			{"status=active", 9},
			{"status=suspended", 0},
			{"sort=name&page_size=200", 9},
			{"sort=-announced&size=3", 9},
		} {
			var l webtest.List[webtest.Agency]
			e.Get("/api/v1/agencies?"+c.query, tok, http.StatusOK).Decode(t, &l)
			if l.Total != c.total {
				t.Errorf("%s: total %d, want %d", c.query, l.Total, c.total)
			}
		}
		var sized webtest.List[webtest.Agency]
		e.Get("/api/v1/agencies?size=3", tok, http.StatusOK).Decode(t, &sized)
		if sized.PageSize != 3 || len(sized.Items) != 3 {
			t.Errorf("size=3: %d items, page_size %d", len(sized.Items), sized.PageSize)
		}
		var byName webtest.List[webtest.Agency]
		e.Get("/api/v1/agencies?sort=name&region_code=370102", tok, http.StatusOK).Decode(t, &byName)
		for i := 1; i < len(byName.Items); i++ {
			if byName.Items[i-1].Name > byName.Items[i].Name {
				t.Errorf("sort=name: %s before %s", byName.Items[i-1].Name, byName.Items[i].Name)
			}
		}
	})
}

// TestAPIListQueryFallbacks: out-of-range paging falls back to the defaults
// the document describes, and search text is literal (no LIKE wildcards).
func TestAPIListQueryFallbacks(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		tok := e.Token(auth.RoleIntegration, "370102", "")
		for i := range 3 {
			e.Put("/api/v1/agencies/"+webtest.USCC(t, "370102", i), tok, webtest.AgencyBody(fmt.Sprintf("历下区执法局%d", i), "370102"), http.StatusCreated)
		}
		e.Put("/api/v1/agencies/"+webtest.USCC(t, "370102", 9), tok, webtest.AgencyBody("历下区100%_执法局", "370102"), http.StatusCreated)

		e.QueryLenient = true
		for _, c := range []struct {
			query          string
			page, pageSize int
			items          int
		}{
			{"page=-3", 1, 20, 4},
			{"page=0&page_size=0", 1, 20, 4},
			{"page=abc&page_size=abc", 1, 20, 4},
			{"page_size=-5", 1, 20, 4},
			{"page_size=1000", 1, 200, 4},
			{"page=9223372036854775807", 1_000_000, 20, 0},  // registry.MaxPage
			{"page=99999999999999999999", 1_000_000, 20, 0}, // registry.MaxPage
			{"page_size=2&size=3", 1, 2, 2},                 // page_size wins over its alias
			{"sort=nonsense", 1, 20, 4},
			{"region_code=abc", 1, 20, 0},
		} {
			var l webtest.List[webtest.Agency]
			r := e.Get("/api/v1/agencies?"+c.query, tok, http.StatusOK)
			r.Decode(t, &l)
			if l.Page != c.page || l.PageSize != c.pageSize || len(l.Items) != c.items {
				t.Errorf("%s: page %d size %d items %d, want %d %d %d", c.query, l.Page, l.PageSize, len(l.Items), c.page, c.pageSize, c.items)
			}
		}
		e.QueryLenient = false

		for q, want := range map[string]int{"%": 1, "_": 1, "100%_": 1, "执法局": 4, "\\": 0} {
			var l webtest.List[webtest.Agency]
			e.Get("/api/v1/agencies?q="+url.QueryEscape(q), tok, http.StatusOK).Decode(t, &l)
			if l.Total != want {
				t.Errorf("q=%q: %d, want %d", q, l.Total, want)
			}
		}
	})
}
