package demo

import (
	"context"
	"strings"
	"testing"

	"zfjd/internal/clock"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
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
		if !strings.Contains(sum.Training, "合格率") || !strings.Contains(sum.String(), "法律培训") {
			t.Errorf("summary %q", sum.Training)
		}
	})
}
