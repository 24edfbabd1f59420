package cases

import (
	"context"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// TestStatutoryRules runs statutoryTable (FINE_OUT_OF_RANGE against the
// matter's statutory range, each row with its article) on the pure engine.
func TestStatutoryRules(t *testing.T) {
	for _, r := range statutoryTable {
		t.Run(r.name, func(t *testing.T) {
			c, k := prepareRow(t, r)
			checkRow(t, r, asRead(Judge(c, rowEnv(k)).Warnings, k.today))
		})
	}
}

// loadStatutory reads what registry.PutMatter stored, on both engines: the
// range, its article (the matter's legal basis when no statutory_basis is
// given), and nil for a matter without a range or an unknown matter.
func TestLoadStatutory(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		root := &auth.Principal{ID: 1, Name: "系统管理员", Role: auth.RoleAdmin}
		ag := &registry.Agency{Code: baseCase().AgencyCode, Name: "历下区市场监督管理局", Kind: "enforcement", RegionCode: "370102"}
		if _, err := registry.PutAgency(ctx, db, root, ag); err != nil {
			t.Fatal(err)
		}
		want := art124()
		put := func(code, basis string, s registry.StatutoryFine) {
			t.Helper()
			m := &registry.Matter{Code: code, Name: "对生产经营超过保质期的食品的行政处罚", Kind: "penalty", LegalBasis: basis,
				AgencyCodes: []string{ag.Code}, StatutoryFine: s}
			if _, err := registry.PutMatter(ctx, db, root, m); err != nil {
				t.Fatal(err)
			}
		}
		put("M-124", "《中华人民共和国食品安全法》第三十四条第（十）项、第一百二十四条第一款第（五）项", registry.StatutoryFine{
			StatutoryFineMinFen: want.MinFen, StatutoryFineMaxFen: want.MaxFen, StatutoryMultipleMin: want.MultipleMin,
			StatutoryMultipleMax: want.MultipleMax, StatutoryMultipleOf: want.MultipleOf, StatutoryMultipleFromFen: want.MultipleFromFen,
			StatutoryBasis: want.Basis})
		put("M-126", "《中华人民共和国食品安全法》第一百二十六条第一款", registry.StatutoryFine{
			StatutoryFineMinFen: ptr(int64(500_000)), StatutoryFineMaxFen: ptr(int64(5_000_000))})
		put("M-NONE", "《中华人民共和国食品安全法》第一百二十二条", registry.StatutoryFine{})

		got, err := loadStatutory(ctx, db.R, "M-124")
		if err != nil || got == nil {
			t.Fatalf("M-124: %+v, %v", got, err)
		}
		if *got.MinFen != *want.MinFen || *got.MaxFen != *want.MaxFen || *got.MultipleMin != 10 || *got.MultipleMax != 20 ||
			got.MultipleOf != "goods_value" || *got.MultipleFromFen != 1_000_000 || got.Basis != want.Basis {
			t.Errorf("M-124 = %+v", got)
		}
		got, err = loadStatutory(ctx, db.R, "M-126")
		if err != nil || got == nil || *got.MinFen != 500_000 || got.MultipleMin != nil || got.MultipleFromFen != nil ||
			got.Basis != "《中华人民共和国食品安全法》第一百二十六条第一款" {
			t.Errorf("M-126 (basis from legal_basis) = %+v, %v", got, err)
		}
		for _, code := range []string{"M-NONE", "NO-SUCH"} {
			if got, err := loadStatutory(ctx, db.R, code); err != nil || got != nil {
				t.Errorf("%s = %+v, %v; want nil", code, got, err)
			}
		}
	})
}
