package registry_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

func TestCommonRegion(t *testing.T) {
	for _, c := range []struct {
		codes    []string
		fallback string
		want     string
	}{
		{nil, "370100", "370100"},
		{[]string{}, "", ""},
		{[]string{"370102"}, "", "370102"},
		{[]string{"370102", "370102"}, "", "370102"},
		{[]string{"370102", "370103"}, "", "370100"}, // two counties of 济南
		{[]string{"370103", "370102"}, "", "370100"},
		{[]string{"370112", "370113"}, "", "370100"}, // shared "37011" is no level: cut to the city
		{[]string{"370100", "370102"}, "", "370100"}, // the city and one of its counties
		{[]string{"370102", "370202"}, "", "370000"}, // 济南 and 青岛
		{[]string{"370102", "370103", "370202"}, "", "370000"},
		{[]string{"370000", "370102"}, "", "370000"},
		{[]string{"370102", "370102001"}, "", "370102"}, // a county and one of its townships
		{[]string{"370102001", "370102"}, "", "370102"},
		{[]string{"370102001", "370102002"}, "", "370102"},
		{[]string{"370102001", "370103001"}, "", "370100"},
		{[]string{"370102001", "370102001001"}, "", "370102001"}, // a township and one of its villages
		{[]string{"370102001001", "370102001"}, "", "370102001"}, // the order of holders does not matter
		{[]string{"370102001001", "370102001002"}, "", "370102001"},
		{[]string{"370102001001", "370102001001"}, "", "370102001001"},
		{[]string{"370102", "110101"}, "370000", ""}, // no shared province: no region
		{[]string{"370102", "420102"}, "", ""},
	} {
		if got := registry.CommonRegion(c.codes, c.fallback); got != c.want {
			t.Errorf("commonRegion(%v, %q) = %q, want %q", c.codes, c.fallback, got, c.want)
		}
	}
}

func TestPutMatterRegionFromAgencies(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		a := uscc(t, "370102", 1)
		b := uscc(t, "370102", 2)
		c := uscc(t, "370103", 3)
		d := uscc(t, "370202", 4)
		e := uscc(t, "110101", 5)
		for code, region := range map[string]string{a: "370102", b: "370102", c: "370103", d: "370202", e: "110101"} {
			putAgency(t, db, admin, newAgency(code, "执法主体"+code[:4], region))
		}
		jinan := &auth.Principal{Name: "济南监督", Role: auth.RoleSupervisor, Region: "370100"}
		for i, tc := range []struct {
			name     string
			p        *auth.Principal
			agencies []string
			region   string
			want     string
		}{
			{"one holder", admin, []string{a}, "", "370102"},
			{"two holders in one county", admin, []string{b, a}, "", "370102"},
			{"two counties", admin, []string{a, c}, "", "370100"},
			{"two cities", admin, []string{c, d, a}, "", "370000"},
			{"explicit region wins", admin, []string{a}, "370100", "370100"},
			{"no holders: the principal's region", jinan, nil, "", "370100"},
		} {
			code := fmt.Sprintf("M-%02d", i)
			t.Run(tc.name, func(t *testing.T) {
				m := &registry.Matter{Code: code, Name: tc.name, Kind: "penalty", AgencyCodes: tc.agencies, RegionCode: tc.region}
				if created, err := registry.PutMatter(ctx, db, tc.p, m); err != nil || !created {
					t.Fatalf("created=%v err=%v", created, err)
				}
				got, err := registry.GetMatter(ctx, db, admin, code)
				if err != nil {
					t.Fatal(err)
				}
				if got.RegionCode != tc.want {
					t.Errorf("region %q, want %q", got.RegionCode, tc.want)
				}
				if want := sorted(tc.agencies); !reflect.DeepEqual(got.AgencyCodes, want) {
					t.Errorf("holders %v, want %v (sorted)", got.AgencyCodes, want)
				}
			})
		}
		// Holders in two provinces share no region: the caller must name one.
		before := snapshot(t, db)
		_, err := registry.PutMatter(ctx, db, admin, &registry.Matter{Code: "M-two-provinces", Name: "跨省", Kind: "penalty", AgencyCodes: []string{a, e}})
		wantInvalid(t, err, "region_code")
		// Nor is there one for a national principal and no holders.
		_, err = registry.PutMatter(ctx, db, admin, &registry.Matter{Code: "M-nowhere", Name: "无处", Kind: "penalty"})
		wantInvalid(t, err, "region_code")
		unchanged(t, db, before, "a matter without a region")
		if _, err := registry.PutMatter(ctx, db, admin, &registry.Matter{Code: "M-two-provinces", Name: "跨省", Kind: "penalty",
			AgencyCodes: []string{a, e}, RegionCode: "370000"}); err != nil {
			t.Errorf("with an explicit region: %v", err)
		}
		// No principal at all is refused, not a crash.
		before = snapshot(t, db)
		for _, m := range []*registry.Matter{
			{Code: "M-anon", Name: "匿名", Kind: "penalty"},
			{Code: "M-anon", Name: "匿名", Kind: "penalty", RegionCode: "370102"},
			{Code: "M-anon", Name: "匿名", Kind: "penalty", AgencyCodes: []string{a}},
		} {
			_, err = registry.PutMatter(ctx, db, nil, m)
			if !apperr.Is(err, apperr.Invalid) && !apperr.Is(err, apperr.Forbidden) {
				t.Errorf("nil principal: %v, want invalid or forbidden", err)
			}
		}
		unchanged(t, db, before, "PutMatter without a principal")
	})
}

