package coordination_test

import (
	"fmt"
	"slices"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/coordination"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// kindCase is one case row of the kinds' tables.
type kindCase struct {
	agency, region, matter, tier string
	fineYuan                     int64
	filed, decided               string
}

var caseSeq int

// addKindCase writes one bare case row with its decision (the kinds read
// only scope, matter, filing and decision day, tier and fine).
func addKindCase(t *testing.T, db *store.DB, c kindCase) {
	t.Helper()
	caseSeq++
	if c.region == "" {
		c.region = testworld.Region
	}
	_, err := db.W.Exec(`INSERT INTO cases (source_system, source_id, case_no, title, agency_code, region_code, matter_code,
		procedure_kind, party_kind, party_name, party_id_number, party_json, facts_json, events_json, body_hash, status, filed_on,
		decided_on, tier, fine_fen, created_at, updated_at) VALUES ('t', $1, $2, '案件', $3, $4, $5, 'general', 'org', '济南某某商贸有限公司',
		$6, '{}', '{}', '[]', '', 'decided', $7, $8, $9, $10, 0, 0)`, fmt.Sprintf("K-%d", caseSeq), fmt.Sprintf("类%d", caseSeq),
		c.agency, c.region, c.matter, fmt.Sprintf("91370102MA3C5%05dX", caseSeq), c.filed, c.decided, c.tier, c.fineYuan*100)
	if err != nil {
		t.Fatal(err)
	}
}

// TestSelectiveEnforcement: 选择性执法 as 类案不同罚 inside one agency
// (spec/supervision-v1.md §2 SIMILAR_CASE_DISPARITY; 国办发〔2022〕27号:
// 类案同罚) — one agency's fined cases of one matter and tier in the
// window, at least the region's number of them, the highest fine at least
// the region's ratio times the lowest. A row per condition; the ratio set
// by the city is inherited by the county.
func TestSelectiveEnforcement(t *testing.T) {
	A, O := testworld.Agency, testworld.Other
	rows := []struct {
		name  string
		cases []kindCase // matter filled by the row
		set   *coordination.OverlapSettings
		want  bool
	}{
		{"three fines of one agency, matter and tier 10× apart", []kindCase{
			{agency: A, tier: "ordinary", fineYuan: 500, filed: "2026-04-01", decided: "2026-05-01"},
			{agency: A, tier: "ordinary", fineYuan: 2000, filed: "2026-04-02", decided: "2026-05-02"},
			{agency: A, tier: "ordinary", fineYuan: 5000, filed: "2026-04-03", decided: "2026-05-03"}}, nil, true},
		{"a gap of 4× under the default ratio 5", []kindCase{
			{agency: A, tier: "ordinary", fineYuan: 1000, filed: "2026-04-01", decided: "2026-05-01"},
			{agency: A, tier: "ordinary", fineYuan: 2000, filed: "2026-04-02", decided: "2026-05-02"},
			{agency: A, tier: "ordinary", fineYuan: 4000, filed: "2026-04-03", decided: "2026-05-03"}}, nil, false},
		{"two cases under the default three", []kindCase{
			{agency: A, tier: "ordinary", fineYuan: 100, filed: "2026-04-01", decided: "2026-05-01"},
			{agency: A, tier: "ordinary", fineYuan: 9000, filed: "2026-04-02", decided: "2026-05-02"}}, nil, false},
		{"different tiers are not like cases", []kindCase{
			{agency: A, tier: "lighter", fineYuan: 100, filed: "2026-04-01", decided: "2026-05-01"},
			{agency: A, tier: "ordinary", fineYuan: 2000, filed: "2026-04-02", decided: "2026-05-02"},
			{agency: A, tier: "heavier", fineYuan: 9000, filed: "2026-04-03", decided: "2026-05-03"}}, nil, false},
		{"different agencies are not one agency's choice", []kindCase{
			{agency: A, tier: "ordinary", fineYuan: 100, filed: "2026-04-01", decided: "2026-05-01"},
			{agency: A, tier: "ordinary", fineYuan: 200, filed: "2026-04-02", decided: "2026-05-02"},
			{agency: O, tier: "ordinary", fineYuan: 9000, filed: "2026-04-03", decided: "2026-05-03"}}, nil, false},
		{"a case filed before the window", []kindCase{
			{agency: A, tier: "ordinary", fineYuan: 100, filed: "2025-10-01", decided: "2026-05-01"},
			{agency: A, tier: "ordinary", fineYuan: 2000, filed: "2026-04-02", decided: "2026-05-02"},
			{agency: A, tier: "ordinary", fineYuan: 9000, filed: "2026-04-03", decided: "2026-05-03"}}, nil, false},
		{"undecided cases do not count", []kindCase{
			{agency: A, tier: "ordinary", fineYuan: 100, filed: "2026-04-01"},
			{agency: A, tier: "ordinary", fineYuan: 2000, filed: "2026-04-02", decided: "2026-05-02"},
			{agency: A, tier: "ordinary", fineYuan: 9000, filed: "2026-04-03", decided: "2026-05-03"}}, nil, false},
		{"the city's ratio 3 and two cases, inherited by the county", []kindCase{
			{agency: A, tier: "ordinary", fineYuan: 1000, filed: "2026-04-01", decided: "2026-05-01"},
			{agency: A, tier: "ordinary", fineYuan: 3500, filed: "2026-04-02", decided: "2026-05-02"}},
			&coordination.OverlapSettings{WindowDays: 90, MinAgencies: 2, SelectiveCases: 2, SelectiveRatio: 3}, true},
	}
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		for i, row := range rows {
			t.Run(row.name, func(t *testing.T) {
				matter := fmt.Sprintf("SEL-%02d", i)
				for _, c := range row.cases {
					c.matter = matter
					addKindCase(t, db, c)
				}
				if row.set != nil {
					if err := coordination.PutOverlapSettings(w.Ctx, db, testworld.As("city"), "370100", *row.set); err != nil {
						t.Fatal(err)
					}
				}
				list, err := coordination.SelectiveEnforcement(w.Ctx, db, testworld.As("supervisor"), &coordination.OverlapFilter{})
				if err != nil {
					t.Fatal(err)
				}
				i := slices.IndexFunc(list, func(s *coordination.Selective) bool { return s.Matter == matter })
				if (i >= 0) != row.want {
					t.Fatalf("listed %v, want %v: %+v", i >= 0, row.want, list)
				}
				if i >= 0 {
					s := list[i]
					if s.Agency != A || len(s.Cases) != len(row.cases) || s.Fines[0] != s.MinFen || s.MaxFen < s.MinFen*3 ||
						s.AgencyName != "济南市历下区市场监督管理局" {
						t.Fatalf("group %+v", s)
					}
				}
			})
		}
		_, err := coordination.SelectiveEnforcement(w.Ctx, db, testworld.As("agency_admin"), &coordination.OverlapFilter{})
		wantCode(t, "an agency reading selective enforcement", err, apperr.Forbidden, "")
	})
}

