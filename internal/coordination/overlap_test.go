package coordination_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/coordination"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// addCase writes one bare case row (the overlap query reads only the
// cases table's scope, party, matter and filing date).
func addCase(t testing.TB, db *store.DB, n int, agency, region, partyKind, partyID, filed string) {
	t.Helper()
	_, err := db.W.Exec(`INSERT INTO cases (source_system, source_id, case_no, title, agency_code, region_code, matter_code,
		procedure_kind, party_kind, party_name, party_id_number, party_json, facts_json, events_json, body_hash, status, filed_on,
		created_at, updated_at) VALUES ('t', $1, $2, '案件', $3, $4, $5, 'general', $6, '济南某某食品有限公司', $7, '{}', '{}', '[]', '',
		'investigating', $8, 0, 0)`, fmt.Sprintf("T-%d", n), fmt.Sprintf("案%d", n), agency, region, testworld.Matter, partyKind, partyID, filed)
	if err != nil {
		t.Fatal(err)
	}
}

// TestOverlapsThreeAgencies: one enterprise with cases of three agencies
// in the window (多头执法, the Jinan seed's "执法交叉、重复执法") appears for
// the city's supervision body with all three and the same matter marked;
// the county body sees only its own county's two; a case before the
// window and single-agency parties do not count; only supervision reads it.
func TestOverlapsThreeAgencies(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		third, err := ident.MakeUSCC('1', '1', testworld.Region, "MB285043")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := registry.PutAgency(w.Ctx, db, w.Admin, &registry.Agency{Code: third, Name: "济南市历下区城市管理局",
			Kind: "enforcement", RegionCode: testworld.Region}); err != nil {
			t.Fatal(err)
		}
		ent := "91370102MA3C5R2K0M"
		addCase(t, db, 1, testworld.Agency, testworld.Region, "org", ent, "2026-05-01")
		addCase(t, db, 2, third, testworld.Region, "org", ent, "2026-05-20")
		addCase(t, db, 3, testworld.Other, "370103", "org", ent, "2026-06-01")
		addCase(t, db, 4, testworld.Agency, testworld.Region, "org", "91370102MA3C5R2K1M", "2026-06-01")
		addCase(t, db, 5, third, testworld.Region, "org", "91370102MA3C5R2K1M", "2025-01-01") // before the window
		addCase(t, db, 6, testworld.Agency, testworld.Region, "person", "370102199001011234", "2026-06-01")
		addCase(t, db, 7, third, testworld.Region, "person", "370102199001011234", "2026-06-02")

		list, err := coordination.Overlaps(w.Ctx, db, testworld.As("city"), &coordination.OverlapFilter{MinAgencies: 3})
		if err != nil || len(list) != 1 {
			t.Fatalf("city, three agencies: %d %v", len(list), err)
		}
		o := list[0]
		if o.PartyID != ent || len(o.Agencies) != 3 || len(o.Cases) != 3 || len(o.SameMatter) != 1 || o.First != "2026-05-01" {
			t.Fatalf("overlap %+v", o)
		}
		list, err = coordination.Overlaps(w.Ctx, db, testworld.As("supervisor"), &coordination.OverlapFilter{})
		if err != nil || len(list) != 2 {
			t.Fatalf("county: %d %v", len(list), err)
		}
		for _, o := range list {
			if len(o.Agencies) != 2 {
				t.Fatalf("county sees other counties' agencies: %+v", o)
			}
			if o.PartyKind == "person" && !strings.Contains(o.PartyID, "*") {
				t.Fatalf("a person's id number unmasked: %s", o.PartyID)
			}
		}
		_, err = coordination.Overlaps(w.Ctx, db, testworld.As("agency_admin"), &coordination.OverlapFilter{})
		wantCode(t, "an agency reading overlaps", err, apperr.Forbidden, "")
		_, err = coordination.Overlaps(w.Ctx, db, testworld.As("city"), &coordination.OverlapFilter{From: "2024-01-01", To: "2026-06-15"})
		wantCode(t, "a window over a year", err, apperr.Invalid, "from")
		if db.Dialect == store.SQLite {
			plan := explain(t, w.Ctx, db)
			if !strings.Contains(plan, "COVERING INDEX cases_overlap (region_code>? AND region_code<?)") {
				t.Fatalf("the overlap query does not range-scan cases_overlap: %s", plan)
			}
		}
	})
}

func explain(t *testing.T, ctx context.Context, db *store.DB) string {
	rows, err := db.R.QueryContext(ctx, `EXPLAIN QUERY PLAN SELECT party_id_number, COUNT(DISTINCT agency_code) AS n, COUNT(*) FROM cases
		WHERE (region_code >= '370102' AND region_code < '370103') AND (filed_on >= '2026-03-17' AND filed_on <= '2026-06-15')
		AND (party_id_number <> '') GROUP BY party_id_number HAVING COUNT(DISTINCT agency_code) >= 2 ORDER BY n DESC LIMIT 100`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id, parent, unused int
		var detail string
		rows.Scan(&id, &parent, &unused, &detail)
		b.WriteString(detail + "; ")
	}
	return b.String()
}
