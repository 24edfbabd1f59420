package discretion_test

import (
	"fmt"
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/discretion"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

func rangeText(r *discretion.Range) string {
	if r == nil {
		return "nil"
	}
	f := func(p *int64) string {
		if p == nil {
			return "-"
		}
		return fmt.Sprint(*p / 100)
	}
	return fmt.Sprintf("%s %s-%s %s %s v%d", r.Tier, f(r.FineMinFen), f(r.FineMaxFen), r.SetBy, r.EffectiveFrom, r.Version)
}

// RangeFor (处罚法 Art. 34; 国办发〔2022〕27号): the version in force on the
// decision date; the most specific level that has the tier; a tier left
// out below falls back to the level above.
func TestRangeFor(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := setup(t, db)
		mustPut(t, db, admin, w.m102, "370000", "2024-01-01", tier("lighter", 500, 1000), tier("ordinary", 1000, 5000), tier("heavier", 5000, 10000))
		mustPut(t, db, admin, w.m102, "370000", "2025-01-01", tier("lighter", 500, 1200), tier("ordinary", 1200, 5000), tier("heavier", 5000, 12000))
		mustPut(t, db, admin, w.m102, "370100", "2024-06-01", tier("ordinary", 2000, 4000))
		mustPut(t, db, admin, w.m102, "370102", "2024-09-01", tier("lighter", 600, 900))

		for _, c := range []struct {
			name, region, on, tier, want string
		}{
			{"county tier", "370102", "2024-12-31", "lighter", "lighter 600-900 370102 2024-09-01 v1"},
			{"county lacks the tier: city", "370102", "2024-12-31", "ordinary", "ordinary 2000-4000 370100 2024-06-01 v1"},
			{"county and city lack it: province", "370102", "2024-12-31", "heavier", "heavier 5000-10000 370000 2024-01-01 v1"},
			{"day before the county version: province", "370102", "2024-08-31", "lighter", "lighter 500-1000 370000 2024-01-01 v1"},
			{"first day of the county version", "370102", "2024-09-01", "lighter", "lighter 600-900 370102 2024-09-01 v1"},
			{"day before the city version", "370102", "2024-05-31", "ordinary", "ordinary 1000-5000 370000 2024-01-01 v1"},
			{"province v2 from its first day", "370102", "2025-01-01", "heavier", "heavier 5000-12000 370000 2025-01-01 v2"},
			{"day before province v2", "370102", "2024-12-31", "heavier", "heavier 5000-10000 370000 2024-01-01 v1"},
			{"county still more specific than province v2", "370102", "2025-06-01", "lighter", "lighter 600-900 370102 2024-09-01 v1"},
			{"sibling county: city", "370103", "2024-12-31", "ordinary", "ordinary 2000-4000 370100 2024-06-01 v1"},
			{"sibling county does not get 历下's tier", "370103", "2024-12-31", "lighter", "lighter 500-1000 370000 2024-01-01 v1"},
			{"other city: province only", "370202", "2024-12-31", "ordinary", "ordinary 1000-5000 370000 2024-01-01 v1"},
			{"township inside the county", "370102001", "2024-12-31", "lighter", "lighter 600-900 370102 2024-09-01 v1"},
			{"before any version", "370102", "2023-12-31", "ordinary", "nil"},
			{"tier no one set", "370102", "2024-12-31", "none", "nil"},
			{"other province", "110101", "2024-12-31", "ordinary", "nil"},
		} {
			r, err := discretion.RangeFor(ctx, db.R, w.m102, c.region, c.on, c.tier)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if got := rangeText(r); got != c.want {
				t.Errorf("%s: RangeFor(%s, %s, %s) = %s, want %s", c.name, c.region, c.on, c.tier, got, c.want)
			}
		}
		if r, err := discretion.RangeFor(ctx, db.R, "NO-SUCH", "370102", "2024-12-31", "ordinary"); r != nil || err != nil {
			t.Errorf("unknown matter: %v %v", r, err)
		}
		for _, bad := range [][3]string{{"370102", "2024-12-31", "medium"}, {"370102", "2024-13-01", "ordinary"}, {"37", "2024-12-31", "ordinary"}} {
			if _, err := discretion.RangeFor(ctx, db.R, w.m102, bad[0], bad[1], bad[2]); !apperr.Is(err, apperr.Invalid) {
				t.Errorf("RangeFor(%v): %v, want invalid", bad, err)
			}
		}
		r, _ := discretion.RangeFor(ctx, db.R, w.m102, "370102", "2024-12-31", "ordinary")
		if s := r.String(); !strings.Contains(s, "2000.00元至4000.00元") || !strings.Contains(s, "济南市（370100）2024-06-01") {
			t.Errorf("Range.String() = %s", s)
		}

		ts, err := discretion.Tiers(ctx, db.R, w.m102, "370102", "2024-12-31")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, rt := range ts {
			got = append(got, rt.Tier.Tier+"@"+rt.SetBy)
		}
		if strings.Join(got, ",") != "lighter@370102,ordinary@370100,heavier@370000" {
			t.Errorf("Tiers = %v", got)
		}
		if ts, _ := discretion.Tiers(ctx, db.R, w.m102, "370102", "2020-01-01"); len(ts) != 0 {
			t.Errorf("Tiers before any version = %v", ts)
		}
	})
}
