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

const audits = `SELECT COUNT(*) FROM audit_log WHERE entity = 'benchmark'`

// A PUT of the same body changes nothing; the same date with other tiers
// replaces that version; a later date is a new version (spec: benchmarks).
func TestBenchmarkPutVersions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := setup(t, db)
		v1 := []discretion.Tier{tier("ordinary", 15000, 35000), tier("lighter", 5000, 15000), {Tier: "none",
			Criteria: &discretion.Criteria{FirstOffense: bptr(true), HarmMax: "slight", Corrected: bptr(true)}}}
		if !mustPut(t, db, admin, w.m102, "370000", "2024-01-01", v1...) {
			t.Error("first put not created")
		}
		if n := count(t, db, audits); n != 1 {
			t.Errorf("audit rows %d, want 1", n)
		}
		// Replay, tiers in another order: unchanged, no audit row.
		if mustPut(t, db, admin, w.m102, "370000", "2024-01-01", v1[2], v1[0], v1[1]) {
			t.Error("replay created")
		}
		if n := count(t, db, audits); n != 1 {
			t.Errorf("replay wrote audit: %d rows", n)
		}
		// Same date, other body: replaced in place.
		mustPut(t, db, admin, w.m102, "370000", "2024-01-01", tier("ordinary", 16000, 35000), tier("lighter", 5000, 16000))
		if n := count(t, db, `SELECT COUNT(*) FROM benchmarks`); n != 1 {
			t.Errorf("replace made %d versions", n)
		}
		if n := count(t, db, audits); n != 2 {
			t.Errorf("replace: audit rows %d, want 2", n)
		}
		// Later date: a new version.
		if !mustPut(t, db, admin, w.m102, "370000", "2025-01-01", tier("ordinary", 18000, 40000)) {
			t.Error("new date not created")
		}
		b, err := discretion.Get(ctx, db, admin, w.m102)
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Versions) != 2 || b.Versions[0].Version != 1 || b.Versions[1].Version != 2 ||
			b.Versions[0].EffectiveFrom != "2024-01-01" || len(b.Versions[0].Tiers) != 2 ||
			*b.Versions[0].Tiers[1].FineMinFen != 1_600_000 || b.Versions[0].RegionName != "山东省" {
			t.Fatalf("versions = %+v", b.Versions)
		}
		// The later version is the one in force today.
		if b.Versions[0].Current || !b.Versions[1].Current {
			t.Errorf("current flags: %v %v", b.Versions[0].Current, b.Versions[1].Current)
		}
		// A version dated in the future is not current yet.
		mustPut(t, db, admin, w.m102, "370000", "2099-01-01", tier("ordinary", 18000, 40000))
		b, _ = discretion.Get(ctx, db, admin, w.m102)
		if !b.Versions[1].Current || b.Versions[2].Current {
			t.Errorf("future version current: %+v", b.Versions)
		}
	})
}

