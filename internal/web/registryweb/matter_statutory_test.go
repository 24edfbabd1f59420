package registryweb_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

// thMatterStatutory is the statutory range part of a matter on the wire.
type thMatterStatutory struct {
	Version                  int      `json:"version"`
	StatutoryFineMinFen      *int64   `json:"statutory_fine_min_fen"`
	StatutoryFineMaxFen      *int64   `json:"statutory_fine_max_fen"`
	StatutoryMultipleMin     *float64 `json:"statutory_multiple_min"`
	StatutoryMultipleMax     *float64 `json:"statutory_multiple_max"`
	StatutoryMultipleOf      string   `json:"statutory_multiple_of"`
	StatutoryMultipleFromFen *int64   `json:"statutory_multiple_from_fen"`
	StatutoryBasis           string   `json:"statutory_basis"`
}

// 食品安全法 Art. 124 第一款 as a statutory range on PUT /api/v1/matters/{code}:
// stored, answered (validated against openapi.yaml), replayed without a
// change, and refused with the field named when inconsistent.
func TestAPIMatterStatutoryRange(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		tok := e.Token(auth.RoleIntegration, "370102", "")
		a1 := webtest.USCC(t, "370102", 1)
		e.Put("/api/v1/agencies/"+a1, tok, webtest.AgencyBody("历下区市场监管局", "370102"), http.StatusCreated)
		path := "/api/v1/matters/SC-FOOD-124"
		body := map[string]any{"name": "对生产经营超过保质期的食品的行政处罚", "kind": "penalty",
			"legal_basis": "《中华人民共和国食品安全法》第三十四条第（十）项、第一百二十四条第一款第（五）项", "agency_codes": []string{a1},
			"statutory_fine_min_fen": 5000000, "statutory_fine_max_fen": 10000000, "statutory_multiple_min": 10, "statutory_multiple_max": 20,
			"statutory_multiple_of": "goods_value", "statutory_multiple_from_fen": 1000000,
			"statutory_basis": "《中华人民共和国食品安全法》第一百二十四条第一款"}
		r := e.Put(path, tok, body, http.StatusCreated)
		var m thMatterStatutory
		r.Decode(t, &m)
		if m.StatutoryFineMinFen == nil || *m.StatutoryFineMinFen != 5000000 || *m.StatutoryFineMaxFen != 10000000 ||
			*m.StatutoryMultipleMin != 10 || *m.StatutoryMultipleMax != 20 || m.StatutoryMultipleOf != "goods_value" ||
			*m.StatutoryMultipleFromFen != 1000000 || m.StatutoryBasis != body["statutory_basis"] {
			t.Errorf("created = %s", r.Body)
		}
		before := webtest.Counts(t, db)
		if again := e.Put(path, tok, body, http.StatusOK); string(again.Body) != string(r.Body) {
			t.Errorf("replay answered %s, want %s", again.Body, r.Body)
		}
		webtest.SameCounts(t, db, before, "identical statutory range replay")

		// The fields are optional: a body without them clears the range.
		plain := map[string]any{"name": body["name"], "kind": "penalty", "legal_basis": body["legal_basis"], "agency_codes": []string{a1}}
		var got thMatterStatutory
		e.Put(path, tok, plain, http.StatusOK).Decode(t, &got)
		if got.Version != 2 || got.StatutoryFineMinFen != nil || got.StatutoryMultipleMin != nil || got.StatutoryMultipleOf != "" {
			t.Errorf("without the fields = %+v", got)
		}

		for _, c := range []struct {
			name  string
			edit  map[string]any
			field string
			want  string
		}{
			{"min above max", map[string]any{"statutory_fine_min_fen": 200, "statutory_fine_max_fen": 100}, "statutory_fine_max_fen", "不能低于下限"},
			{"negative", map[string]any{"statutory_fine_min_fen": -1}, "statutory_fine_min_fen", "不小于0"},
			{"multiples without base", map[string]any{"statutory_multiple_min": 1, "statutory_multiple_max": 3}, "statutory_multiple_of", "货值金额"},
			{"multiple min above max", map[string]any{"statutory_multiple_min": 5, "statutory_multiple_max": 1, "statutory_multiple_of": "illegal_income"},
				"statutory_multiple_max", "不能低于下限"},
		} {
			b := map[string]any{}
			for k, v := range plain {
				b[k] = v
			}
			for k, v := range c.edit {
				b[k] = v
			}
			er := e.Put(path, tok, b, http.StatusBadRequest).APIErr(t)
			if er.Code != "invalid" || !strings.Contains(er.Fields[c.field], c.want) {
				t.Errorf("%s: %+v, want %s containing %q", c.name, er, c.field, c.want)
			}
		}
	})
}

