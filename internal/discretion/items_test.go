package discretion_test

import (
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/discretion"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// The four lists (处罚法 Art. 32, 33; 优化营商环境条例 Art. 59): CRUD inside
// scope, reads for every role, the public query, and matching the facts.
func TestListItems(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := setup(t, db)
		first := &discretion.Item{Kind: discretion.ListNoPenalty, MatterCode: w.m102, RegionCode: "370000",
			Title: "首次未按规定建立进货查验记录", ViolationBasis: "《中华人民共和国食品安全法》第五十三条",
			PenaltyBasis: "《中华人民共和国食品安全法》第一百二十六条", Conditions: []string{"初次违法", " ", "危害后果轻微", "在责令改正期限内改正"},
			Criteria: discretion.Criteria{FirstOffense: bptr(true), HarmMax: "slight", CorrectionDays: 15}, Measures: []string{"correct", "educate", "correct"},
			EffectiveFrom: "2024-01-01"}
		if err := discretion.SaveItem(ctx, db, admin, first); err != nil {
			t.Fatalf("SaveItem: %v %v", err, apperr.As(err).Fields)
		}
		if first.ID == 0 || len(first.Conditions) != 3 || len(first.Measures) != 2 || !*first.Criteria.Corrected {
			t.Errorf("normalized item = %+v", first)
		}
		county := &auth.Principal{Name: "历下区管理员", Role: auth.RoleAgencyAdmin, Region: "370102", Agency: w.a102}
		minor := &discretion.Item{Kind: discretion.ListLighter, MatterCode: w.m102, Title: "未成年人初次违法",
			Criteria: discretion.Criteria{Minor: bptr(true)}, EffectiveFrom: "2024-01-01", EffectiveTo: "2024-12-31"}
		if err := discretion.SaveItem(ctx, db, county, minor); err != nil || minor.RegionCode != "370102" {
			t.Fatalf("county SaveItem: %v, region %q", err, minor.RegionCode)
		}
		coercion := &discretion.Item{Kind: discretion.ListNoCoercion, MatterCode: w.m103, RegionCode: "370103", Title: "情节轻微的，可以不实施查封扣押",
			Conditions: []string{"违法行为情节轻微或者社会危害较小"}, EffectiveFrom: "2024-01-01"}
		if err := discretion.SaveItem(ctx, db, admin, coercion); err != nil {
			t.Fatal(err)
		}

		// Validation and scope; nothing written.
		before := count(t, db, `SELECT COUNT(*) FROM discretion_items`)
		for _, c := range []struct {
			name string
			p    *auth.Principal
			it   discretion.Item
			code string
			fld  string
		}{
			{"bad kind", admin, discretion.Item{Kind: "maybe", MatterCode: w.m102, RegionCode: "370000", Title: "x", Conditions: []string{"y"}, EffectiveFrom: "2024-01-01"}, apperr.Invalid, "kind"},
			{"no title", admin, discretion.Item{Kind: "lighter", MatterCode: w.m102, RegionCode: "370000", Conditions: []string{"y"}, EffectiveFrom: "2024-01-01"}, apperr.Invalid, "title"},
			{"no conditions", admin, discretion.Item{Kind: "lighter", MatterCode: w.m102, RegionCode: "370000", Title: "x", EffectiveFrom: "2024-01-01"}, apperr.Invalid, "conditions"},
			{"to before from", admin, discretion.Item{Kind: "lighter", MatterCode: w.m102, RegionCode: "370000", Title: "x", Conditions: []string{"y"}, EffectiveFrom: "2024-01-01", EffectiveTo: "2023-01-01"}, apperr.Invalid, "effective_to"},
			{"unknown matter", admin, discretion.Item{Kind: "lighter", MatterCode: "NO-SUCH", RegionCode: "370000", Title: "x", Conditions: []string{"y"}, EffectiveFrom: "2024-01-01"}, apperr.Invalid, "matter_code"},
			{"county sets for the city", county, discretion.Item{Kind: "lighter", MatterCode: w.m102, RegionCode: "370100", Title: "x", Conditions: []string{"y"}, EffectiveFrom: "2024-01-01"}, apperr.Forbidden, ""},
			{"officer", &auth.Principal{Role: auth.RoleOfficer, Region: "370102", Agency: w.a102}, discretion.Item{Kind: "lighter", MatterCode: w.m102, Title: "x", Conditions: []string{"y"}, EffectiveFrom: "2024-01-01"}, apperr.Forbidden, ""},
		} {
			it := c.it
			err := discretion.SaveItem(ctx, db, c.p, &it)
			if e := apperr.As(err); e.Code != c.code || (c.fld != "" && e.Fields[c.fld] == "") {
				t.Errorf("%s: %v %v", c.name, err, e.Fields)
			}
		}
		// The county cannot change the province's item.
		prov := *first
		prov.Title = "改"
		if err := discretion.SaveItem(ctx, db, county, &prov); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("county edits province item: %v", err)
		}
		if err := discretion.DeleteItem(ctx, db, county, first.ID); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("county deletes province item: %v", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM discretion_items`); n != before {
			t.Errorf("refused saves wrote: %d → %d", before, n)
		}

		// Reads: every role sees items set inside or above its jurisdiction.
		officer := &auth.Principal{Role: auth.RoleOfficer, Region: "370102", Agency: w.a102}
		titles := func(p *auth.Principal, f discretion.ItemFilter) string {
			list, err := discretion.ListItems(ctx, db, p, &f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, it := range list {
				out = append(out, it.Title)
			}
			return strings.Join(out, "|")
		}
		if got := titles(officer, discretion.ItemFilter{}); got != "首次未按规定建立进货查验记录|未成年人初次违法" {
			t.Errorf("officer sees %s", got)
		}
		if got := titles(officer, discretion.ItemFilter{Kind: "lighter"}); got != "未成年人初次违法" {
			t.Errorf("officer lighter list: %s", got)
		}
		if got := titles(&auth.Principal{Role: auth.RoleSocial, Region: "370100"}, discretion.ItemFilter{Q: "查封"}); got != coercion.Title {
			t.Errorf("social supervisor search: %s", got)
		}
		if got := titles(nil, discretion.ItemFilter{On: "2025-06-01"}); got != "首次未按规定建立进货查验记录|"+coercion.Title {
			t.Errorf("public in force 2025-06-01: %s", got)
		}
		pub, err := discretion.PublicItems(ctx, db, &discretion.ItemFilter{Kind: discretion.ListNoCoercion})
		if err != nil || len(pub) != 1 || pub[0].MatterName == "" || pub[0].RegionName != "市中区" {
			t.Errorf("PublicItems = %+v %v", pub, err)
		}
		if _, err := discretion.GetItem(ctx, db, officer, coercion.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("officer reads another county's item: %v", err)
		}

		// ApplicableItems: what the officer sees while deciding.
		facts := discretion.FactsView{FirstOffense: bptr(true), Harm: "slight", Corrected: bptr(true), PartyAge: iptr(30)}
		ms, err := discretion.ApplicableItems(ctx, db.R, w.m102, "370102", "2024-06-01", facts)
		if err != nil || len(ms) != 2 {
			t.Fatalf("ApplicableItems: %v %v", ms, err)
		}
		if !ms[0].Applies || ms[0].Item.ID != first.ID || !strings.Contains(ms[0].Reason, "初次违法") {
			t.Errorf("first match = %+v", ms[0])
		}
		if ms[1].Applies || ms[1].Item.ID != minor.ID || strings.Join(ms[1].Unmet, "") != "当事人已成年" {
			t.Errorf("second match = %+v", ms[1])
		}
		unknown := discretion.FactsView{Harm: "serious"}
		ms, _ = discretion.ApplicableItems(ctx, db.R, w.m102, "370102", "2024-06-01", unknown)
		if ms[0].Applies || ms[1].Applies || !strings.Contains(strings.Join(ms[0].Unmet, "|"), "未载明是否初次违法") ||
			!strings.Contains(strings.Join(ms[0].Unmet, "|"), "超出") {
			t.Errorf("unknown facts: %+v", ms)
		}
		// The county's item ended on 2024-12-31; the other county never sees it.
		if ms, _ := discretion.ApplicableItems(ctx, db.R, w.m102, "370102", "2025-01-01", facts); len(ms) != 1 {
			t.Errorf("after effective_to: %d items", len(ms))
		}
		if ms, _ := discretion.ApplicableItems(ctx, db.R, w.m102, "370103", "2024-06-01", facts); len(ms) != 1 {
			t.Errorf("sibling county: %d items", len(ms))
		}
		if _, err := discretion.ApplicableItems(ctx, db.R, w.m102, "370102", "2024/06/01", facts); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("bad date: %v", err)
		}

		// Update and delete within scope.
		minor.Title = "未成年人初次违法且及时改正"
		if err := discretion.SaveItem(ctx, db, county, minor); err != nil {
			t.Fatal(err)
		}
		if got, _ := discretion.GetItem(ctx, db, officer, minor.ID); got.Title != minor.Title {
			t.Errorf("after update: %q", got.Title)
		}
		if err := discretion.DeleteItem(ctx, db, county, minor.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := discretion.GetItem(ctx, db, officer, minor.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("deleted item: %v", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE entity = 'discretion_item'`); n != 5 {
			t.Errorf("audit rows %d, want 5 (3 created, 1 updated, 1 deleted)", n)
		}
	})
}