// Tier checks (domain-research §2.5 and 处罚法 Art. 30–33); nothing is written.
func TestBenchmarkValidation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := setup(t, db)
		for _, c := range []struct {
			name  string
			in    discretion.Input
			field string
			want  string
		}{
			{"no tiers", discretion.Input{EffectiveFrom: "2024-01-01"}, "tiers", "至少"},
			{"no date", discretion.Input{Tiers: []discretion.Tier{tier("ordinary", 1, 2)}}, "effective_from", "请填写生效日期"},
			{"bad date", discretion.Input{EffectiveFrom: "2024-02-30", Tiers: []discretion.Tier{tier("ordinary", 1, 2)}}, "effective_from", "日期"},
			{"bad tier", discretion.Input{EffectiveFrom: "2024-01-01", Tiers: []discretion.Tier{tier("medium", 1, 2)}}, "tiers[0].tier", "裁量阶次应为"},
			{"duplicate tier", discretion.Input{EffectiveFrom: "2024-01-01", Tiers: []discretion.Tier{tier("ordinary", 1, 2), tier("ordinary", 1, 3)}}, "tiers[1].tier", "重复"},
			{"min > max", discretion.Input{EffectiveFrom: "2024-01-01", Tiers: []discretion.Tier{tier("ordinary", 500, 100)}}, "tiers[0].fine_max_fen", "不能低于下限"},
			{"negative", discretion.Input{EffectiveFrom: "2024-01-01", Tiers: []discretion.Tier{{Tier: "ordinary", FineMinFen: new(int64(-1))}}}, "tiers[0].fine_min_fen", "不小于0"},
			{"lighter above ordinary", discretion.Input{EffectiveFrom: "2024-01-01", Tiers: []discretion.Tier{tier("ordinary", 1000, 5000), tier("lighter", 500, 6000)}}, "tiers[1].fine_max_fen", "从轻处罚的罚款上限"},
			{"heavier below ordinary", discretion.Input{EffectiveFrom: "2024-01-01", Tiers: []discretion.Tier{tier("ordinary", 1000, 5000), tier("heavier", 900, 8000)}}, "tiers[1].fine_min_fen", "从重处罚的罚款下限"},
			{"mitigated above lighter", discretion.Input{EffectiveFrom: "2024-01-01", Tiers: []discretion.Tier{tier("lighter", 1000, 2000), tier("mitigated", 0, 1500)}}, "tiers[1].fine_max_fen", "减轻处罚应在法定最低罚款以下"},
			{"none with fine", discretion.Input{EffectiveFrom: "2024-01-01", Tiers: []discretion.Tier{tier("none", 0, 100)}}, "tiers[0].fine_max_fen", "不予处罚"},
			{"fine as other penalty", discretion.Input{EffectiveFrom: "2024-01-01", Tiers: []discretion.Tier{{Tier: "ordinary", OtherPenalties: []string{"warning", "fine"}}}}, "tiers[0].other_penalties[1]", "罚款"},
			{"unknown penalty", discretion.Input{EffectiveFrom: "2024-01-01", Tiers: []discretion.Tier{{Tier: "ordinary", OtherPenalties: []string{"flogging"}}}}, "tiers[0].other_penalties[0]", "第九条"},
			{"multiples", discretion.Input{EffectiveFrom: "2024-01-01", Tiers: []discretion.Tier{{Tier: "ordinary", IncomeMultipleMin: new(3.0), IncomeMultipleMax: new(1.0)}}}, "tiers[0].income_multiple_max", "倍数上限"},
			{"bad harm", discretion.Input{EffectiveFrom: "2024-01-01", Tiers: []discretion.Tier{{Tier: "none", Criteria: &discretion.Criteria{HarmMax: "huge"}}}}, "tiers[0].criteria.harm_max", "危害后果"},
			{"township setter", discretion.Input{RegionCode: "370102001", EffectiveFrom: "2024-01-01", Tiers: []discretion.Tier{tier("ordinary", 1, 2)}}, "region_code", "6位"},
			{"unknown region", discretion.Input{RegionCode: "379900", EffectiveFrom: "2024-01-01", Tiers: []discretion.Tier{tier("ordinary", 1, 2)}}, "region_code", "区划表"},
		} {
			in := c.in
			in.MatterCode = w.m102
			if in.RegionCode == "" {
				in.RegionCode = "370000"
			}
			_, err := discretion.Put(ctx, db, admin, &in)
			e := apperr.As(err)
			if e.Code != apperr.Invalid || !strings.Contains(e.Fields[c.field], c.want) {
				t.Errorf("%s: %v %v, want %s containing %q", c.name, err, e.Fields, c.field, c.want)
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM benchmarks`); n != 0 {
			t.Errorf("invalid puts wrote %d versions", n)
		}
		if n := count(t, db, audits); n != 0 {
			t.Errorf("invalid puts wrote %d audit rows", n)
		}
	})
}

// 国办发〔2022〕27号: a lower level refines a higher level's benchmark
// inside its range, judged against the higher version in force on the
// lower version's effective date.
func TestBenchmarkProvinceRangeRule(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := setup(t, db)
		mustPut(t, db, admin, w.m102, "370000", "2024-01-01", tier("lighter", 500, 1000), tier("ordinary", 1000, 5000), tier("heavier", 5000, 10000))
		mustPut(t, db, admin, w.m102, "370000", "2025-01-01", tier("ordinary", 1500, 6000))

		// Inside the province range: accepted, also a tier the province left out.
		mustPut(t, db, admin, w.m102, "370100", "2024-06-01", tier("ordinary", 2000, 4000), discretion.Tier{Tier: "none", Conditions: "首违不罚"},
			discretion.Tier{Tier: "mitigated", Conditions: "仅警告", OtherPenalties: []string{"warning"}})

		before := count(t, db, `SELECT COUNT(*) FROM benchmarks`)
		for _, c := range []struct {
			name, region, from string
			tiers              []discretion.Tier
			field, want        string
		}{
			{"below province min", "370100", "2024-07-01", []discretion.Tier{tier("ordinary", 500, 4000)}, "tiers[0].fine_min_fen",
				"裁量阶次“一般”的罚款幅度（500.00元至4000.00元）超出了上级基准：山东省（370000）2024-01-01起施行的该阶次为1000.00元至5000.00元"},
			{"above province max", "370100", "2024-07-01", []discretion.Tier{tier("heavier", 6000, 12000)}, "tiers[0].fine_max_fen", "5000.00元至10000.00元"},
			{"open upper bound", "370100", "2024-07-01", []discretion.Tier{tier("heavier", 6000, -1)}, "tiers[0].fine_max_fen", "从重处罚"},
			// The day before the province's 2025 version, the 2024 one rules.
			{"old province version", "370100", "2024-12-31", []discretion.Tier{tier("ordinary", 5500, 6000)}, "tiers[0].fine_max_fen", "2024-01-01"},
			// A county is held to the city's narrower range, which it inherits.
			{"county inside city", "370102", "2024-08-01", []discretion.Tier{tier("ordinary", 1000, 4000)}, "tiers[0].fine_min_fen", "济南市（370100）2024-06-01"},
			{"fine where the city has none", "370102", "2024-08-01", []discretion.Tier{tier("mitigated", 0, 10)}, "tiers[0].fine_max_fen", "该阶次为未设定罚款"},
		} {
			_, err := discretion.Put(ctx, db, admin, &discretion.Input{MatterCode: w.m102, RegionCode: c.region, EffectiveFrom: c.from, Tiers: c.tiers})
			e := apperr.As(err)
			if e.Code != apperr.Invalid || !strings.Contains(e.Fields[c.field], c.want) {
				t.Errorf("%s: %v %v, want %s containing %q", c.name, err, e.Fields, c.field, c.want)
			}
			if e.Code == apperr.Invalid && !strings.Contains(e.Message, "裁量阶次") && !strings.Contains(e.Message, "提交的数据有误") {
				t.Errorf("%s: message %q does not name the tier", c.name, e.Message)
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM benchmarks`); n != before {
			t.Errorf("refused supplements wrote: %d → %d", before, n)
		}
		// After the province's 2025 version the wider range is allowed.
		mustPut(t, db, admin, w.m102, "370100", "2025-02-01", tier("ordinary", 5500, 6000))
		// A city benchmark dated before any province version is not limited.
		mustPut(t, db, admin, w.m102, "370100", "2023-06-01", tier("ordinary", 100, 90000))
		// A county inside the city's range.
		mustPut(t, db, admin, w.m102, "370102", "2024-08-01", tier("ordinary", 2500, 3500))
	})
}