// The matter form edits the range in 元 and multiples; the page shows it.
func TestUIMatterStatutoryRange(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		webtest.RoleAccount(t, db, "matter_admin", auth.RoleAdmin)
		b := e.Browser(t)
		b.Login("matter_admin", webtest.RolePassword)
		a1 := webtest.USCC(t, "370102", 1)
		if _, err := registry.PutAgency(webtest.Ctx, db, &auth.Principal{ID: 1, Name: "系统管理员", Role: auth.RoleAdmin},
			&registry.Agency{Code: a1, Name: "历下区市场监督管理局", Kind: "enforcement", RegionCode: "370102"}); err != nil {
			t.Fatal(err)
		}
		form := url.Values{"code": {"SC-FOOD-124"}, "name": {"对生产经营超过保质期的食品的行政处罚"}, "kind": {"penalty"},
			"legal_basis": {"《中华人民共和国食品安全法》第一百二十四条第一款第（五）项"}, "agency_codes": {a1},
			"statutory_fine_min": {"50000"}, "statutory_fine_max": {"100000"}, "statutory_multiple_of": {"goods_value"},
			"statutory_multiple_min": {"10"}, "statutory_multiple_max": {"20"}, "statutory_multiple_from": {"10000"},
			"statutory_basis": {"《中华人民共和国食品安全法》第一百二十四条第一款"}}
		if p := b.Post("/matters/new", form); p.Status != http.StatusSeeOther {
			t.Fatalf("create: %d\n%s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		p := b.Get("/matters/SC-FOOD-124")
		if txt := webtest.Text(p.Doc.Find("dl.facts")); !strings.Contains(txt, "货值金额不足10000元的，50000元以上100000元以下；货值金额10000元以上的，货值金额10倍以上20倍以下（《中华人民共和国食品安全法》第一百二十四条第一款）") {
			t.Errorf("matter page: %s", txt)
		}
		edit := b.Get("/matters/SC-FOOD-124/edit")
		for name, want := range map[string]string{"statutory_fine_min": "50000.00", "statutory_multiple_max": "20", "statutory_multiple_from": "10000.00"} {
			if v := edit.Doc.Find(`input[name="`+name+`"]`).AttrOr("value", ""); v != want {
				t.Errorf("edit form %s = %q, want %q", name, v, want)
			}
		}
		if v := edit.Doc.Find(`select[name="statutory_multiple_of"] option[selected]`).AttrOr("value", ""); v != "goods_value" {
			t.Errorf("edit form base = %q", v)
		}
		// A bad amount and multiples without a base come back on the form, as typed.
		form.Set("statutory_fine_max", "十万")
		form.Set("statutory_multiple_of", "")
		p = b.Post("/matters/SC-FOOD-124/edit", form)
		if p.Status != http.StatusBadRequest && p.Status != http.StatusUnprocessableEntity {
			t.Fatalf("invalid edit: %d", p.Status)
		}
		if errs := webtest.Text(p.Doc.Find(".field-error")); !strings.Contains(errs, "金额应为元") {
			t.Errorf("invalid edit errors: %s", errs)
		}
		if v := p.Doc.Find(`input[name="statutory_fine_max"]`).AttrOr("value", ""); v != "十万" {
			t.Errorf("typed amount not kept: %q", v)
		}
		m, err := registry.GetMatter(webtest.Ctx, db, &auth.Principal{ID: 1, Role: auth.RoleAdmin}, "SC-FOOD-124")
		if err != nil || m.StatutoryFineMaxFen == nil || *m.StatutoryFineMaxFen != 10_000_000 {
			t.Errorf("stored after the invalid edit: %+v %v", m, err)
		}
	})
}
