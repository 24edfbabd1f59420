package discretionweb_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/discretion"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

// Wire shapes of the benchmark API.
type thBenchTier struct {
	Tier           string   `json:"tier"`
	Conditions     string   `json:"conditions"`
	FineMinFen     *int64   `json:"fine_min_fen"`
	FineMaxFen     *int64   `json:"fine_max_fen"`
	OtherPenalties []string `json:"other_penalties"`
}

type thBenchVersion struct {
	MatterCode    string        `json:"matter_code"`
	RegionCode    string        `json:"region_code"`
	EffectiveFrom string        `json:"effective_from"`
	Version       int           `json:"version"`
	Current       bool          `json:"current"`
	Tiers         []thBenchTier `json:"tiers"`
}

type thBenchmark struct {
	MatterCode string           `json:"matter_code"`
	MatterName string           `json:"matter_name"`
	Versions   []thBenchVersion `json:"versions"`
}

func thBenchCount(t *testing.T, db *store.DB) (versions, audits int) {
	t.Helper()
	db.R.QueryRowContext(webtest.Ctx, `SELECT COUNT(*) FROM benchmarks`).Scan(&versions)
	db.R.QueryRowContext(webtest.Ctx, `SELECT COUNT(*) FROM audit_log WHERE entity = 'benchmark'`).Scan(&audits)
	return
}

