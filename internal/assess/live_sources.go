package assess

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"zfjd/internal/clock"
	"zfjd/internal/store"
)

// The live sources of the 电子监察 warnings and the complaints
// (domain-research §1.8: 预警率、整改率 and the satisfaction of those who
// complained are assessment indicators): counted per agency for the
// year, one grouped query each, for a region to use in its set. Each is
// a rate where more is better, so the set's threshold and ratio rules
// score it as they do 结案率.

func init() {
	Sources["warning_free_rate"] = "无预警率：本年登记的案件中未产生电子监察预警的比例（1 − 预警率；预警记录）"
	Sources["rectify_rate"] = "整改率：本年产生、须签收处理的预警中已整改（答复、办结或整改后消除）的比例（预警记录）"
	Sources["complaint_satisfaction"] = "投诉处理满意率：本年收到、转本部门办理并经投诉人评价的投诉中评价4星及以上的比例（投诉举报）"
}

// liveInputs are the counts of the sources above, by agency.
type liveInputs struct {
	warned    map[string][2]int64 // cases registered in the year, of them with a warning
	rectified map[string][2]int64 // warnings of the year needing a sign-off, of them rectified
	rated     map[string][2]int64 // complaints handled and rated, of them satisfied (4 or 5 of 5)
	deadlines *deadlineInputs     // on-time rates and 公示 timeliness (live_deadlines.go)
	external  *externalInputs     // supervision documents executed, inspection ratings (live_external.go)
}

// gatherLive reads liveInputs for region and year.
func gatherLive(ctx context.Context, db *store.DB, year int, region string) (*liveInputs, error) {
	in := &liveInputs{warned: map[string][2]int64{}, rectified: map[string][2]int64{}, rated: map[string][2]int64{}}
	from, to := yearSpan(year)
	y := strconv.Itoa(year)
	cw := &store.Where{}
	scope(cw, "r.region_code", region)
	cw.Add("r.year = ?", year)
	fw := &store.Where{}
	scope(fw, "f.region_code", region)
	fw.Add("f.first_seen >= ? AND f.first_seen < ?", from, to)
	qw := &store.Where{}
	scope(qw, "q.region_code", region)
	qw.Add("q.received_on >= ? AND q.received_on <= ? AND q.forwarded_to <> '' AND q.rating > 0", y+"-01-01", y+"-12-31")
	for _, x := range []struct {
		sql  string
		w    *store.Where
		into map[string][2]int64
	}{
		// The cases registered in the year and of them those that ever
		// had a warning (cases/rollup_assess.go).
		{`SELECT r.agency_code, COALESCE(SUM(r.registered), 0), COALESCE(SUM(r.warned), 0) FROM case_rollup_assess r` + cw.SQL() +
			` GROUP BY r.agency_code`, cw, in.warned},
		// The stages of warning.dashTotals: needing a sign-off unless cured
		// untouched; rectified when answered, closed or cured by an act.
		{`SELECT f.agency_code, COALESCE(SUM(CASE WHEN f.stage = 'cured' AND f.last_action = '' THEN 0 ELSE 1 END), 0),
			COALESCE(SUM(CASE WHEN f.stage IN ('answered', 'closed') OR (f.stage = 'cured' AND f.last_action IN ('rectify', 'explain', 'verify'))
			THEN 1 ELSE 0 END), 0) FROM findings f` + fw.SQL() + ` GROUP BY f.agency_code`, fw, in.rectified},
		{`SELECT q.forwarded_to, COUNT(*), COALESCE(SUM(CASE WHEN q.rating >= 4 THEN 1 ELSE 0 END), 0) FROM complaints q` + qw.SQL() +
			` GROUP BY q.forwarded_to`, qw, in.rated},
	} {
		rows, err := db.R.QueryContext(ctx, x.sql, x.w.Args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var ag string
			var v [2]int64
			if err := rows.Scan(&ag, &v[0], &v[1]); err != nil {
				rows.Close()
				return nil, err
			}
			x.into[ag] = v
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	var err error
	if in.deadlines, err = gatherDeadlines(ctx, db, year, region); err != nil {
		return nil, err
	}
	in.external, err = gatherExternal(ctx, db, year, region)
	return in, err
}

// yearSpan is year's instants in milliseconds (Asia/Shanghai), [from, to).
func yearSpan(year int) (from, to int64) {
	at := func(y int) int64 { return time.Date(y, 1, 1, 0, 0, 0, 0, clock.Shanghai).UnixMilli() }
	return at(year), at(year + 1)
}

// liveValue is one agency's value of a source above; ok is false for
// other sources.
func (l *liveInputs) liveValue(source, agency string, year int) (Value, bool) {
	y := strconv.Itoa(year)
	warnings := "/supervision/dashboard?from=" + y + "-01-01&to=" + y + "-12-31"
	rate := func(n, d int64, none, evidence string) Value {
		if d == 0 {
			return Value{Value: 1, Text: none, Evidence: evidence}
		}
		return Value{Value: float64(n) / float64(d), Text: fmt.Sprintf("%s（%d / %d）", pct(n, d), n, d), Evidence: evidence}
	}
	switch source {
	case "warning_free_rate":
		v := l.warned[agency]
		return rate(v[0]-v[1], v[0], "本年无登记案件", warnings), true
	case "rectify_rate":
		v := l.rectified[agency]
		return rate(v[1], v[0], "本年无须整改的预警", warnings), true
	case "complaint_satisfaction":
		v := l.rated[agency]
		return rate(v[1], v[0], "本年无经评价的投诉", "/complaints"), true
	}
	if v, ok := l.deadlines.value(source, agency); ok {
		return v, true
	}
	return l.external.value(source, agency)
}
