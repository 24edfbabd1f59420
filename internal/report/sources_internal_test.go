package report

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/license"
	"zfjd/internal/registry"
	"zfjd/internal/scale"
	"zfjd/internal/stats"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// The 年报's per-agency sources were one query per agency and source
// (minutes for a province's 7,773 agencies); readSources groups each
// source once. On a generated city with licence decisions added, every
// agency's line read the grouped way equals the old per-agency queries —
// kept here as the reference — for the province's, the city's, a
// county's and an agency's viewers, for the whole region and for one
// agency (draftTables), over two years.
func TestSourcesSameAsPerAgency(t *testing.T) {
	for _, e := range testdb.Engines {
		t.Run(string(e), func(t *testing.T) {
			db := testdb.Open(t, e)
			ctx := clock.With(context.Background(), clock.Pinned("2026-06-15"))
			if _, err := scale.Load(ctx, db, scale.Options{Scale: "city", Cases: 200, Inspections: 3000, Seed: 7}); err != nil {
				t.Fatal(err)
			}
			var agencies []struct{ code, region string }
			rows, err := db.R.Query(`SELECT code, region_code FROM agencies WHERE kind = 'enforcement' ORDER BY code LIMIT 12`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var a struct{ code, region string }
				if err := rows.Scan(&a.code, &a.region); err != nil {
					t.Fatal(err)
				}
				agencies = append(agencies, a)
			}
			rows.Close()
			robot := &auth.Principal{Name: "行政审批系统", Username: "xzsp", Role: auth.RoleIntegration}
			svc := license.NewService(db)
			steps := [][]license.Event{
				{{Type: "applied", At: "2025-03-01"}, {Type: "accepted", At: "2025-03-02"}, {Type: "granted", At: "2025-03-10"}},
				{{Type: "applied", At: "2025-12-30"}, {Type: "accepted", At: "2026-01-04"}, {Type: "refused", At: "2026-01-20", Reason: "理由"}},
				{{Type: "applied", At: "2026-02-01"}},
			}
			const matter = "XK-SOURCES"
			var holders []string
			for _, a := range agencies[:6] {
				holders = append(holders, a.code)
			}
			admin := &auth.Principal{Name: "管理员", Username: "admin", Role: auth.RoleAdmin}
			if _, err := registry.PutMatter(ctx, db, admin, &registry.Matter{Code: matter, Name: "食品经营许可", Kind: "license",
				LegalBasis: "《中华人民共和国食品安全法》第三十五条第一款", AgencyCodes: holders}); err != nil {
				t.Fatal(err)
			}
			for i, a := range agencies[:6] {
				r := *robot
				r.Region, r.Agency = a.region, a.code
				for j, es := range steps[:1+i%3] {
					if _, _, err := svc.Put(ctx, &r, "xzsp", fmt.Sprint("L-", i, "-", j), &license.Body{AgencyCode: a.code, RegionCode: a.region,
						MatterCode: matter, Party: license.Party{Kind: "org", Name: "某某餐饮有限公司", IDNumber: "91370102MA3C5R2K0M"}, Events: es}); err != nil {
						t.Fatal(err)
					}
				}
			}
			county := agencies[0].region
			for len(ident.RegionPrefix(county)) > 6 {
				county = county[:6]
			}
			city := county[:4] + "00"
			viewers := []*auth.Principal{{Role: auth.RoleSupervisor, Region: "370000"}, {Role: auth.RoleSupervisor, Region: city},
				{Role: auth.RoleSupervisor, Region: county}, {Role: auth.RoleHead, Region: agencies[0].region, Agency: agencies[0].code}}
			compared, nonZero := 0, 0
			for _, p := range viewers {
				for _, year := range []int{2025, 2026} {
					for _, region := range []string{p.Region, county} {
						if !ident.Contains(p.Region, region) {
							continue
						}
						for _, only := range []string{"", agencies[0].code} {
							src, err := readSources(ctx, db, p, year, region, only)
							if err != nil {
								t.Fatal(err)
							}
							for _, a := range agencies {
								if only != "" && a.code != only {
									continue
								}
								wantC, err := stats.CertsOf(ctx, db, p, region, a.code)
								if err != nil {
									t.Fatal(err)
								}
								wantI, err := inspections(ctx, db, year, region, a.code)
								if err != nil {
									t.Fatal(err)
								}
								wantL, err := oldLicenses(ctx, db, year, region, a.code)
								if err != nil {
									t.Fatal(err)
								}
								got := fmt.Sprint(src.certs[a.code], src.inspections[a.code], src.licenses[a.code])
								if want := fmt.Sprint(wantC, wantI, wantL); got != want {
									t.Fatalf("%s %s %d %s agency %s: got %s, want %s", e, p.Region, year, region, a.code, got, want)
								}
								compared++
								if wantC.Total > 0 && wantI.Total > 0 {
									nonZero++
								}
								if wantL != (License{}) {
									nonZero++
								}
							}
						}
					}
				}
			}
			if compared < 50 || nonZero < 20 {
				t.Fatalf("compared %d lines, %d with officers and inspections or licences: the data does not test the grouping", compared, nonZero)
			}
		})
	}
}

// oldLicenses counts the licence steps of year in region of the licensing
// agency, read from package license's table and never written (a range
// on licenses_scope (region_code, agency_code)).
func oldLicenses(ctx context.Context, db *store.DB, year int, region, agency string) (License, error) {
	w := &store.Where{}
	if prefix := ident.RegionPrefix(region); prefix != "" {
		w.Add("region_code >= ? AND region_code < ?", prefix, ident.PrefixEnd(prefix))
	}
	w.Add("agency_code = ?", agency)
	y := strconv.Itoa(year)
	from, to := w.Arg(y+"-01-01"), w.Arg(y+"-12-31")
	in := func(col string) string {
		return "COALESCE(SUM(CASE WHEN " + col + " >= " + from + " AND " + col + " <= " + to + " THEN 1 ELSE 0 END), 0)"
	}
	var l License
	err := db.R.QueryRowContext(ctx, `SELECT `+in("applied_on")+`, `+in("accepted_on")+`, `+in("granted_on")+`, `+in("refused_on")+`, `+
		in("revoked_on")+` FROM licenses`+w.SQL(), w.Args...).Scan(&l.Applied, &l.Accepted, &l.Granted, &l.Refused, &l.Revoked)
	return l, err
}
