package dashweb_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/store"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// The fixture of these tests: the web world with two cases of its agency
// (370102); the first carries six warnings in their stages, the other
// county's agency (370103) has two more, and one is of last year. The
// findings are written as the handling leaves them, after dropping those
// the case service raised itself, so every count is exact.

var seq atomic.Int64

func ms(day string) int64 {
	d, _ := time.ParseInLocation("2006-01-02", day, clock.Shanghai)
	return d.Add(12 * time.Hour).UnixMilli()
}

type finding struct {
	caseID                 int64
	region, agency, sev    string
	stage, last, day       string
	escalated, closedAfter int
}

func addFinding(t *testing.T, db *store.DB, f finding) {
	t.Helper()
	status := "open"
	if f.stage == "closed" || f.stage == "cured" {
		status = "resolved"
	}
	seen, resolved := ms(f.day), int64(0)
	if status == "resolved" {
		resolved = seen + int64(f.closedAfter)*86_400_000
	}
	_, err := db.W.ExecContext(context.Background(), `INSERT INTO findings (subject_kind, subject_id, rule, fkey, severity, message,
		basis, status, region_code, agency_code, first_seen, resolved_at, stage, escalated, issued_at, last_action)
		VALUES ('case', $1, 'DECISION_OVERDUE', $2, $3, $4, '测试依据', $5, $6, $7, $8, $9, $10, $11, $8, $12)`,
		f.caseID, fmt.Sprint(seq.Add(1)), f.sev, "测试预警"+f.day, status, f.region, f.agency, seen, resolved, f.stage, f.escalated, f.last)
	if err != nil {
		t.Fatal(err)
	}
}

func world(t *testing.T, db *store.DB) (*webtest.World, int64) {
	t.Helper()
	w := webtest.StartWorld(t, db)
	c1 := w.Register(t, testworld.Today)
	w.Register(t, testworld.Today)
	for _, q := range []string{`DELETE FROM finding_history`, `DELETE FROM findings`} {
		if _, err := db.W.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []finding{
		{sev: "red", stage: "issued", day: "2026-01-10", escalated: 1},
		{sev: "yellow", stage: "signed", last: "sign", day: "2026-02-10"},
		{sev: "yellow", stage: "answered", last: "rectify", day: "2026-02-11"},
		{sev: "red", stage: "closed", last: "verify", day: "2026-03-01", closedAfter: 4},
		{sev: "yellow", stage: "closed", last: "verify", day: "2026-03-05", closedAfter: 2},
		{sev: "yellow", stage: "cured", day: "2026-04-01", closedAfter: 1},
		{sev: "red", stage: "issued", day: "2025-12-01"},
	} {
		f.caseID, f.region, f.agency = c1.ID, testworld.Region, testworld.Agency
		addFinding(t, db, f)
	}
	for _, f := range []finding{{sev: "red", stage: "issued", day: "2026-05-01"}, {sev: "yellow", stage: "issued", day: "2026-06-01"}} {
		f.caseID, f.region, f.agency = 999_999, "370103", testworld.Other
		addFinding(t, db, f)
	}
	// The findings were written here, not by the case service that keeps
	// the rollups in the case's save (预警率: case_rollup_warned).
	if err := cases.RebuildRollup(w.Ctx, db); err != nil {
		t.Fatal(err)
	}
	return w, c1.ID
}

func itoa(n int64) string { return fmt.Sprint(n) }
