package registry_test

import (
	"encoding/json"
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

func i64p(n int64) *int64     { return &n }
func f64p(v float64) *float64 { return &v }

// 食品安全法 Art. 124 第一款: 货值金额不足一万元的，并处五万元以上十万元以下罚款；
// 货值金额一万元以上的，并处货值金额十倍以上二十倍以下罚款.
func art124() registry.StatutoryFine {
	return registry.StatutoryFine{StatutoryFineMinFen: i64p(5_000_000), StatutoryFineMaxFen: i64p(10_000_000),
		StatutoryMultipleMin: f64p(10), StatutoryMultipleMax: f64p(20), StatutoryMultipleOf: "goods_value",
		StatutoryMultipleFromFen: i64p(1_000_000), StatutoryBasis: "《中华人民共和国食品安全法》第一百二十四条第一款"}
}

// The range is stored, read back, listed, versioned and audited on both
// engines; an identical PUT changes nothing.
func TestPutMatterStatutoryRange(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		a := uscc(t, "370102", 1)
		putAgency(t, db, admin, newAgency(a, "历下区市场监督管理局", "370102"))
		base := func() *registry.Matter {
			return &registry.Matter{Code: "370102-SC-CF-0003", Name: "对生产经营超过保质期的食品的行政处罚", Kind: "penalty",
				LegalBasis: "《中华人民共和国食品安全法》第三十四条第（十）项、第一百二十四条第一款第（五）项", AgencyCodes: []string{a}}
		}
		putMatter(t, db, admin, base())
		m := base()
		m.StatutoryFine = art124()
		if created, err := registry.PutMatter(ctx, db, admin, m); err != nil || created {
			t.Fatalf("set range: created=%v err=%v", created, err)
		}
		got, err := registry.GetMatter(ctx, db, admin, m.Code)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 2 {
			t.Errorf("version %d after setting the range, want 2", got.Version)
		}
		want, _ := json.Marshal(art124())
		if b, _ := json.Marshal(got.StatutoryFine); string(b) != string(want) {
			t.Errorf("read back %s, want %s", b, want)
		}
		if a := lastAudit(t, db); !strings.Contains(a.After, `"statutory_multiple_of":"goods_value"`) || !strings.Contains(a.Before, `"statutory_fine_min_fen":null`) {
			t.Errorf("audit before %s after %s", a.Before, a.After)
		}
		before := snapshot(t, db)
		m = base()
		m.StatutoryFine = art124()
		m.StatutoryMultipleOf = " goods_value " // normalized
		if _, err := registry.PutMatter(ctx, db, admin, m); err != nil {
			t.Fatal(err)
		}
		unchanged(t, db, before, "an identical statutory range")

		list, err := registry.ListMatters(ctx, db, admin, &registry.MatterFilter{})
		if err != nil || len(list) != 1 || list[0].StatutoryMultipleMax == nil || *list[0].StatutoryMultipleMax != 20 {
			t.Fatalf("list: %v %+v", err, list)
		}

		// A fractional multiple survives both engines exactly (产品质量法
		// Art. 50: 货值金额百分之五十以上三倍以下).
		m = base()
		m.StatutoryFine = registry.StatutoryFine{StatutoryMultipleMin: f64p(0.5), StatutoryMultipleMax: f64p(3), StatutoryMultipleOf: "goods_value"}
		putMatter(t, db, admin, m)
		got, _ = registry.GetMatter(ctx, db, admin, m.Code)
		if got.Version != 3 || *got.StatutoryMultipleMin != 0.5 || got.StatutoryFineMinFen != nil || got.StatutoryMultipleFromFen != nil {
			t.Errorf("multiples only: %+v", got.StatutoryFine)
		}

		// Removing the range (a full replace without it) is a change.
		putMatter(t, db, admin, base())
		got, _ = registry.GetMatter(ctx, db, admin, m.Code)
		if got.Version != 4 || got.IsSet() {
			t.Errorf("range removed: version %d, %+v", got.Version, got.StatutoryFine)
		}
	})
}