// PUT /api/v1/benchmarks/{matter_code}: versions by effective_from,
// idempotent replay, replacement, the province-range rule, scope.
func TestAPIBenchmarkPutReplay(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		w := webtest.SetupAPIWorld(t, e)
		prov := e.Token(auth.RoleIntegration, "370000", "")
		path := "/api/v1/benchmarks/" + w.M102
		body := webtest.BenchBody("2024-01-01", webtest.Tier("ordinary", 100000, 500000), webtest.Tier("lighter", 50000, 100000),
			map[string]any{"tier": "none", "conditions": "首违不罚", "criteria": map[string]any{"first_offense": true, "harm_max": "slight", "corrected": true}})
		r := e.Put(path, prov, body, http.StatusCreated)
		var b thBenchmark
		r.Decode(t, &b)
		if b.MatterCode != w.M102 || b.MatterName == "" || len(b.Versions) != 1 {
			t.Fatalf("created = %+v", b)
		}
		v := b.Versions[0]
		if v.RegionCode != "370000" || v.Version != 1 || !v.Current || len(v.Tiers) != 3 || v.Tiers[0].Tier != "none" ||
			v.Tiers[2].Tier != "ordinary" || *v.Tiers[2].FineMaxFen != 500000 || v.Tiers[0].FineMinFen != nil || v.Tiers[0].OtherPenalties == nil {
			t.Errorf("version = %+v", v)
		}
		nv, na := thBenchCount(t, db)
		if nv != 1 || na != 1 {
			t.Errorf("after create: %d versions, %d audit rows", nv, na)
		}
		// Replay: 200, same answer, nothing written.
		if again := e.Put(path, prov, body, http.StatusOK); string(again.Body) != string(r.Body) {
			t.Errorf("replay answered %s, want %s", again.Body, r.Body)
		}
		if v2, a2 := thBenchCount(t, db); v2 != nv || a2 != na {
			t.Errorf("replay wrote: %d/%d → %d/%d", nv, na, v2, a2)
		}
		// Same date, other tiers: replaced (200), still one version.
		e.Put(path, prov, webtest.BenchBody("2024-01-01", webtest.Tier("ordinary", 120000, 500000), webtest.Tier("lighter", 50000, 120000)), http.StatusOK)
		// Later date: a new version (201).
		r = e.Put(path, prov, webtest.BenchBody("2025-01-01", webtest.Tier("ordinary", 150000, 600000)), http.StatusCreated)
		r.Decode(t, &b)
		if len(b.Versions) != 2 || b.Versions[0].Version != 1 || len(b.Versions[0].Tiers) != 2 || b.Versions[1].Version != 2 ||
			b.Versions[0].Current || !b.Versions[1].Current {
			t.Errorf("versions = %+v", b.Versions)
		}
		if got := e.Get(path, prov, http.StatusOK); string(got.Body) != string(r.Body) {
			t.Errorf("GET %s differs from the PUT answer %s", got.Body, r.Body)
		}

		// A city supplements inside the province range; its region defaults to the token's.
		var c thBenchmark
		e.Put(path, w.City, webtest.BenchBody("2024-06-01", webtest.Tier("ordinary", 150000, 400000)), http.StatusCreated).Decode(t, &c)
		if len(c.Versions) != 3 || c.Versions[2].RegionCode != "370100" {
			t.Errorf("city supplement = %+v", c.Versions)
		}
		// Outside it: 400 naming the tier and the province range, nothing written.
		nv, na = thBenchCount(t, db)
		er := e.Put(path, w.City, webtest.BenchBody("2024-07-01", webtest.Tier("ordinary", 100000, 400000)), http.StatusBadRequest).APIErr(t)
		if er.Code != "invalid" || !strings.Contains(er.Message, "裁量阶次“一般”") || !strings.Contains(er.Message, "山东省（370000）2024-01-01") ||
			!strings.Contains(er.Message, "1200.00元至5000.00元") || er.Fields["tiers[0].fine_min_fen"] == "" {
			t.Errorf("range rule: %+v", er)
		}
		// The day the province's 2025 version takes effect its range applies.
		e.Put(path, w.City, webtest.BenchBody("2025-01-01", webtest.Tier("ordinary", 500000, 600000)), http.StatusCreated)
		if _, err := discretion.RangeFor(webtest.Ctx, db.R, w.M102, "370102", "2024-12-31", "ordinary"); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct{ on, want string }{{"2024-12-31", "370100 2024-06-01"}, {"2025-01-01", "370100 2025-01-01"}, {"2024-05-31", "370000 2024-01-01"}} {
			r, _ := discretion.RangeFor(webtest.Ctx, db.R, w.M102, "370102", c.on, "ordinary")
			if r == nil || r.SetBy+" "+r.EffectiveFrom != c.want {
				t.Errorf("RangeFor on %s = %+v, want %s", c.on, r, c.want)
			}
		}
		nv++

		// Scope: a county token may not set for the city (403), does not see
		// another county's matter (404); unknown matters are 404.
		county := e.Token(auth.RoleIntegration, "370102", "")
		good := webtest.BenchBody("2024-09-01", webtest.Tier("ordinary", 200000, 300000))
		outside := webtest.BenchBody("2024-09-01", webtest.Tier("ordinary", 200000, 300000))
		outside["region_code"] = "370100"
		e.Put(path, county, outside, http.StatusForbidden).APIErr(t)
		e.Put("/api/v1/benchmarks/"+w.M103, county, good, http.StatusNotFound).APIErr(t)
		e.Get("/api/v1/benchmarks/"+w.M103, county, http.StatusNotFound).APIErr(t)
		e.Put("/api/v1/benchmarks/NO-SUCH", prov, good, http.StatusNotFound).APIErr(t)
		e.Put(path, e.Token(auth.RoleOfficer, "370102", ""), good, http.StatusForbidden).APIErr(t)
		e.Put(path, e.Token(auth.RoleSupervisor, "370100", ""), good, http.StatusForbidden).APIErr(t)
		if v2, a2 := thBenchCount(t, db); v2 != nv || a2 != na+1 {
			t.Errorf("refused writes wrote: %d/%d → %d/%d", nv, na+1, v2, a2)
		}
		// The county sees its own and the higher levels' versions.
		e.Put(path, county, good, http.StatusCreated)
		var l webtest.List[thBenchVersion]
		e.Get("/api/v1/benchmarks", county, http.StatusOK).Decode(t, &l)
		var regions []string
		for _, v := range l.Items {
			regions = append(regions, v.RegionCode+"@"+v.EffectiveFrom)
		}
		if want := []string{"370000@2024-01-01", "370000@2025-01-01", "370100@2024-06-01", "370100@2025-01-01", "370102@2024-09-01"}; !slices.Equal(regions, want) || l.Total != 5 {
			t.Errorf("county list %v (total %d), want %v", regions, l.Total, want)
		}
		e.Get("/api/v1/benchmarks?region_code=370100&page_size=1&page=2", w.City, http.StatusOK).Decode(t, &l)
		if l.Total != 3 || len(l.Items) != 1 || l.Items[0].RegionCode != "370100" {
			t.Errorf("city list inside 370100: %+v", l)
		}
		e.Get("/api/v1/benchmarks?matter_code="+w.M103, w.City, http.StatusOK).Decode(t, &l)
		if l.Total != 0 || l.Items == nil {
			t.Errorf("list of a matter without versions: %+v", l)
		}
	})
}

