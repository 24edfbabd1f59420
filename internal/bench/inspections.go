package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/inspection"
	"zfjd/internal/scale"
	"zfjd/internal/store"
)

// inspectionBench measures the per-write cost of the §4 frequency rules
// on the dataset's inspections (internal/scale writes three a case): o.Samples
// visits pushed through inspection.Service.Put, each on a loaded
// enterprise's last visit day with that visit's agency and officers, so
// the rules read a window that holds rows (INSPECTION_FREQUENCY fires:
// the second visit of a day). Each write judges the six rules — frequency
// and repeat across every agency's visits of the enterprise through
// inspections_enterprise, not a scan — and stores the row, findings, audit
// row and log leaf.
func inspectionBench(ctx context.Context, db *store.DB, o Options, res *Result) error {
	var n int
	var lo, hi int64
	if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM inspections`).Scan(&n, &lo, &hi); err != nil {
		return err
	}
	res.Dataset.Inspections = n
	if n == 0 {
		return nil
	}
	o.say("涉企检查写入（频次规则，已有检查 %d 次）……", n)
	svc := inspection.NewService(db, calendar.RulesCalendar)
	robot := &auth.Principal{Name: "规模检查系统", Username: "bench-insp", Role: auth.RoleIntegration, Region: "370000"}
	rng := rand.New(rand.NewPCG(3, 4))
	var l lat
	fired, failed := 0, 0
	run := time.Now().UnixNano()
	for i := range o.Samples {
		var ent, day, agency, region, offs string
		err := db.R.QueryRowContext(ctx, `SELECT enterprise_id, visit_day, agency_code, region_code, officers FROM inspections
			WHERE id >= $1 ORDER BY id LIMIT 1`, lo+rng.Int64N(hi-lo+1)).Scan(&ent, &day, &agency, &region, &offs)
		if err != nil {
			return err
		}
		in := &inspection.Inspection{SourceSystem: "bench-insp", SourceID: fmt.Sprintf("%d-%d", run, i), AgencyCode: agency,
			RegionCode: region, MatterCode: scale.InspectionMatter, Kind: "routine", Enterprise: inspection.Enterprise{Name: "规模企业", IDNumber: ent},
			Events: []inspection.Event{{Type: "approved", At: day, Actor: "负责人"}, {Type: "reported", At: day},
				{Type: "checked_in", At: day + "T18:00:00+08:00", Officers: strings.FieldsFunc(offs, func(r rune) bool { return r == ',' })}}}
		t := time.Now()
		_, out, err := svc.Put(ctx, robot, in)
		l = append(l, time.Since(t))
		if err != nil {
			failed++
			continue
		}
		for _, w := range out.Warnings {
			if w.Rule == inspection.RuleFrequency {
				fired++
				break
			}
		}
	}
	res.add(Row{Name: "涉企检查写入一次（§4 六条规则，频次与低效规则跨部门读企业窗口）", Value: l.pct(0.5), Unit: "ms", P50ms: l.pct(0.5),
		P99ms: l.pct(0.99), N: len(l), Failed: failed,
		Note: fmt.Sprintf("已有检查 %d 次；INSPECTION_FREQUENCY 触发 %d 次（同日第二次）；含写入、预警、审计与存证叶子", n, fired)})
	return nil
}
