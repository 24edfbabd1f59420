package demo

import (
	"context"
	"strings"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/training"
)

// TestTrainingDemo: the demo's training and promise data as the note
// reports it — the figures agree with the tables.
func TestTrainingDemo(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := clock.With(context.Background(), clock.Pinned(demoToday))
		sum, err := Load(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		t.Log(sum.Training)
		var sat, passed, suspended, promises, falsePromises int
		db.R.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(passed), 0) FROM training_attempts WHERE exam_id > 0 AND submitted_at > 0`).Scan(&sat, &passed)
		db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM officers WHERE cert_status = 'suspended' AND status_reason LIKE '年检考试不合格%'`).Scan(&suspended)
		db.R.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN result = 'false' THEN 1 ELSE 0 END), 0) FROM promises`).Scan(&promises, &falsePromises)
		if sat < 20 || passed == 0 || passed == sat || suspended != sat-passed || promises != 8 || falsePromises != 1 {
			t.Errorf("sat %d passed %d suspended %d promises %d false %d", sat, passed, suspended, promises, falsePromises)
		}
		// The courses' files: two PDF handouts and the lesson video.
		var pdfs, videos int
		db.R.QueryRowContext(ctx, `SELECT COALESCE(SUM(CASE WHEN kind = 'pdf' THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN kind = 'video' THEN 1 ELSE 0 END), 0) FROM training_materials`).Scan(&pdfs, &videos)
		if pdfs != 2 || videos != 1 {
			t.Errorf("course materials: %d PDF, %d video; want 2 and 1", pdfs, videos)
		}
		var mocks, mockWrong int
		db.R.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN score < 100 THEN 1 ELSE 0 END), 0) FROM training_attempts
			WHERE exam_id = 0 AND submitted_at > 0`).Scan(&mocks, &mockWrong)
		if mocks != 3 || mockWrong != 3 {
			t.Errorf("mock exams %d, with a wrong answer %d; want 3 and 3", mocks, mockWrong)
		}
		// The statistics page's figures of the city and its districts (as
		// the city's supervision reads them): hours and pass rate.
		city := &auth.Principal{Name: "济南市司法局", Role: auth.RoleSupervisor, Region: "370100"}
		b, err := training.NewService(db).StatsIn(ctx, city, clock.Now(ctx).In(clock.Shanghai).Year(), "")
		if err != nil {
			t.Fatal(err)
		}
		if b.Total.Sat != sat || b.Total.Passed != passed || b.Total.Hours == 0 || len(b.Regions) < 2 {
			t.Errorf("the city's breakdown %+v (sat %d passed %d)", b.Total, sat, passed)
		}
		for _, r := range append(b.Regions, b.Total) {
			t.Logf("%s %s: 持证人员%d 学时%d 人均%.1f 参考%d 合格%d 合格率%.1f%%", r.RegionCode, r.AgencyName, r.Officers, r.Hours, r.AvgHours(), r.Sat, r.Passed, r.PassRate())
		}
		// Per agency in the two districts that sat the 年检 (the note's figures).
		for _, region := range []string{"370102", "370103"} {
			d, err := training.NewService(db).StatsIn(ctx, city, clock.Now(ctx).In(clock.Shanghai).Year(), region)
			if err != nil || len(d.Agencies) == 0 {
				t.Fatalf("%s's agencies: %+v %v", region, d, err)
			}
			for _, a := range d.Agencies {
				t.Logf("%s %s: 持证人员%d 学时%d 人均%.1f 参考%d 合格%d 合格率%.1f%%", region, a.AgencyName, a.Officers, a.Hours, a.AvgHours(), a.Sat, a.Passed, a.PassRate())
			}
		}
		if !strings.Contains(sum.Training, "合格率") || !strings.Contains(sum.String(), "法律培训") {
			t.Errorf("summary %q", sum.Training)
		}
	})
}