// Bad bodies answer 400 with the spec's error body and write nothing.
func TestAPIBenchmarkInvalid(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		w := webtest.SetupAPIWorld(t, e)
		path := "/api/v1/benchmarks/" + w.M102
		for _, c := range []struct {
			name  string
			body  any
			field string
			want  string
		}{
			{"broken JSON", `{`, "", "JSON"},
			{"no effective_from", map[string]any{"tiers": []any{webtest.Tier("ordinary", 1, 2)}}, "effective_from", "请填写生效日期"},
			{"no tiers", map[string]any{"effective_from": "2024-01-01"}, "tiers", "至少"},
			{"bad date", webtest.BenchBody("2024-02-30", webtest.Tier("ordinary", 1, 2)), "effective_from", "日期"},
			{"bad tier", webtest.BenchBody("2024-01-01", webtest.Tier("medium", 1, 2)), "tiers[0].tier", "裁量阶次应为"},
			{"duplicate tier", webtest.BenchBody("2024-01-01", webtest.Tier("ordinary", 1, 2), webtest.Tier("ordinary", 1, 3)), "tiers[1].tier", "重复"},
			{"min > max", webtest.BenchBody("2024-01-01", webtest.Tier("ordinary", 500, 100)), "tiers[0].fine_max_fen", "不能低于下限"},
			{"negative", webtest.BenchBody("2024-01-01", webtest.Tier("ordinary", -1, 100)), "tiers[0].fine_min_fen", "不小于0"},
			{"lighter above ordinary", webtest.BenchBody("2024-01-01", webtest.Tier("ordinary", 100, 500), webtest.Tier("lighter", 100, 600)), "tiers[1].fine_max_fen", "从轻"},
			{"fine as text", `{"effective_from":"2024-01-01","tiers":[{"tier":"ordinary","fine_min_fen":"100"}]}`, "tiers.fine_min_fen", "数字"},
			{"matter code differs", map[string]any{"matter_code": "OTHER", "effective_from": "2024-01-01", "tiers": []any{webtest.Tier("ordinary", 1, 2)}}, "matter_code", "不一致"},
			{"township setter", map[string]any{"region_code": "370102001", "effective_from": "2024-01-01", "tiers": []any{webtest.Tier("ordinary", 1, 2)}}, "region_code", "6位"},
		} {
			er := e.Put(path, w.City, c.body, http.StatusBadRequest).APIErr(t)
			if er.Code != "invalid" || (c.field == "" && !strings.Contains(er.Message, c.want)) || (c.field != "" && !strings.Contains(er.Fields[c.field], c.want)) {
				t.Errorf("%s: %+v, want %s containing %q", c.name, er, c.field, c.want)
			}
		}
		if n, a := thBenchCount(t, db); n != 0 || a != 0 {
			t.Errorf("invalid bodies wrote %d versions, %d audit rows", n, a)
		}
	})
}