// Scope: the setting region defaults to the caller's jurisdiction and must
// be inside it (403); matters outside it are not found; roles without
// benchmark rights are refused.
func TestBenchmarkScope(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := setup(t, db)
		county := &auth.Principal{Name: "历下区市场监管局管理员", Role: auth.RoleAgencyAdmin, Region: "370102", Agency: w.a102}
		in := func(region string, matter string) *discretion.Input {
			return &discretion.Input{MatterCode: matter, RegionCode: region, EffectiveFrom: "2024-01-01", Tiers: []discretion.Tier{tier("ordinary", 100, 200)}}
		}
		x := in("", w.m102)
		if _, err := discretion.Put(ctx, db, county, x); err != nil || x.RegionCode != "370102" {
			t.Fatalf("default region: %v, region %q", err, x.RegionCode)
		}
		if _, err := discretion.Put(ctx, db, county, in("370100", w.m102)); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("county sets a city benchmark: %v", err)
		}
		if _, err := discretion.Put(ctx, db, county, in("", w.m103)); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("matter of another county: %v", err)
		}
		if _, err := discretion.Put(ctx, db, county, in("", "NO-SUCH")); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unknown matter: %v", err)
		}
		officer := &auth.Principal{Name: "执法人员", Role: auth.RoleOfficer, Region: "370102", Agency: w.a102}
		if _, err := discretion.Put(ctx, db, officer, in("", w.m102)); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("officer: %v", err)
		}
		supervisor := &auth.Principal{Name: "监督", Role: auth.RoleSupervisor, Region: "370100"}
		if _, err := discretion.Put(ctx, db, supervisor, in("", w.m102)); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("supervisor: %v", err)
		}
		province := &auth.Principal{Name: "令牌:省", Role: auth.RoleIntegration, Region: "370000"}
		y := in("", w.m102)
		if _, err := discretion.Put(ctx, db, province, y); err != nil || y.RegionCode != "370000" {
			t.Fatalf("province token: %v %q", err, y.RegionCode)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM benchmarks`); n != 2 {
			t.Errorf("%d versions, want 2", n)
		}
		for in, want := range map[string]string{"37": "370000", "3701": "370100", "370000": "370000", "370102": "370102", "": ""} {
			if got := discretion.SettingRegion(in); got != want {
				t.Errorf("SettingRegion(%q) = %q, want %q", in, got, want)
			}
		}

		// Reads: versions set inside or above the caller's jurisdiction.
		mustPut(t, db, admin, w.m102, "370100", "2024-01-01", tier("ordinary", 100, 200))
		mustPut(t, db, admin, w.m103, "370103", "2024-01-01", tier("ordinary", 100, 200))
		seen := func(p *auth.Principal, matter string) []string {
			b, err := discretion.Get(ctx, db, p, matter)
			if err != nil {
				return []string{apperr.As(err).Code}
			}
			var out []string
			for _, v := range b.Versions {
				out = append(out, v.RegionCode)
			}
			return out
		}
		if got := strings.Join(seen(county, w.m102), ","); got != "370000,370100,370102" {
			t.Errorf("county sees %s", got)
		}
		if got := strings.Join(seen(county, w.m103), ","); got != "not_found" {
			t.Errorf("county sees another county's matter: %s", got)
		}
		city := &auth.Principal{Name: "市", Role: auth.RoleSupervisor, Region: "370100"}
		if got := strings.Join(seen(city, w.m102), ","); got != "370000,370100,370102" {
			t.Errorf("city sees %s", got)
		}
		f := &discretion.VersionFilter{}
		list, err := discretion.ListVersions(ctx, db, county, f)
		if err != nil || f.Total != 3 || len(list) != 3 {
			t.Errorf("county list: %d/%d %v", len(list), f.Total, err)
		}
		f = &discretion.VersionFilter{Region: "370100"}
		if list, _ := discretion.ListVersions(ctx, db, city, f); f.Total != 3 || list[0].MatterName == "" {
			t.Errorf("city list inside 370100: %d", f.Total)
		}
		f = &discretion.VersionFilter{MatterCode: w.m103}
		if _, _ = discretion.ListVersions(ctx, db, city, f); f.Total != 1 {
			t.Errorf("city list of %s: %d", w.m103, f.Total)
		}
		f = &discretion.VersionFilter{}
		if _, _ = discretion.ListVersions(ctx, db, nil, f); f.Total != 4 {
			t.Errorf("public list: %d, want 4", f.Total)
		}
	})
}

func TestListMattersPage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := setup(t, db)
		mustPut(t, db, admin, w.m102, "370000", "2024-01-01", tier("ordinary", 100, 200))
		mustPut(t, db, admin, w.m102, "370102", "2024-02-01", tier("ordinary", 120, 180))
		city := &auth.Principal{Name: "市", Role: auth.RoleSupervisor, Region: "370100"}
		for _, c := range []struct {
			f    discretion.MatterFilter
			want string
		}{
			{discretion.MatterFilter{}, w.m102},
			{discretion.MatterFilter{Show: "all"}, w.m100 + "," + w.m102 + "," + w.m103},
			{discretion.MatterFilter{Show: "none"}, w.m100 + "," + w.m103},
			{discretion.MatterFilter{Region: "370102"}, w.m102},
			{discretion.MatterFilter{Region: "370103"}, ""},
			{discretion.MatterFilter{Show: "all", Q: w.m103}, w.m103},
		} {
			rows, err := discretion.ListMatters(ctx, db, city, &c.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rows {
				got = append(got, r.Code)
			}
			if strings.Join(got, ",") != c.want {
				t.Errorf("%+v: %v, want %s", c.f, got, c.want)
			}
			for _, r := range rows {
				if r.Code == w.m102 && (len(r.Versions) != 2 || !r.Versions[0].Current || r.Versions[0].RegionCode != "370000") {
					t.Errorf("versions of %s: %+v", r.Code, r.Versions)
				}
			}
		}
	})
}