// TestNotHeldMatters: cases on a matter of the 权责清单 their agency does
// not hold (执法主体不适格, 行政处罚法 Art. 17, 行政执法监督条例 Art. 11(一),
// the warning MATTER_NOT_HELD) listed per agency and matter with the
// holders; a row per condition.
func TestNotHeldMatters(t *testing.T) {
	A, O := testworld.Agency, testworld.Other
	rows := []struct {
		name   string
		c      kindCase
		viewer string
		want   bool
	}{
		{"the agency holds the matter", kindCase{agency: A, matter: testworld.Matter, filed: "2026-05-01"}, "city", false},
		{"another county's agency on the matter only the 历下 bureau holds",
			kindCase{agency: O, region: "370103", matter: testworld.Matter, filed: "2026-05-01"}, "city", true},
		{"the same case is outside the 历下 county's view",
			kindCase{agency: O, region: "370103", matter: testworld.Matter, filed: "2026-05-02"}, "supervisor", false},
		{"a matter not on the register is left to the exchange's validation",
			kindCase{agency: O, region: "370103", matter: "NOT-ON-LIST", filed: "2026-05-01"}, "city", false},
		{"filed before the window", kindCase{agency: O, region: "370103", matter: "NH-OLD", filed: "2025-01-01"}, "city", false},
	}
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		if _, err := registry.PutMatter(w.Ctx, db, w.Admin, &registry.Matter{Code: "NH-OLD", Name: "旧事项", Kind: "penalty",
			LegalBasis: "《中华人民共和国食品安全法》第一百二十四条", AgencyCodes: []string{A}}); err != nil {
			t.Fatal(err)
		}
		for _, row := range rows {
			t.Run(row.name, func(t *testing.T) {
				addKindCase(t, db, row.c)
				list, err := coordination.NotHeldMatters(w.Ctx, db, testworld.As(row.viewer), &coordination.OverlapFilter{})
				if err != nil {
					t.Fatal(err)
				}
				i := slices.IndexFunc(list, func(n *coordination.NotHeld) bool {
					return n.Agency == row.c.agency && n.Matter == row.c.matter
				})
				if (i >= 0) != row.want {
					t.Fatalf("listed %v, want %v: %+v", i >= 0, row.want, list)
				}
				if i >= 0 && (len(list[i].Holders) != 1 || list[i].Holders[0].Code != A || list[i].MatterName != "对经营超过保质期的食品的行政处罚") {
					t.Fatalf("group %+v", list[i])
				}
			})
		}
	})
}