func TestPutMatterStatutoryValidation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		a := uscc(t, "370102", 1)
		putAgency(t, db, admin, newAgency(a, "历下区市场监督管理局", "370102"))
		for _, c := range []struct {
			name     string
			edit     func(m *registry.Matter)
			field    string
			contains string
		}{
			{"negative minimum", func(m *registry.Matter) { m.StatutoryFineMinFen = i64p(-1) }, "statutory_fine_min_fen", "法定罚款下限"},
			{"negative maximum", func(m *registry.Matter) { m.StatutoryFineMaxFen = i64p(-1) }, "statutory_fine_max_fen", "法定罚款上限"},
			{"minimum above maximum", func(m *registry.Matter) {
				m.StatutoryFineMinFen, m.StatutoryFineMaxFen = i64p(10_000_000), i64p(5_000_000)
			}, "statutory_fine_max_fen", "不能低于下限"},
			{"negative multiple", func(m *registry.Matter) {
				m.StatutoryMultipleMin, m.StatutoryMultipleOf = f64p(-1), "goods_value"
			}, "statutory_multiple_min", "倍数下限"},
			{"multiple minimum above maximum", func(m *registry.Matter) {
				m.StatutoryMultipleMin, m.StatutoryMultipleMax, m.StatutoryMultipleOf = f64p(20), f64p(10), "illegal_income"
			}, "statutory_multiple_max", "不能低于下限"},
			{"multiples without their base", func(m *registry.Matter) { m.StatutoryMultipleMin, m.StatutoryMultipleMax = f64p(1), f64p(3) },
				"statutory_multiple_of", "货值金额"},
			{"unknown base", func(m *registry.Matter) { m.StatutoryMultipleMax, m.StatutoryMultipleOf = f64p(3), "turnover" },
				"statutory_multiple_of", "倍数基数"},
			{"base without multiples", func(m *registry.Matter) { m.StatutoryMultipleOf = "goods_value" }, "statutory_multiple_of", "未填写法定罚款倍数"},
			{"switch point without multiples", func(m *registry.Matter) { m.StatutoryMultipleFromFen = i64p(1_000_000) },
				"statutory_multiple_from_fen", "倍数适用起点"},
			{"negative switch point", func(m *registry.Matter) { m.StatutoryFine = art124(); m.StatutoryMultipleFromFen = i64p(-5) },
				"statutory_multiple_from_fen", "倍数适用起点"},
			{"range on an inspection matter", func(m *registry.Matter) { m.Kind = "inspection"; m.StatutoryFine = art124() },
				"statutory_fine_min_fen", "行政处罚事项"},
			{"basis too long", func(m *registry.Matter) { m.StatutoryBasis = strings.Repeat("条", 1001) }, "statutory_basis", "1000"},
		} {
			t.Run(c.name, func(t *testing.T) {
				before := snapshot(t, db)
				m := &registry.Matter{Code: "NEW", Name: "对无证经营的处罚", Kind: "penalty", AgencyCodes: []string{a}}
				c.edit(m)
				_, err := registry.PutMatter(ctx, db, admin, m)
				wantInvalid(t, err, c.field)
				if msg := apperr.As(err).Fields[c.field]; !strings.Contains(msg, c.contains) {
					t.Errorf("%s: %q lacks %q", c.field, msg, c.contains)
				}
				unchanged(t, db, before, "an invalid statutory range")
			})
		}
	})
}

// An xlsx/CSV import, whose template has no statutory columns, keeps the
// range a matter has.
func TestImportMattersKeepsStatutoryRange(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		fx := impNewFixture(t, db)
		m := &registry.Matter{Code: "M-1", Name: "对生产经营超过保质期的食品的行政处罚", Kind: "penalty", AgencyCodes: []string{fx.Lixia},
			StatutoryFine: art124()}
		putMatter(t, db, impAdmin, m)
		res := impMatters(t, db, impAdmin, "事项.csv", impCSV(t, impMatterHead,
			[]string{"M-1", "对生产经营超过保质期的食品、食品添加剂的行政处罚", "行政处罚", "市场监管", "《中华人民共和国食品安全法》第一百二十四条", "", fx.Lixia, ""}))
		impWantCounts(t, res, 1, 0, 1, 0)
		got, err := registry.GetMatter(ctx, db, impAdmin, "M-1")
		if err != nil {
			t.Fatal(err)
		}
		if b, w := got.StatutoryText(), art124().StatutoryText(); b != w || b == "" {
			t.Errorf("after import %q, want %q", b, w)
		}
	})
}

func TestStatutoryText(t *testing.T) {
	for _, c := range []struct {
		s    registry.StatutoryFine
		want string
	}{
		{registry.StatutoryFine{}, ""},
		// 食品安全法 Art. 126 第一款: 五千元以上五万元以下
		{registry.StatutoryFine{StatutoryFineMinFen: i64p(500_000), StatutoryFineMaxFen: i64p(5_000_000)}, "5000元以上50000元以下"},
		{art124(), "货值金额不足10000元的，50000元以上100000元以下；货值金额10000元以上的，货值金额10倍以上20倍以下"},
		// 产品质量法 Art. 49: 货值金额等值以上三倍以下
		{registry.StatutoryFine{StatutoryMultipleMin: f64p(1), StatutoryMultipleMax: f64p(3), StatutoryMultipleOf: "goods_value"}, "货值金额1倍以上3倍以下"},
		{registry.StatutoryFine{StatutoryFineMaxFen: i64p(5_000_000), StatutoryMultipleMin: f64p(1), StatutoryMultipleMax: f64p(5), StatutoryMultipleOf: "illegal_income"},
			"有违法所得的，违法所得1倍以上5倍以下；没有违法所得的，50000元以下"},
	} {
		if got := c.s.StatutoryText(); got != c.want {
			t.Errorf("StatutoryText() = %q, want %q", got, c.want)
		}
	}
}
