package ruleweb_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

type rule struct {
	Code    string           `json:"code"`
	Kind    string           `json:"kind"`
	Enabled bool             `json:"enabled"`
	Params  map[string]int64 `json:"params"`
	SetIn   string           `json:"set_in"`
	Version int64            `json:"version"`
}

func find(t *testing.T, l webtest.List[rule], code string) rule {
	t.Helper()
	i := slices.IndexFunc(l.Items, func(r rule) bool { return r.Code == code })
	if i < 0 {
		t.Fatalf("no rule %s in %+v", code, l.Items)
	}
	return l.Items[i]
}

// bigFine is a decided case of agency with a fine, discussed or not.
func bigFine(w *webtest.APIWorld, fen int64, discussed bool) map[string]any {
	b := webtest.CaseBody(w.A102, "370102", w.M102, []string{w.Off102, w.Off102})
	evs := b["events"].([]map[string]any)
	evs[2]["penalties"] = []map[string]any{{"kind": "fine", "amount_fen": fen}}
	if discussed {
		b["events"] = append(evs, map[string]any{"type": "collective_discussion", "at": "2024-05-30"})
	}
	return b
}

const bigFineExpr = `case.events.exists(e, e.type == "decided" && has(e.penalties) && e.penalties.exists(p, p.kind == "fine" && p.amount_fen >= 5000000)) && !case.events.exists(e, e.type == "collective_discussion")`

// The settings API: a city's setting binds its counties (loosening is a
// 400 naming the city), a county may tighten it, and the list says where
// each rule's setting comes from.
func TestAPIRuleSettings(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		city, county := e.Token(auth.RoleSupervisor, "370100", ""), e.Token(auth.RoleSupervisor, "370102", "")
		var l webtest.List[rule]
		e.Get("/api/v1/rules?region_code=370102&page_size=100", county, http.StatusOK).Decode(t, &l)
		if r := find(t, l, "DECISION_OVERDUE"); l.Total < 30 || !r.Enabled || r.Params["lead_workdays"] != 0 || r.SetIn != "" || r.Kind != "builtin" {
			t.Fatalf("defaults: %d %+v", l.Total, r)
		}
		e.Put("/api/v1/rules/DECISION_OVERDUE/settings/370100", city, map[string]any{"enabled": true, "params": map[string]any{"lead_workdays": 3}}, http.StatusCreated)
		before := webtest.Counts(t, db)
		for field, b := range map[string]map[string]any{
			"params.lead_workdays": {"enabled": true, "params": map[string]any{"lead_workdays": 1}},
			"enabled":              {"enabled": false},
		} {
			er := e.Put("/api/v1/rules/DECISION_OVERDUE/settings/370102", county, b, http.StatusBadRequest).APIErr(t)
			if !strings.Contains(er.Fields[field], "济南市") {
				t.Errorf("loosening %s: %+v", field, er)
			}
		}
		e.Put("/api/v1/rules/DECISION_OVERDUE/settings/370102", county, map[string]any{"params": map[string]any{"lead_workdays": 5}}, http.StatusBadRequest)
		e.Put("/api/v1/rules/DECISION_OVERDUE/settings/370100", county, map[string]any{"enabled": true}, http.StatusForbidden)
		e.Put("/api/v1/rules/DECISION_OVERDUE/settings/370102", e.Token(auth.RoleOfficer, "370102", ""), map[string]any{"enabled": true}, http.StatusForbidden)
		e.Put("/api/v1/rules/NO_SUCH/settings/370102", county, map[string]any{"enabled": true}, http.StatusNotFound)
		webtest.SameCounts(t, db, before, "refused settings")
		e.Put("/api/v1/rules/DECISION_OVERDUE/settings/370102", county, map[string]any{"enabled": true, "params": map[string]any{"lead_workdays": 5}}, http.StatusCreated)
		e.Put("/api/v1/rules/DECISION_OVERDUE/settings/370102", county, map[string]any{"enabled": true, "params": map[string]any{"lead_workdays": 6}}, http.StatusOK)
		e.Get("/api/v1/rules?region_code=370102&page_size=100", county, http.StatusOK).Decode(t, &l)
		if r := find(t, l, "DECISION_OVERDUE"); r.Params["lead_workdays"] != 6 || r.SetIn != "370102" || r.Version != 2 {
			t.Errorf("county: %+v", r)
		}
		e.Get("/api/v1/rules?region_code=370103&page_size=100", city, http.StatusOK).Decode(t, &l)
		if r := find(t, l, "DECISION_OVERDUE"); r.Params["lead_workdays"] != 3 || r.SetIn != "370100" {
			t.Errorf("other county: %+v", r)
		}
		e.Get("/api/v1/rules", city, http.StatusBadRequest)
		e.Get("/api/v1/rules?region_code=370200", county, http.StatusNotFound)
	})
}

type dryRun struct {
	Count   int `json:"count"`
	Matches []struct {
		CaseID       int64  `json:"case_id"`
		SourceSystem string `json:"source_system"`
		SourceID     string `json:"source_id"`
	} `json:"matches"`
}

type customRule struct {
	Code    string `json:"code"`
	Version int64  `json:"version"`
	Enabled bool   `json:"enabled"`
	Applied bool   `json:"applied"`
}