func TestPutMatterVersionAndThreshold(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		a := uscc(t, "370102", 1)
		b := uscc(t, "370102", 2)
		putAgency(t, db, admin, newAgency(a, "历下区市场监督管理局", "370102"))
		putAgency(t, db, admin, newAgency(b, "历下区综合行政执法局", "370102"))
		base := func() *registry.Matter {
			return &registry.Matter{Code: "370102-CF-001", Name: "对销售不符合安全标准食品的处罚", Kind: "penalty", Domain: "市场监管",
				LegalBasis: "《中华人民共和国食品安全法》第一百二十四条", BasisEffective: "2021-04-29", AgencyCodes: []string{a}}
		}
		check := func(step string, wantVersion int, wantThr *int64, wantAudits int) {
			t.Helper()
			m, err := registry.GetMatter(ctx, db, admin, "370102-CF-001")
			if err != nil {
				t.Fatal(err)
			}
			if m.Version != wantVersion {
				t.Errorf("%s: version %d, want %d", step, m.Version, wantVersion)
			}
			if (m.CriminalThresholdFen == nil) != (wantThr == nil) || (wantThr != nil && *m.CriminalThresholdFen != *wantThr) {
				t.Errorf("%s: threshold %v, want %v", step, m.CriminalThresholdFen, wantThr)
			}
			if n := auditCount(t, db); n != wantAudits {
				t.Errorf("%s: %d audit rows, want %d", step, n, wantAudits)
			}
		}
		put := func(step string, m *registry.Matter, wantCreated bool) {
			t.Helper()
			created, err := registry.PutMatter(ctx, db, admin, m)
			if err != nil || created != wantCreated {
				t.Fatalf("%s: created=%v err=%v", step, created, err)
			}
		}
		i64 := func(n int64) *int64 { return &n }

		put("create", base(), true)
		check("create", 1, nil, 3)
		if a := lastAudit(t, db); a.Action != "create" || a.Entity != "matter" || a.Region != "370102" || !strings.Contains(a.After, `"criminal_threshold_fen":null`) {
			t.Errorf("create audit = %+v", a)
		}
		before := snapshot(t, db)
		put("replay", base(), false)
		check("replay", 1, nil, 3)
		unchanged(t, db, before, "an identical matter PUT")

		m := base()
		m.Name += "（修订）"
		put("rename", m, false)
		check("rename", 2, nil, 4)

		m = base()
		m.Name += "（修订）"
		m.CriminalThresholdFen = i64(0) // zero is a threshold, not "none"
		put("threshold 0", m, false)
		check("threshold 0", 3, i64(0), 5)

		m.CriminalThresholdFen = i64(500000)
		put("threshold 5000 yuan", m, false)
		check("threshold 5000 yuan", 4, i64(500000), 6)
		if a := lastAudit(t, db); !strings.Contains(a.Before, `"criminal_threshold_fen":0`) || !strings.Contains(a.After, `"criminal_threshold_fen":500000`) {
			t.Errorf("threshold audit before %s after %s", a.Before, a.After)
		}
		put("threshold replay", m, false)
		check("threshold replay", 4, i64(500000), 6)

		m.CriminalThresholdFen = nil
		put("threshold removed", m, false)
		check("threshold removed", 5, nil, 7)

		m.AgencyCodes = []string{b, a}
		put("holder added", m, false)
		check("holder added", 6, nil, 8)
		if got, _ := registry.GetMatter(ctx, db, admin, m.Code); !reflect.DeepEqual(got.AgencyCodes, sorted([]string{a, b})) {
			t.Errorf("holders %v", got.AgencyCodes)
		}
		m.AgencyCodes = []string{a, b, strings.ToLower(a)} // same set, other order, duplicate
		put("holders reordered", m, false)
		check("holders reordered", 6, nil, 8)

		m.AgencyCodes = []string{b}
		put("holder removed", m, false)
		check("holder removed", 7, nil, 9)
		if n := count(t, db, `SELECT COUNT(*) FROM matter_agencies`); n != 1 {
			t.Errorf("%d holder rows, want 1", n)
		}
		m.BasisEffective = "2021-04-30"
		put("basis date", m, false)
		check("basis date", 8, nil, 10)
	})
}

