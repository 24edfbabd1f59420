package assess

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"zfjd/internal/calendar"
	"zfjd/internal/clock"
	"zfjd/internal/store"
	"zfjd/internal/supervision"
)

// The execution of supervision documents and the enterprises' ratings of
// inspections (issue 15, C13): per agency for the year, from the
// supervision cases' acts and from the 事后评价.

func init() {
	Sources["supervision_execution"] = "监督决定执行率：期限在本年届满的行政执法监督意见书、监督决定书中，本部门在本区划规定时限内（送达次日起算，默认30日）报送纠正情况或执行情况的比例；期限未届满尚未报送、或在期限内结案的不计入（监督案件，《行政执法监督条例》第二十八条、第二十九条）"
	Sources["inspection_rating"] = "涉企检查企业评价满意率：本年企业对本部门涉企行政检查的匿名评价中4分及以上（满分5分）的比例（企业评价）"
}

// supervisionClocks are the two clocks of spec §5 this counts, as
// supervision.Judge names them: the document that starts each, the
// report that meets it and the warning of its lateness.
var supervisionClocks = []struct{ name, trigger, metBy, rule string }{
	{"correction", "opinion", "corrected", "SUPERVISION_CORRECTION_OVERDUE"},
	{"execution_report", "decision", "execution_reported", "SUPERVISION_REPORT_OVERDUE"},
}

// externalInputs are the counts by agency.
type externalInputs struct {
	executed map[string][2]int64 // documents due in the year: reported in time, counted
	ratings  map[string][3]int64 // ratings of the year: satisfied (4–5), all, sum of scores
}

func gatherExternal(ctx context.Context, db *store.DB, year int, region string) (*externalInputs, error) {
	in := &externalInputs{executed: map[string][2]int64{}, ratings: map[string][3]int64{}}
	from, to := yearSpan(year)
	rw := &store.Where{}
	scope(rw, "r.region_code", region)
	rw.Add("r.at >= ? AND r.at < ?", from, to)
	if err := each(ctx, db, `SELECT r.agency_code, COALESCE(SUM(CASE WHEN r.score >= 4 THEN 1 ELSE 0 END), 0), COUNT(*),
		COALESCE(SUM(r.score), 0) FROM inspection_ratings r`+rw.SQL()+` GROUP BY r.agency_code`, rw, func(s func(...any) error) error {
		var ag string
		var v [3]int64
		err := s(&ag, &v[0], &v[1], &v[2])
		in.ratings[ag] = v
		return err
	}); err != nil {
		return nil, err
	}
	return in, in.gatherSupervision(ctx, db, year, region)
}

// gatherSupervision judges each supervision case of the region opened by
// the year's end as the supervision service does (supervision.Judge on
// its acts, with the limits of its region): a clock whose deadline falls
// in the year counts; it is met in time when Judge raises no lateness
// warning and the report was made.
func (in *externalInputs) gatherSupervision(ctx context.Context, db *store.DB, year int, region string) error {
	y := strconv.Itoa(year)
	cw := &store.Where{}
	scope(cw, "c.region_code", region)
	cw.Add("c.opened_on <= ? AND c.status <> ?", y+"-12-31", supervision.StatusRefused)
	type sc struct {
		region, agency string
		acts           []supervision.Act
	}
	var list []*sc
	byID := map[int64]*sc{}
	if err := each(ctx, db, `SELECT c.id, c.region_code, c.agency_code, a.type, a.at, a.data FROM supervision_cases c
		JOIN supervision_acts a ON a.case_id = c.id`+cw.SQL()+` ORDER BY c.id, a.id`, cw, func(s func(...any) error) error {
		var id int64
		var reg, ag, data string
		var a supervision.Act
		if err := s(&id, &reg, &ag, &a.Type, &a.At, &data); err != nil {
			return err
		}
		_ = json.Unmarshal([]byte(data), &a.Data)
		c := byID[id]
		if c == nil {
			c = &sc{region: reg, agency: ag}
			byID[id] = c
			list = append(list, c)
		}
		c.acts = append(c.acts, a)
		return nil
	}); err != nil {
		return err
	}
	if len(list) == 0 {
		return nil
	}
	cal, err := calendar.CurrentLenient(ctx, db)
	if err != nil {
		return err
	}
	today := clock.Today(ctx)
	limits := map[string]supervision.Limits{}
	for _, c := range list {
		lim, ok := limits[c.region]
		if !ok {
			if lim, err = supervision.LimitsFor(ctx, db.R, c.region); err != nil {
				return err
			}
			limits[c.region] = lim
		}
		j, err := supervision.Judge(c.acts, lim, cal, today)
		if err != nil {
			return err
		}
		late := map[string]bool{}
		for _, f := range j.Findings {
			late[f.Rule] = true
		}
		for _, k := range supervisionClocks {
			due := j.Deadlines[k.name]
			if len(due) < 4 || due[:4] != y {
				continue
			}
			v := in.executed[c.agency]
			switch {
			case late[k.rule]:
				v[1]++
			case reportedAfterLast(c.acts, k.trigger, k.metBy):
				v[0]++
				v[1]++
			}
			in.executed[c.agency] = v
		}
	}
	return nil
}

// reportedAfterLast reports whether a report metBy follows the last
// document trigger (the one whose clock supervision.Judge runs).
func reportedAfterLast(acts []supervision.Act, trigger, metBy string) bool {
	last := -1
	for i, a := range acts {
		if a.Type == trigger {
			last = i
		}
	}
	for i := last + 1; last >= 0 && i < len(acts); i++ {
		if acts[i].Type == metBy {
			return true
		}
	}
	return false
}

// value is one agency's value of the sources above; ok is false for others.
func (in *externalInputs) value(source, agency string) (Value, bool) {
	switch source {
	case "supervision_execution":
		v := in.executed[agency]
		return rateOf(v[0], v[1], "本年无到期的监督意见书、决定书", "/supervision-cases?agency="+agency), true
	case "inspection_rating":
		v := in.ratings[agency]
		out := rateOf(v[0], v[1], "本年无企业评价", "/inspections/ratings?agency="+agency)
		if v[1] > 0 {
			out.Text += fmt.Sprintf("，平均%.1f分", float64(v[2])/float64(v[1]))
		}
		return out, true
	}
	return Value{}, false
}
