package warning_test

import (
	"context"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/clock"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/warning"
)

// benchFindings is the size of the findings table the benchmarks read:
// 100,000 warnings over two districts and 20 agencies, in every stage.
const benchFindings = 100_000

// loadFindings fills db with benchFindings warnings issued on 2026-06-10:
// stage by id mod 5, yellow for even ids.
func loadFindings(b *testing.B, db *store.DB) {
	b.Helper()
	ctx := context.Background()
	if err := calendar.Seed(clock.With(ctx, clock.Pinned("2026-06-15")), db); err != nil {
		b.Fatal(err)
	}
	issued := clock.Pinned("2026-06-10").Now().UnixMilli()
	_, err := db.W.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
		INSERT INTO findings (subject_kind, subject_id, rule, fkey, severity, message, basis, due, status, region_code, agency_code,
			first_seen, issued_at, stage, last_action)
		SELECT 'case', i, 'DELIVERY_OVERDUE', '', CASE WHEN i % 2 = 0 THEN 'yellow' ELSE 'red' END, '决定书超期送达', '处罚法第61条', '',
			CASE WHEN i % 5 IN (3, 4) THEN 'resolved' ELSE 'open' END,
			CASE WHEN i % 2 = 0 THEN '370102' ELSE '370103' END, 'AGENCY' || CAST(i % 20 AS TEXT), $2, $2,
			CASE i % 5 WHEN 0 THEN 'issued' WHEN 1 THEN 'signed' WHEN 2 THEN 'answered' WHEN 3 THEN 'closed' ELSE 'cured' END,
			CASE WHEN i % 10 = 1 THEN 'return' ELSE '' END
		FROM n`, benchFindings, issued)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.W.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkHandling measures, per engine over benchFindings warnings, the
// inbox counts of a city supervisor and of one agency (each page view runs
// one for the navigation badge), the first page of a stage-filtered list,
// and the hourly escalation pass when nothing is due (its steady state).
func BenchmarkHandling(b *testing.B) {
	for _, e := range testdb.Engines {
		b.Run(string(e), func(b *testing.B) {
			db := testdb.Open(b, e)
			loadFindings(b, db)
			svc := warning.NewService(db)
			ctx := clock.With(context.Background(), clock.Pinned("2026-06-11"))
			city := &auth.Principal{Name: "市监督", Role: auth.RoleSupervisor, Region: "370100"}
			agency := &auth.Principal{Name: "部门", Role: auth.RoleAgencyAdmin, Region: "370102", Agency: "AGENCY4"}
			if _, err := warning.Escalate(ctx, db); err != nil { // fills sign_by once
				b.Fatal(err)
			}
			b.Run("inbox-city", func(b *testing.B) {
				for b.Loop() {
					if _, err := svc.Counts(ctx, city); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("inbox-agency", func(b *testing.B) {
				for b.Loop() {
					if _, err := svc.Counts(ctx, agency); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("badge-city", func(b *testing.B) {
				for b.Loop() {
					if _, err := svc.Waiting(ctx, city); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("list-issued", func(b *testing.B) {
				for b.Loop() {
					if _, err := svc.List(ctx, city, &warning.Filter{Stage: warning.StageIssued, Page: registry.Page{Size: 20}}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("escalate-none-due", func(b *testing.B) {
				for b.Loop() {
					if n, err := warning.Escalate(ctx, db); err != nil || n != 0 {
						b.Fatal(n, err)
					}
				}
			})
		})
	}
}