func TestPutMatterValidation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		a := uscc(t, "370102", 1)
		putAgency(t, db, admin, newAgency(a, "历下区市场监督管理局", "370102"))
		putMatter(t, db, admin, &registry.Matter{Code: "EXIST", Name: "已有事项", Kind: "inspection", AgencyCodes: []string{a}})
		neg := int64(-1)
		for _, c := range []struct {
			name   string
			edit   func(m *registry.Matter)
			fields []string
		}{
			{"bad code", func(m *registry.Matter) { m.Code = "事项1" }, []string{"code"}},
			{"one-character code", func(m *registry.Matter) { m.Code = "A" }, []string{"code"}},
			{"empty name", func(m *registry.Matter) { m.Name = " " }, []string{"name"}},
			{"name too long", func(m *registry.Matter) { m.Name = strings.Repeat("项", 201) }, []string{"name"}},
			{"bad kind", func(m *registry.Matter) { m.Kind = "fine" }, []string{"kind"}},
			{"bad basis date", func(m *registry.Matter) { m.BasisEffective = "2021-02-29" }, []string{"basis_effective"}},
			{"negative threshold", func(m *registry.Matter) { m.CriminalThresholdFen = &neg }, []string{"criminal_threshold_fen"}},
			{"bad holder code", func(m *registry.Matter) { m.AgencyCodes = []string{a, badCheck(a)} }, []string{"agency_codes"}},
			{"unknown holder", func(m *registry.Matter) { m.AgencyCodes = []string{uscc(t, "370102", 77)} }, []string{"agency_codes"}},
			{"unknown region", func(m *registry.Matter) { m.RegionCode = "370199" }, []string{"region_code"}},
			{"malformed region", func(m *registry.Matter) { m.RegionCode = "37" }, []string{"region_code"}},
		} {
			for _, code := range []string{"NEW", "EXIST"} {
				t.Run(c.name+"/"+code, func(t *testing.T) {
					before := snapshot(t, db)
					m := &registry.Matter{Code: code, Name: "对无证经营的处罚", Kind: "penalty", AgencyCodes: []string{a}}
					c.edit(m)
					created, err := registry.PutMatter(ctx, db, admin, m)
					wantInvalid(t, err, c.fields...)
					if created {
						t.Error("created on invalid input")
					}
					unchanged(t, db, before, "an invalid matter PUT")
				})
			}
		}
		_, err := registry.GetMatter(ctx, db, admin, "NEW")
		wantCode(t, err, apperr.NotFound)
	})
}

