package registry_test

import (
	"database/sql"
	"fmt"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// benchCounties are the 12 county-level divisions of 济南市.
var benchCounties = []string{"370102", "370103", "370104", "370105", "370112", "370113", "370114", "370115", "370116", "370117", "370124", "370126"}

// seedBench writes n officers spread over one agency per county, straight
// into the tables (the registry path is measured elsewhere).
func seedBench(b *testing.B, db *store.DB, n int) {
	b.Helper()
	for i, c := range benchCounties {
		putAgency(b, db, admin, newAgency(uscc(b, c, i), "基准测试局"+c, c))
	}
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO officers (cert_no, name, agency_code, region_code, domain, cert_valid_from,
			cert_valid_to, cert_status, verify_id, created_at, updated_at) VALUES ($1,$2,$3,$4,'市场监管','2022-01-01',$5,$6,$7,0,0)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for i := range n {
			ci := i % len(benchCounties)
			c := benchCounties[ci]
			to, st := "2027-12-31", "valid"
			if i%13 == 0 {
				to = "2024-12-31"
			}
			if i%50 == 0 {
				st = "revoked"
			}
			if _, err := stmt.ExecContext(ctx, fmt.Sprintf("B%09d", i), fmt.Sprintf("测试%d", i), uscc(b, c, ci), c, to, st,
				fmt.Sprintf("%032x", i)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if db.Dialect == store.Postgres {
		db.W.ExecContext(ctx, `ANALYZE officers`)
	}
}

// BenchmarkListOfficersCounty measures a county supervisor's first page of
// valid officers (the range scan on region_code) with 60,000 officers in
// the city: go test -run '^$' -bench ListOfficers ./internal/registry/
func BenchmarkListOfficersCounty(b *testing.B) {
	for _, e := range testdb.Engines {
		b.Run(string(e), func(b *testing.B) {
			db := testdb.Open(b, e)
			seedBench(b, db, 60000)
			p := &auth.Principal{Name: "县司法局", Role: auth.RoleSupervisor, Region: "370102"}
			b.ResetTimer()
			for b.Loop() {
				f := &registry.OfficerFilter{State: "valid"}
				list, err := registry.ListOfficers(ctx, db, p, f)
				if err != nil || len(list) != 20 || f.Total == 0 {
					b.Fatalf("list: %d rows, total %d, %v", len(list), f.Total, err)
				}
			}
		})
	}
}