// Every answer openapi.yaml documents for the benchmark operations is
// given, the 5xx last with the database closed.
func TestAPIBenchmarkDocumented(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		w := webtest.SetupAPIWorld(t, e)
		tok := e.Token(auth.RoleIntegration, "370102", "")
		path := "/api/v1/benchmarks/" + w.M102
		good := webtest.BenchBody("2024-01-01", webtest.Tier("ordinary", 100, 200))
		e.Put(path, tok, good, http.StatusCreated)
		ops := []struct {
			method, path string
			body         any
		}{{http.MethodGet, "/api/v1/benchmarks", nil}, {http.MethodGet, path, nil}, {http.MethodPut, path, good}}
		for _, op := range ops {
			e.Call(op.method, op.path, tok, op.body, http.StatusOK)
			e.Call(op.method, op.path, "", op.body, http.StatusUnauthorized)
		}
		e.Put(path, tok, `{`, http.StatusBadRequest)
		forbidden := webtest.BenchBody("2024-01-01", webtest.Tier("ordinary", 100, 200))
		forbidden["region_code"] = "370103"
		e.Put(path, tok, forbidden, http.StatusForbidden)
		e.Put("/api/v1/benchmarks/"+w.M103, tok, good, http.StatusNotFound)
		e.Get("/api/v1/benchmarks/"+w.M103, tok, http.StatusNotFound)
		db.Close()
		for _, op := range ops {
			if er := e.Call(op.method, op.path, tok, op.body, http.StatusInternalServerError).APIErr(t); er.Code != "internal" {
				t.Errorf("%s %s: %+v", op.method, op.path, er)
			}
		}
		for _, m := range e.Missing() {
			if strings.Contains(m, "/api/v1/benchmarks") {
				t.Errorf("documented but never answered: %s", m)
			}
		}
	})
}

// A `none` tier (不予处罚, 处罚法 Art. 30, 31, 33) sent as "fine_min_fen": 0,
// "fine_max_fen": 0 — a shape the spec allows — is accepted and stored as
// "no fine", so the same body with the fields left out replays it; any
// other fine on `none` is still refused.
func TestAPIBenchmarkNoneTierZeroFine(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		w := webtest.SetupAPIWorld(t, e)
		prov := e.Token(auth.RoleIntegration, "370000", "")
		path := "/api/v1/benchmarks/" + w.M102
		var b thBenchmark
		e.Put(path, prov, webtest.BenchBody("2024-01-01", webtest.Tier("none", 0, 0), webtest.Tier("ordinary", 100000, 500000)), http.StatusCreated).Decode(t, &b)
		if len(b.Versions) != 1 || len(b.Versions[0].Tiers) != 2 {
			t.Fatalf("created = %+v", b)
		}
		if n := b.Versions[0].Tiers[0]; n.Tier != "none" || n.FineMinFen != nil || n.FineMaxFen != nil {
			t.Errorf("none tier = %+v, want no fine (null/null)", n)
		}
		absent := webtest.BenchBody("2024-01-01", map[string]any{"tier": "none", "conditions": "none情形"}, webtest.Tier("ordinary", 100000, 500000))
		e.Put(path, prov, absent, http.StatusOK)
		if nv, na := thBenchCount(t, db); nv != 1 || na != 1 {
			t.Errorf("absent after 0/0: %d versions, %d audit rows; want the same version unchanged", nv, na)
		}
		for _, tr := range []map[string]any{webtest.Tier("none", 0, 100), webtest.Tier("none", 100, 100)} {
			er := e.Put(path, prov, webtest.BenchBody("2024-02-01", tr), http.StatusBadRequest).APIErr(t)
			if er.Code != "invalid" || !strings.Contains(er.Fields["tiers[0].fine_max_fen"], "不予处罚") {
				t.Errorf("none tier %v: %+v, want refused", tr, er)
			}
		}
	})
}