// A custom rule through the API: refusals with the field (and the error's
// position), a dry run, the rule enabled flags exactly the dry run's cases
// (their warnings listed with rule = its code and its severity), versions.
func TestAPICustomRules(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		w := webtest.SetupAPIWorld(t, e)
		for i, fen := range []int64{6_000_000, 100_000, 5_000_000, 7_000_000} {
			e.Put(fmt.Sprintf("/api/v1/cases/sc/%d", i), w.City, bigFine(w, fen, i == 3), http.StatusCreated)
		}
		city := e.Token(auth.RoleSupervisor, "370100", "")
		body := func(expr string, on bool) map[string]any {
			return map[string]any{"name": "大额罚款未集体讨论", "region_code": "370100", "severity": "red", "expression": expr,
				"basis": "《行政处罚法》第五十七条第二款", "enabled": on}
		}
		before := webtest.Counts(t, db)
		for _, c := range []struct {
			code, expr, field, want string
		}{
			{"BIG_FINE", "case.procedure ==", "expression", "第1行第18列"},
			{"BIG_FINE", "case.facts.case_amount_fen + 1", "expression", "布尔值"},
			{"DOUBLE_FINE", "true", "code", "内置规则"},
			{"x1", "true", "code", "大写字母"},
		} {
			er := e.Put("/api/v1/rules/custom/"+c.code, city, body(c.expr, true), http.StatusBadRequest).APIErr(t)
			if !strings.Contains(er.Fields[c.field], c.want) {
				t.Errorf("%s %q: %+v", c.code, c.expr, er)
			}
		}
		e.Put("/api/v1/rules/custom/BIG_FINE", e.Token(auth.RoleIntegration, "370100", ""), body("true", true), http.StatusForbidden)
		var d dryRun
		e.Call("POST", "/api/v1/rules/custom/dry-run", city, map[string]any{"region_code": "370100", "expression": bigFineExpr}, http.StatusOK).Decode(t, &d)
		e.Call("POST", "/api/v1/rules/custom/dry-run", city, map[string]any{"region_code": "370100", "expression": "1"}, http.StatusBadRequest)
		webtest.SameCounts(t, db, before, "refusals and the dry run")
		var named []string
		for _, m := range d.Matches {
			named = append(named, m.SourceID)
		}
		if d.Count != 2 || !slices.Equal(named, []string{"0", "2"}) {
			t.Fatalf("dry run %+v", d)
		}
		var r customRule
		e.Put("/api/v1/rules/custom/BIG_FINE", city, body(bigFineExpr, true), http.StatusCreated).Decode(t, &r)
		if r.Version != 1 || !r.Enabled || !r.Applied {
			t.Fatalf("saved %+v", r)
		}
		var ws webtest.List[struct {
			Rule     string `json:"rule"`
			Severity string `json:"severity"`
			SourceID string `json:"source_id"`
		}]
		e.Get("/api/v1/warnings?rule=BIG_FINE", city, http.StatusOK).Decode(t, &ws)
		var got []string
		for _, x := range ws.Items {
			if x.Severity != "red" {
				t.Errorf("severity %+v", x)
			}
			got = append(got, x.SourceID)
		}
		slices.Sort(got)
		if !slices.Equal(got, named) {
			t.Fatalf("flagged %v, the dry run named %v", got, named)
		}
		e.Put("/api/v1/rules/custom/BIG_FINE", city, body(bigFineExpr, false), http.StatusOK).Decode(t, &r)
		var vs struct {
			Versions []customRule `json:"versions"`
		}
		e.Get("/api/v1/rules/custom/BIG_FINE/versions", city, http.StatusOK).Decode(t, &vs)
		if len(vs.Versions) != 2 || vs.Versions[0].Version != 2 || vs.Versions[0].Enabled || !vs.Versions[1].Enabled {
			t.Fatalf("versions %+v", vs)
		}
		e.Get("/api/v1/rules/custom/BIG_FINE", city, http.StatusOK).Decode(t, &r)
		e.Get("/api/v1/rules/custom/BIG_FINE", e.Token(auth.RoleSupervisor, "370200", ""), http.StatusNotFound)
		e.Get("/api/v1/rules/custom/NOPE", city, http.StatusNotFound)
		// A social supervisor reads the built-in rules, not what supervision watches for.
		social := e.Token(auth.RoleSocial, "370100", "")
		e.Get("/api/v1/rules/custom/BIG_FINE", social, http.StatusNotFound)
		var l webtest.List[rule]
		e.Get("/api/v1/rules?region_code=370102&page_size=100", social, http.StatusOK).Decode(t, &l)
		if slices.ContainsFunc(l.Items, func(r rule) bool { return r.Kind == "custom" }) || len(l.Items) < 30 {
			t.Errorf("social supervisor's list: %+v", l.Items)
		}
		e.Get("/api/v1/rules?region_code=370102&page_size=100", city, http.StatusOK).Decode(t, &l)
		if !slices.ContainsFunc(l.Items, func(r rule) bool { return r.Code == "BIG_FINE" && r.Kind == "custom" && r.Version == 2 }) {
			t.Errorf("supervisor's list lacks the custom rule: %+v", l.Items)
		}
		e.Get("/api/v1/warnings?rule=BIG_FINE&status=open", city, http.StatusOK).Decode(t, &ws)
		if len(ws.Items) != 0 {
			t.Fatalf("disabled, still open: %+v", ws.Items)
		}
	})
}
