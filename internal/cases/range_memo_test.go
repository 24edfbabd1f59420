package cases

import (
	"context"
	"slices"
	"testing"

	"zfjd/internal/discretion"
	"zfjd/internal/law"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// The due pass looks a benchmark range up once per stretch of days with
// the same versions in force (rangeDay), and still gives each case the
// range of its own decision date: a case decided the day before the
// second version takes effect keeps the first one, one decided after it
// gets the second, whatever order the pass judges them in.
func TestDuePassRangesByVersion(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		seed(t, db)
		setClock(t, "2024-12-01")
		if !versionedRanges(testRanges) || versionedRanges(func(context.Context, store.Querier, string, string, string, string) (*FineRange, error) {
			return nil, nil
		}) {
			t.Fatal("versionedRanges does not tell BenchmarkRanges")
		}
		fen := func(n int64) *int64 { return &n }
		for _, v := range []struct {
			from string
			max  int64
		}{{"2024-01-01", 600000}, {"2024-06-02", 300000}} {
			in := &discretion.Input{MatterCode: "T-MATTER", RegionCode: "370000", EffectiveFrom: v.from,
				Tiers: []discretion.Tier{{Tier: "ordinary", FineMinFen: fen(100000), FineMaxFen: fen(v.max)}}}
			if _, err := discretion.Put(bg, db, admin, in); err != nil {
				t.Fatal(err)
			}
		}
		m := newEnvMemo()
		for on, want := range map[string]string{"2023-12-31": "0000-00-00", "2024-01-01": "2024-01-01", "2024-06-01": "2024-01-01",
			"2024-06-02": "2024-06-02", "2025-03-01": "2024-06-02"} {
			d, err := m.rangeDay(bg, db.R, "T-MATTER", law.MustParseDate(on))
			if err != nil || d.String() != want {
				t.Errorf("rangeDay(%s) = %s, %v; want %s", on, d, err, want)
			}
		}
		// Decided 05-31 and 06-01 (first version, max 6000元: a 5000元 fine
		// is in range) and 06-03 (second, max 3000元: out of range).
		for _, d := range []string{"2024-06-03", "2024-05-31", "2024-06-01"} {
			c := baseCase()
			c.SourceID = "range-" + d
			ev(c, "decided").At = d
			if _, _, err := Put(bg, db, robot, c); err != nil {
				t.Fatal(err)
			}
		}
		exec(t, db, `UPDATE cases SET next_check = '2000-01-01'`)
		if n, err := DailyPass(bg, db, nil); err != nil || n != 3 {
			t.Fatalf("the pass judged %d, %v", n, err)
		}
		for _, d := range []string{"2024-05-31", "2024-06-01", "2024-06-03"} {
			got, err := GetBySource(bg, db, robot, baseCase().SourceSystem, "range-"+d)
			if err != nil {
				t.Fatal(err)
			}
			if fired := slices.Contains(codes(got.Warnings), "FINE_OUT_OF_RANGE"); fired != (d == "2024-06-03") {
				t.Errorf("decided %s: FINE_OUT_OF_RANGE %v\n%s", d, fired, messages(got.Warnings))
			}
		}
	})
}
