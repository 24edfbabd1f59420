// Package scale generates a whole province's enforcement data — GB/T 2260
// regions of 山东省 with generated townships, supervision bodies per level,
// about 7,600 enforcement subjects with their domains, about 216,000
// officers with certificate histories, penalty matters with discretion
// benchmarks, and a million penalty cases with about ten events each and a
// realistic share of faults — and loads it in bulk (COPY on PostgreSQL,
// multi-row INSERTs on SQLite, many rows per transaction) for `zfjd demo
// --scale` and `zfjd bench`. The data is a pure function of the seed, the
// scale and the day; every case is a valid exchange-v1 case judged by the
// real engine (cases.PrepareBulk), so statuses, deadlines and findings are
// what a PUT would have stored.
package scale

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/store"
)

// Options say what to generate.
type Options struct {
	Scale string // province | city | county
	Cases int    // < 0: the scale's default
	// Inspections is how many 涉企行政检查 to write: 0 = InspectionsPerCase
	// × Cases, < 0 = none.
	Inspections int
	Seed        uint64
	Workers     int       // generating goroutines; 0 = 2
	Progress    io.Writer // progress lines, or nil
}

// DefaultCases is the case count of each scale (a province: 1,000,000).
func DefaultCases(scale string) int {
	switch scale {
	case "city":
		return 100_000
	case "county":
		return 10_000
	}
	return 1_000_000
}

// Summary says what Load wrote and how long it took.
type Summary struct {
	Scale                                        string
	Regions, Agencies, Officers, OfficerYears    int
	Matters, Benchmarks                          int
	Cases, Events, Findings, Leaves              int
	Inspections, InspectionFindings              int
	InspectionTime                               time.Duration
	Statuses, Rules                              map[string]int
	RegistryTime, CaseTime, AnalyzeTime, Elapsed time.Duration
	Hash                                         string // SHA-256 over the generated rows (determinism)
}

// String renders the summary in Chinese for the console.
func (s *Summary) String() string {
	return fmt.Sprintf("已生成%s规模数据（用时%.1f秒：登记数据%.1f秒，案件%.1f秒，涉企检查%.1f秒，ANALYZE %.1f秒）：新增区划%d个（乡镇），机关%d个，执法人员%d名（年度记录%d条），"+
		"权责事项%d项，裁量基准%d个，处罚案件%d件（事件%d个，预警%d条，存证叶子%d个），涉企检查%d次（预警%d条）。数据指纹 %s",
		scaleLabel[s.Scale], s.Elapsed.Seconds(), s.RegistryTime.Seconds(), s.CaseTime.Seconds(), s.InspectionTime.Seconds(), s.AnalyzeTime.Seconds(), s.Regions, s.Agencies,
		s.Officers, s.OfficerYears, s.Matters, s.Benchmarks, s.Cases, s.Events, s.Findings, s.Leaves, s.Inspections, s.InspectionFindings, s.Hash[:16])
}

var scaleLabel = map[string]string{"province": "省级（山东省）", "city": "市级（济南市）", "county": "县级（济南市历下区）"}

// Scales lists the accepted --scale values.
var Scales = []string{"province", "city", "county"}

// system is who the generated data is recorded as in the audit trail.
var system = &auth.Principal{Name: "规模数据生成", Role: auth.RoleAdmin}

