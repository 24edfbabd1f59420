package coordination_test

import (
	"fmt"
	"testing"

	"zfjd/internal/coordination"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// addInspection writes one bare inspection row checked in on day (overlap
// detection reads only scope, enterprise, agency and the visit day).
func addInspection(t testing.TB, db *store.DB, n int, agency, region, ent, day string) {
	t.Helper()
	if _, err := db.W.Exec(`INSERT INTO inspections (source_system, source_id, agency_code, region_code, matter_code, kind, enterprise_name,
		enterprise_id, status, visit_day, created_at, updated_at) VALUES ('t', $1, $2, $3, $4, 'routine', '济南某某食品有限公司', $5,
		'checked_in', $6, 0, 0)`, fmt.Sprintf("I-%d", n), agency, region, testworld.Matter, ent, day); err != nil {
		t.Fatal(err)
	}
}

// TestOverlapsWithInspections: an enterprise penalised by two agencies and
// inspected by a third within the window (多头检查, the Jinan seed's "重复
// 执法") is an overlap of three agencies, with the inspection listed; an
// inspection outside the window or not yet checked in does not count.
func TestOverlapsWithInspections(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		third, _ := ident.MakeUSCC('1', '1', testworld.Region, "MB285043")
		if _, err := registry.PutAgency(w.Ctx, db, w.Admin, &registry.Agency{Code: third, Name: "济南市历下区城市管理局",
			Kind: "enforcement", RegionCode: testworld.Region}); err != nil {
			t.Fatal(err)
		}
		ent, solo := "91370102MA3C5R2K0M", "91370102MA3C5R2K1M"
		addCase(t, db, 1, testworld.Agency, testworld.Region, "org", ent, "2026-05-01")
		addCase(t, db, 2, testworld.Other, "370103", "org", ent, "2026-06-01")
		addInspection(t, db, 1, third, testworld.Region, ent, "2026-06-10")
		addInspection(t, db, 2, third, testworld.Region, solo, "2025-01-10") // before the window
		addInspection(t, db, 3, testworld.Other, "370103", solo, "")         // not checked in
		addCase(t, db, 3, testworld.Agency, testworld.Region, "org", solo, "2026-06-01")
		list, err := coordination.Overlaps(w.Ctx, db, testworld.As("city"), &coordination.OverlapFilter{MinAgencies: 3})
		if err != nil || len(list) != 1 {
			t.Fatalf("overlaps: %d %v", len(list), err)
		}
		o := list[0]
		if len(o.Agencies) != 3 || len(o.Cases) != 2 || len(o.Inspected) != 1 || o.Inspected[0].AgencyName != "济南市历下区城市管理局" ||
			o.Last != "2026-06-10" {
			t.Fatalf("overlap: %+v", o)
		}
		list, err = coordination.Overlaps(w.Ctx, db, testworld.As("city"), &coordination.OverlapFilter{})
		if err != nil || len(list) != 1 {
			t.Fatalf("two agencies: the solo enterprise's stray inspections count: %d %v", len(list), err)
		}
	})
}