// TestOverlapSettings: a region's parameters are checked field by field
// in Chinese, set only by its supervision body, inherited down the tree
// and used by the overlap list by default.
func TestOverlapSettings(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		city, county := testworld.As("city"), testworld.As("supervisor")
		err := coordination.PutOverlapSettings(w.Ctx, db, city, "370100", coordination.OverlapSettings{WindowDays: 400, MinAgencies: 1,
			SelectiveCases: 3, SelectiveRatio: 5})
		wantCode(t, "a window over 366 days", err, apperr.Invalid, "window_days")
		wantCode(t, "one agency", err, apperr.Invalid, "min_agencies")
		if msg := apperr.As(err).Fields["window_days"]; msg != "时间窗口应为1至366天" {
			t.Fatalf("message %q", msg)
		}
		ok := coordination.OverlapSettings{WindowDays: 30, MinAgencies: 3, SelectiveCases: 4, SelectiveRatio: 8}
		err = coordination.PutOverlapSettings(w.Ctx, db, county, "370100", ok)
		wantCode(t, "the county setting the city's", err, apperr.NotFound, "")
		err = coordination.PutOverlapSettings(w.Ctx, db, testworld.As("agency_admin"), testworld.Region, ok)
		wantCode(t, "an agency setting them", err, apperr.Forbidden, "")
		if err := coordination.PutOverlapSettings(w.Ctx, db, city, "370100", ok); err != nil {
			t.Fatal(err)
		}
		got, in, err := coordination.OverlapSettingsOf(w.Ctx, db.R, testworld.Region)
		if err != nil || got != ok || in != "370100" {
			t.Fatalf("county inherits: %+v %q %v", got, in, err)
		}
		var n int
		if err := db.R.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE entity = 'overlap_settings'`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("audit rows %d %v", n, err)
		}
		f := coordination.OverlapFilter{}
		if _, err := coordination.Overlaps(w.Ctx, db, county, &f); err != nil {
			t.Fatal(err)
		}
		if f.From != "2026-05-16" || f.MinAgencies != 3 || f.SetIn != "370100" {
			t.Fatalf("the list's defaults: %+v", f)
		}
		own := coordination.OverlapSettings{WindowDays: 60, MinAgencies: 2, SelectiveCases: 3, SelectiveRatio: 5}
		if err := coordination.PutOverlapSettings(w.Ctx, db, county, testworld.Region, own); err != nil {
			t.Fatal(err)
		}
		if got, in, _ := coordination.OverlapSettingsOf(w.Ctx, db.R, testworld.Region); got != own || in != testworld.Region {
			t.Fatalf("the county's own: %+v %q", got, in)
		}
		if got, _, _ := coordination.OverlapSettingsOf(w.Ctx, db.R, "370103"); got != ok {
			t.Fatalf("a sibling county still inherits the city's: %+v", got)
		}
	})
}