// Load generates the dataset into a migrated database whose regions are
// seeded and that has no agencies yet.
func Load(ctx context.Context, db *store.DB, o Options) (*Summary, error) {
	start := time.Now()
	if _, ok := scaleRoots[o.Scale]; !ok {
		return nil, fmt.Errorf("scale: 规模应为 province、city 或 county，而不是“%s”", o.Scale)
	}
	if o.Cases < 0 {
		o.Cases = DefaultCases(o.Scale)
	}
	if o.Workers <= 0 {
		o.Workers = 2
	}
	var n int
	if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM agencies`).Scan(&n); err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, errors.New("scale: 数据库中已有执法主体，规模数据须装入新建的空数据库")
	}
	if err := calendar.Seed(ctx, db); err != nil {
		return nil, err
	}
	regions, err := loadRegions(ctx, db.R, "37")
	if err != nil {
		return nil, err
	}
	var scoped []Region
	rootPrefix := scaleRoots[o.Scale][:map[string]int{"province": 2, "city": 4, "county": 6}[o.Scale]]
	for _, r := range regions {
		if len(r.Code) >= len(rootPrefix) && r.Code[:len(rootPrefix)] == rootPrefix {
			scoped = append(scoped, r)
		}
	}
	d := clock.Today(ctx)
	today := time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, time.UTC)
	w, err := buildWorld(rand.New(rand.NewPCG(o.Seed, 0x5ca1e)), o.Scale, scoped, today)
	if err != nil {
		return nil, err
	}
	sum := &Summary{Scale: o.Scale, Statuses: map[string]int{}, Rules: map[string]int{}}
	h := sha256.New()
	o.progress("生成登记数据：机关%d个，执法人员%d名，事项%d项", len(w.Agencies), len(w.Officers), len(w.Matters))
	if err := writeRegistry(ctx, db, w, today, sum, h); err != nil {
		return nil, fmt.Errorf("scale: 写入登记数据：%w", err)
	}
	if err := createAccounts(ctx, db, w); err != nil {
		return nil, fmt.Errorf("scale: 账号：%w", err)
	}
	sum.RegistryTime = time.Since(start)
	o.progress("登记数据已写入（%.1f秒）；生成并写入%d件案件", sum.RegistryTime.Seconds(), o.Cases)
	t := time.Now()
	before, err := maxID(ctx, db, "cases")
	if err != nil {
		return nil, err
	}
	if err := writeCases(ctx, db, w, today, o, sum, h); err != nil {
		return nil, fmt.Errorf("scale: 写入案件：%w", err)
	}
	// What the case service keeps beside each case and the bulk rows do
	// not carry: the portal's published-decisions table with its search
	// terms, built by the cases package and written in bulk (a statement
	// per case took hours at 1,000,000 cases).
	o.progress("案件已生成（%.1f秒）；建立公示决定表与检索词", time.Since(t).Seconds())
	if err := publish(ctx, db, before); err != nil {
		return nil, fmt.Errorf("scale: 公示决定表：%w", err)
	}
	if err := cases.RebuildRollup(ctx, db); err != nil { // the statistics rollup (issue 15)
		return nil, fmt.Errorf("scale: 统计汇总表：%w", err)
	}
	sum.CaseTime = time.Since(t)
	t = time.Now()
	o.progress("案件已写入（%.1f秒）；写入%d次涉企检查", sum.CaseTime.Seconds(), o.inspectionCount())
	if err := writeInspections(ctx, db, w, o.inspectionCount(), o.Seed, today, sum, h); err != nil {
		return nil, fmt.Errorf("scale: 写入涉企检查：%w", err)
	}
	sum.InspectionTime = time.Since(t)
	t = time.Now()
	if err := finish(ctx, db); err != nil {
		return nil, err
	}
	sum.AnalyzeTime = time.Since(t)
	sum.Hash = hex.EncodeToString(h.Sum(nil))
	err = db.Tx(ctx, func(tx *sql.Tx) error {
		return audit.Record(ctx, tx, system, "create", "dataset", "scale/"+o.Scale, w.Root.Code, nil, map[string]any{
			"scale": o.Scale, "seed": o.Seed, "cases": sum.Cases, "agencies": sum.Agencies, "officers": sum.Officers, "hash": sum.Hash})
	})
	sum.Elapsed = time.Since(start)
	return sum, err
}

func (o Options) progress(format string, args ...any) {
	if o.Progress != nil {
		fmt.Fprintf(o.Progress, format+"\n", args...)
	}
}

// finish moves the PostgreSQL sequences past the ids the loader chose and
// gathers planner statistics on both engines (autovacuum may be off).
func finish(ctx context.Context, db *store.DB) error {
	if db.Dialect == store.Postgres {
		for _, t := range []string{"agencies", "officers", "matters", "benchmarks", "cases", "findings", "audit_log", "inspections"} {
			if _, err := db.W.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), COALESCE((SELECT MAX(id) FROM `+t+`), 0) + 1, false)`); err != nil {
				return fmt.Errorf("scale: setval %s: %w", t, err)
			}
		}
	}
	// On PostgreSQL VACUUM as well: it sets the visibility map, so counts
	// and index-only scans of the loaded tables skip the heap, and clears
	// the dead rows of the rollup rebuilds (autovacuum may be off here).
	q := `ANALYZE`
	if db.Dialect == store.Postgres {
		q = `VACUUM (ANALYZE)`
	}
	_, err := db.W.ExecContext(ctx, q)
	return err
}