func TestListMatters(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		a := uscc(t, "370102", 1)
		c := uscc(t, "370103", 3)
		d := uscc(t, "370202", 4)
		putAgency(t, db, admin, newAgency(a, "历下区市场监督管理局", "370102"))
		putAgency(t, db, admin, newAgency(c, "市中区市场监督管理局", "370103"))
		putAgency(t, db, admin, newAgency(d, "市南区市场监督管理局", "370202"))
		mk := func(code, name, kind, domain, basis string, agencies ...string) {
			putMatter(t, db, admin, &registry.Matter{Code: code, Name: name, Kind: kind, Domain: domain, LegalBasis: basis, AgencyCodes: agencies})
		}
		mk("MT-01", "对无照经营的处罚", "penalty", "市场监管", "《无证无照经营查处办法》第十三条", a)
		mk("MT-02", "对特种设备的检查", "inspection", "市场监管", "《特种设备安全法》第五十七条", a, c)
		mk("MT-03", "查封扣押", "coercion", "市场监管", "《行政强制法》第九条", c)
		mk("MT-04", "对占道经营的处罚", "penalty", "城市管理", "《城市市容和环境卫生管理条例》第三十六条", d)
		mk("MT-05", "100%_special", "other", "", "", d)

		for _, tc := range []struct {
			name string
			p    *auth.Principal
			f    registry.MatterFilter
			want []string
		}{
			{"all", admin, registry.MatterFilter{}, []string{"MT-01", "MT-02", "MT-03", "MT-04", "MT-05"}},
			{"public (nil principal) lists all", nil, registry.MatterFilter{}, []string{"MT-01", "MT-02", "MT-03", "MT-04", "MT-05"}},
			{"Q name", admin, registry.MatterFilter{Q: "处罚"}, []string{"MT-01", "MT-04"}},
			{"Q code", admin, registry.MatterFilter{Q: "MT-03"}, []string{"MT-03"}},
			{"Q legal basis", admin, registry.MatterFilter{Q: "行政强制法"}, []string{"MT-03"}},
			{"Q wildcard literal", admin, registry.MatterFilter{Q: "%_"}, []string{"MT-05"}},
			{"kind", admin, registry.MatterFilter{Kind: "penalty"}, []string{"MT-01", "MT-04"}},
			{"domain", admin, registry.MatterFilter{Domain: "城市管理"}, []string{"MT-04"}},
			{"agency", admin, registry.MatterFilter{Agency: c}, []string{"MT-02", "MT-03"}},
			{"region city", admin, registry.MatterFilter{Region: "370100"}, []string{"MT-01", "MT-02", "MT-03"}},
			{"region county", admin, registry.MatterFilter{Region: "370102"}, []string{"MT-01"}},
			{"sort kind", admin, registry.MatterFilter{Sort: "kind"}, []string{"MT-03", "MT-02", "MT-05", "MT-01", "MT-04"}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				f := tc.f
				list, err := registry.ListMatters(ctx, db, tc.p, &f)
				if err != nil {
					t.Fatal(err)
				}
				if got := matterCodes(list); !reflect.DeepEqual(got, tc.want) || f.Total != len(tc.want) {
					t.Errorf("got %v (total %d), want %v", got, f.Total, tc.want)
				}
				for _, m := range list {
					full, _ := registry.GetMatter(ctx, db, admin, m.Code)
					if !reflect.DeepEqual(m.AgencyCodes, full.AgencyCodes) {
						t.Errorf("%s: listed holders %v, stored %v", m.Code, m.AgencyCodes, full.AgencyCodes)
					}
				}
			})
		}
		f := registry.MatterFilter{Page: registry.Page{Page: 2, Size: 2}}
		list, err := registry.ListMatters(ctx, db, admin, &f)
		if err != nil {
			t.Fatal(err)
		}
		if got := matterCodes(list); !reflect.DeepEqual(got, []string{"MT-03", "MT-04"}) || f.Total != 5 || f.Pages() != 3 {
			t.Errorf("page 2: %v total %d pages %d", got, f.Total, f.Pages())
		}
	})
}
