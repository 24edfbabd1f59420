package warning_test

// The supervision dashboard's queries at province scale: 100,000 findings
// (and 60,000 cases they are about, 200,000 officer attributions) spread
// over Shandong's counties, written directly as rows, then ANALYZE. Run:
//
//	go test -run '^$' -bench 'Dashboard' -benchtime 20x ./internal/warning/

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/warning"
)

const (
	dashBenchFindings = 100_000
	dashBenchCases    = 60_000
)

func BenchmarkDashboard(b *testing.B) {
	for _, e := range testdb.Engines {
		b.Run(string(e), func(b *testing.B) {
			db := testdb.Open(b, e)
			ctx := clock.With(context.Background(), clock.Pinned(testworld.Today))
			counties := dashBenchLoad(b, ctx, db)
			province := &auth.Principal{Name: "省司法厅", Role: auth.RoleSupervisor, Region: "370000"}
			county := &auth.Principal{Name: "县司法局", Role: auth.RoleSupervisor, Region: counties[0]}
			city := counties[0][:4] + "00"
			for _, c := range []struct {
				name string
				p    *auth.Principal
				f    warning.StatsFilter
				fn   string
			}{
				{"province_totals_by_region", province, warning.StatsFilter{}, "stats"},
				{"city_totals_by_region", province, warning.StatsFilter{Region: city}, "stats"},
				{"county_totals_by_region", county, warning.StatsFilter{}, "stats"},
				{"province_by_agency", province, warning.StatsFilter{GroupBy: "agency"}, "groups"},
				{"province_by_rule", province, warning.StatsFilter{GroupBy: "rule"}, "groups"},
				{"province_by_month", province, warning.StatsFilter{GroupBy: "month"}, "groups"},
				{"province_overdue_50", province, warning.StatsFilter{}, "overdue"},
				{"province_agency_cards", province, warning.StatsFilter{}, "agency_cards"},
				{"county_officer_cards", county, warning.StatsFilter{}, "officer_cards"},
				{"officer_list_cards_20", province, warning.StatsFilter{}, "officer_list"},
			} {
				b.Run(c.name, func(b *testing.B) {
					for b.Loop() {
						f := c.f
						var err error
						switch c.fn {
						case "stats":
							_, err = warning.GetStats(ctx, db, c.p, &f)
						case "groups":
							_, err = warning.GetStatsGroups(ctx, db, c.p, &f)
						case "overdue":
							_, err = warning.DashOverdue(ctx, db, c.p, &f, 50)
						case "agency_cards":
							_, err = warning.CardHolders(ctx, db, c.p, "agency", 2026)
						case "officer_cards":
							_, err = warning.CardHolders(ctx, db, c.p, "officer", 2026)
						case "officer_list":
							refs := make([]warning.CardRef, 20)
							for i := range refs {
								refs[i] = warning.CardRef{Key: dashBenchCert(counties[0], i), Region: counties[0]}
							}
							_, err = warning.OfficerCards(ctx, db, refs, 2026)
						}
						if err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

// dashBenchLoad writes the synthetic province and returns its county codes.
func dashBenchLoad(b *testing.B, ctx context.Context, db *store.DB) []string {
	return dashBenchLoadT(b, ctx, db)
}

func dashBenchLoadT(b testing.TB, ctx context.Context, db *store.DB) []string {
	b.Helper()
	rows, err := db.R.QueryContext(ctx, `SELECT code FROM regions WHERE code >= '37' AND code < '38' AND level = 3 ORDER BY code`)
	if err != nil {
		b.Fatal(err)
	}
	var counties []string
	for rows.Next() {
		var c string
		rows.Scan(&c)
		counties = append(counties, c)
	}
	rows.Close()
	if len(counties) < 100 {
		b.Fatalf("only %d counties of Shandong in the regions table", len(counties))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	now := clock.Millis(ctx)
	start := dashMs("2026-01-01")
	agency := func(county string, i int) string { return fmt.Sprintf("A%s%02d", county, i) }

	bulk := func(table string, cols []string, n int, row func(i int) []any) {
		const per = 500
		for lo := 0; lo < n; lo += per {
			hi := min(lo+per, n)
			var sb strings.Builder
			args := make([]any, 0, (hi-lo)*len(cols))
			for i := lo; i < hi; i++ {
				if i > lo {
					sb.WriteString(",")
				}
				sb.WriteString("(")
				for j, v := range row(i) {
					if j > 0 {
						sb.WriteString(",")
					}
					args = append(args, v)
					fmt.Fprintf(&sb, "$%d", len(args))
				}
				sb.WriteString(")")
			}
			if _, err := db.W.ExecContext(ctx, `INSERT INTO `+table+` (`+strings.Join(cols, ",")+`) VALUES `+sb.String(), args...); err != nil {
				b.Fatal(err)
			}
		}
	}
	bulk("agencies", []string{"code", "name", "kind", "region_code", "created_at", "updated_at"}, len(counties)*2, func(i int) []any {
		c := counties[i/2]
		return []any{agency(c, i%2), "执法局" + agency(c, i%2), "enforcement", c, now, now}
	})
	caseRegion := make([]string, dashBenchCases)
	bulk("cases", []string{"source_system", "source_id", "agency_code", "region_code", "matter_code", "procedure_kind", "party_kind",
		"party_name", "party_id_number", "party_json", "facts_json", "events_json", "body_hash", "status", "created_at", "updated_at"},
		dashBenchCases, func(i int) []any {
			c := counties[rng.IntN(len(counties))]
			caseRegion[i] = c
			at := start + rng.Int64N(now-start)
			return []any{"bench", fmt.Sprint(i), agency(c, i%2), c, "M", "general", "org", "当事人", "", "{}", "{}", "[]", "", "filed", at, at}
		})
	rules := []string{"DECISION_OVERDUE", "FILING_OVERDUE", "NOTICE_MISSING", "REVIEW_MISSING", "HEARING_MISSING",
		"DELIVERY_OVERDUE", "PUBLICITY_OVERDUE", "MATTER_NOT_HELD"}
	stages := []string{"issued", "issued", "signed", "answered", "closed", "closed", "closed", "cured"}
	findingRegion := make([]string, dashBenchFindings)
	bulk("findings", []string{"subject_kind", "subject_id", "rule", "fkey", "severity", "message", "basis", "status", "region_code",
		"agency_code", "first_seen", "resolved_at", "stage", "escalated", "issued_at", "last_action"}, dashBenchFindings, func(i int) []any {
		cs := rng.IntN(dashBenchCases)
		c := caseRegion[cs]
		findingRegion[i] = c
		sev, esc := "yellow", 0
		if rng.IntN(10) < 3 {
			sev = "red"
			esc = rng.IntN(2)
		}
		st := stages[rng.IntN(len(stages))]
		status, last, resolved := "open", "", int64(0)
		seen := start + rng.Int64N(now-start)
		switch st {
		case "signed":
			last = "sign"
		case "answered":
			last = "rectify"
		case "closed":
			status, last, resolved = "resolved", "verify", seen+rng.Int64N(20*86_400_000)
		case "cured":
			status, resolved = "resolved", seen+86_400_000
		}
		return []any{"case", cs + 1, rules[rng.IntN(len(rules))], fmt.Sprint(i), sev, "预警", "依据", status, c, agency(c, cs%2),
			seen, resolved, st, esc, seen, last}
	})
	// 40 officers per county; two of them on each finding, as CardIndex attributes them.
	bulk("officers", []string{"cert_no", "name", "agency_code", "region_code", "cert_valid_from", "cert_valid_to", "verify_id",
		"created_at", "updated_at"}, len(counties)*40, func(i int) []any {
		c := counties[i/40]
		return []any{dashBenchCert(c, i%40), "执法人员", agency(c, i%2), c, "2024-01-01", "2029-12-31", fmt.Sprint("v", i), now, now}
	})
	bulk("finding_officers", []string{"finding_id", "cert_no", "region_code", "first_seen"}, dashBenchFindings*2, func(i int) []any {
		f := i / 2 // the f-th finding's id is f+1 (fresh tables)
		c := findingRegion[f]
		return []any{f + 1, dashBenchCert(c, (f+i%2*7)%40), c, start + int64(f)*((now-start)/dashBenchFindings)}
	})
	if _, err := db.W.ExecContext(ctx, `UPDATE card_cursor SET last_finding = $1 WHERE id = 1`, dashBenchFindings); err != nil {
		b.Fatal(err)
	}
	if _, err := db.W.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	return counties
}

func dashBenchCert(county string, i int) string { return fmt.Sprintf("B%s%02d", county, i) }

// BenchmarkCardIndex is the incremental cost of the 红黄牌: attributing
// 10,000 new findings to the officers on their cases' events (what a pass
// does after that many warnings were raised), per op; divide by 10,000 for
// one finding.
func BenchmarkCardIndex(b *testing.B) {
	for _, e := range testdb.Engines {
		b.Run(string(e), func(b *testing.B) {
			db := testdb.Open(b, e)
			ctx := clock.With(context.Background(), clock.Pinned(testworld.Today))
			now := clock.Millis(ctx)
			const n = 10_000
			for lo := 0; lo < n; lo += 500 {
				var sb strings.Builder
				var args []any
				for i := lo; i < lo+500; i++ {
					if i > lo {
						sb.WriteString(",")
					}
					k := len(args)
					fmt.Fprintf(&sb, "($%d,$%d,'A','370102','M','general','org','p','','{}','{}',$%d,'','filed',$%d,$%d)", k+1, k+2, k+3, k+4, k+4)
					ev := fmt.Sprintf(`[{"type":"registered","at":"2026-01-01","officers":["C%04d","C%04d"]},{"type":"filed","at":"2026-01-02","officers":["C%04d"]}]`,
						i%500, (i+1)%500, i%500)
					args = append(args, "bench", fmt.Sprint(i), ev, now)
				}
				if _, err := db.W.ExecContext(ctx, `INSERT INTO cases (source_system, source_id, agency_code, region_code, matter_code,
					procedure_kind, party_kind, party_name, party_id_number, party_json, facts_json, events_json, body_hash, status,
					created_at, updated_at) VALUES `+sb.String(), args...); err != nil {
					b.Fatal(err)
				}
			}
			if _, err := db.W.ExecContext(ctx, `INSERT INTO findings (subject_kind, subject_id, rule, fkey, severity, message, basis,
				region_code, agency_code, first_seen, issued_at) SELECT 'case', id, 'DECISION_OVERDUE', '', 'red', 'x', 'y', region_code,
				agency_code, $1, $1 FROM cases`, now-86_400_000); err != nil {
				b.Fatal(err)
			}
			db.W.ExecContext(ctx, `ANALYZE`)
			for b.Loop() {
				b.StopTimer()
				db.W.ExecContext(ctx, `DELETE FROM finding_officers`)
				db.W.ExecContext(ctx, `UPDATE card_cursor SET last_finding = 0`)
				b.StartTimer()
				got, err := warning.CardIndex(ctx, db)
				if err != nil || got != n {
					b.Fatalf("CardIndex = %d, %v; want %d", got, err, n)
				}
			}
		})
	}
}
