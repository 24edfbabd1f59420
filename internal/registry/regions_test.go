package registry_test

import (
	"reflect"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

func regionCodes(rs []registry.Region) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, r.Code)
	}
	return out
}

func TestListRegions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		list := func(scope string, f registry.RegionFilter) ([]registry.Region, registry.RegionFilter) {
			t.Helper()
			rs, err := registry.ListRegions(ctx, db, scope, &f)
			if err != nil {
				t.Fatal(err)
			}
			return rs, f
		}

		rs, f := list("", registry.RegionFilter{Parent: "370100", Page: registry.Page{Size: 200}})
		want := []string{"370102", "370103", "370104", "370105", "370112", "370113", "370114", "370115", "370116", "370117", "370124", "370126"}
		if got := regionCodes(rs); !reflect.DeepEqual(got, want) || f.Total != len(want) {
			t.Errorf("children of 370100: %v (total %d), want %v", got, f.Total, want)
		}
		for _, r := range rs {
			if r.ParentCode != "370100" || r.Level != 3 || (r.Revision != "201904" && r.Code < "370116") {
				t.Errorf("child %+v", r)
			}
		}
		if rs[0].Name != "历下区" || rs[0].LevelLabel() != "县级" {
			t.Errorf("first child %+v (%s)", rs[0], rs[0].LevelLabel())
		}

		rs, _ = list("", registry.RegionFilter{Q: "历下"})
		if got := regionCodes(rs); !reflect.DeepEqual(got, []string{"370102"}) {
			t.Errorf("Q 历下: %v", got)
		}
		// A name shared across the country, narrowed by scope.
		rs, f = list("", registry.RegionFilter{Q: "市中区"})
		if f.Total != 4 || len(rs) != 4 {
			t.Errorf("Q 市中区 nationally: %v (total %d), want 4", regionCodes(rs), f.Total)
		}
		rs, _ = list("370100", registry.RegionFilter{Q: "市中"})
		if got := regionCodes(rs); !reflect.DeepEqual(got, []string{"370103"}) {
			t.Errorf("Q 市中 inside 370100: %v", got)
		}
		rs, _ = list("370100", registry.RegionFilter{Q: "3702"})
		if got := regionCodes(rs); len(got) != 0 {
			t.Errorf("Q 3702 inside 370100: %v, want nothing outside the scope", got)
		}
		rs, _ = list("", registry.RegionFilter{Q: "%"})
		if len(rs) != 0 {
			t.Errorf("Q %% matched %d regions; LIKE wildcards must be literal", len(rs))
		}

		rs, f = list("", registry.RegionFilter{Page: registry.Page{Size: 100}})
		if f.Total != 34 || rs[0].Code != "110000" || rs[0].Level != 1 || rs[0].ParentCode != "" {
			t.Errorf("provinces: total %d, first %+v", f.Total, rs[0])
		}
		rs, _ = list("370100", registry.RegionFilter{})
		if got := regionCodes(rs); !reflect.DeepEqual(got, []string{"370100"}) {
			t.Errorf("scope 370100 without a query lists %v, want the scope itself", got)
		}
		rs, f = list("", registry.RegionFilter{Parent: "370100", Page: registry.Page{Page: 3, Size: 4}})
		if got := regionCodes(rs); !reflect.DeepEqual(got, []string{"370116", "370117", "370124", "370126"}) || f.Pages() != 3 {
			t.Errorf("page 3 of children: %v, pages %d", got, f.Pages())
		}
	})
}

func TestGetRegionAndPath(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		r, err := registry.GetRegion(ctx, db.R, "370202")
		if err != nil || r.Name != "市南区" || r.ParentCode != "370200" || r.Level != 3 {
			t.Errorf("370202 = %+v, %v", r, err)
		}
		// 省直辖县级行政单位 hang on the province: 4290 is not a city.
		if r, err := registry.GetRegion(ctx, db.R, "429004"); err != nil || r.Name != "仙桃市" || r.ParentCode != "420000" || r.Level != 3 {
			t.Errorf("429004 = %+v, %v", r, err)
		}
		if r, err := registry.GetRegion(ctx, db.R, "370200"); err != nil || r.ParentCode != "370000" || r.Level != 2 {
			t.Errorf("370200 = %+v, %v", r, err)
		}
		_, err = registry.GetRegion(ctx, db.R, "370199")
		wantCode(t, err, apperr.NotFound)

		var names []string
		for _, r := range registry.RegionPath(ctx, db, "370102") {
			names = append(names, r.Name)
		}
		if want := []string{"山东省", "济南市", "历下区"}; !reflect.DeepEqual(names, want) {
			t.Errorf("path %v, want %v", names, want)
		}
		if p := registry.RegionPath(ctx, db, "370199"); len(p) != 0 {
			t.Errorf("path of an unknown code: %v", p)
		}
	})
}

func TestPage(t *testing.T) {
	for _, c := range []struct {
		in                 registry.Page
		size, page, offset int
		pages              int
	}{
		{registry.Page{}, 20, 1, 0, 1},
		{registry.Page{Page: -3, Size: -1}, 20, 1, 0, 1},
		{registry.Page{Page: 3, Size: 10, Total: 21}, 10, 3, 20, 3},
		{registry.Page{Page: 1, Size: 10, Total: 20}, 10, 1, 0, 2},
		{registry.Page{Page: 1, Size: 201, Total: 5}, 200, 1, 0, 1}, // capped, not reset
		{registry.Page{Page: 2, Size: 200, Total: 401}, 200, 2, 200, 3},
	} {
		p := c.in
		p.Normalize()
		if p.Size != c.size || p.Page != c.page || p.Offset() != c.offset || p.Pages() != c.pages {
			t.Errorf("%+v → size %d page %d offset %d pages %d; want %d %d %d %d", c.in, p.Size, p.Page, p.Offset(), p.Pages(), c.size, c.page, c.offset, c.pages)
		}
	}
}
