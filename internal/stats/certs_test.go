package stats_test

import (
	"testing"

	"zfjd/internal/clock"
	"zfjd/internal/stats"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// TestCertsExpiring: the certificate panel's 即将过期 counts the
// certificates valid today that end within CertExpiringDays (the last of
// them included), not those already expired, not yet valid, suspended or
// ending later; 持证率 counts every registered officer and the valid ones.
func TestCertsExpiring(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		ctx := w.Ctx
		today := clock.Today(ctx)
		day := func(n int) string { return today.AddDays(n).String() }
		var ids []int64
		rows, err := db.R.Query(`SELECT id FROM officers WHERE region_code >= '370102' AND region_code < '370103' ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		cases := []struct{ status, from, to string }{
			{"valid", day(-300), day(0)},                          // ends today: expiring
			{"valid", day(-300), day(stats.CertExpiringDays)},     // the last day counted
			{"valid", day(-300), day(stats.CertExpiringDays + 1)}, // later
			{"valid", day(-300), day(-1)},                         // expired
			{"valid", day(1), day(30)},                            // not yet valid
			{"suspended", day(-300), day(10)},                     // 暂扣
		}
		if len(ids) < len(cases) {
			t.Fatalf("the world has %d officers in 370102, want at least %d", len(ids), len(cases))
		}
		for i, c := range cases {
			if _, err := db.W.Exec(`UPDATE officers SET cert_status = $2, cert_valid_from = $3, cert_valid_to = $4 WHERE id = $1`,
				ids[i], c.status, c.from, c.to); err != nil {
				t.Fatal(err)
			}
		}
		// The rest end far in the future.
		for _, id := range ids[len(cases):] {
			if _, err := db.W.Exec(`UPDATE officers SET cert_status = 'valid', cert_valid_from = $2, cert_valid_to = $3 WHERE id = $1`,
				id, day(-300), day(1000)); err != nil {
				t.Fatal(err)
			}
		}
		got, err := stats.CertsOf(ctx, db, testworld.As("supervisor"), "370102", "")
		if err != nil {
			t.Fatal(err)
		}
		valid := 3 + len(ids) - len(cases)
		if got.Expiring != 2 || got.Valid != valid || got.Total != len(ids) {
			t.Errorf("CertsOf = %+v, want 2 expiring, %d valid of %d", got, valid, len(ids))
		}
	})
}
