package assess

import (
	"context"
	"fmt"

	"zfjd/internal/store"
)

// The on-time rates per deadline and 公示 timeliness (issue 15, C13;
// domain-research §1.8): counted from the maintained aggregates and the
// warnings, never from every case. The denominators are the case rollups
// (case_rollup_year: decisions by the year of the decision); the late
// cases are those with a deadline warning of the rule, counted per case
// in the assessment rollup (case_rollup_assess, cases/rollup_assess.go)
// when the case is saved, by the same contribution as the denominators. A warning counts as "late" while its rule
// still holds (open: done late, or not done past the deadline) or once
// supervision has verified it (已销号); a 临期预警 (the reminder before a
// deadline, same rule) and a warning the platform saw cured (the dates
// corrected) do not.

func init() {
	Sources["ontime_decision"] = "按期作出决定率：本年作出决定的案件，及办案期限在本年届满、至今未作出决定的案件中，未发生办案超期预警（DECISION_OVERDUE，《行政处罚法》第六十条）的比例（案件汇总表、预警记录；临期提醒和经更正消除的不计超期，已销号的仍计超期）"
	Sources["ontime_delivery"] = "按期送达率：本年作出处罚或不予处罚决定的案件中，未发生送达超期预警（DELIVERY_OVERDUE，第六十一条：7个工作日内送达，当场作出的当场交付）的比例（案件汇总表、预警记录）"
	Sources["ontime_publicity"] = "按期公示率：本年作出、须公示的一般程序处罚决定（不含仅警告、其后被撤销或变更的）中，未发生公示超期预警（PUBLICITY_OVERDUE）的比例（案件汇总表、预警记录）"
	Sources["ontime_all"] = "按期办理率（全部期限）：本年作出决定的案件，及尚未作出决定而有期限已在本年届满超期的案件中，办案、送达、公示、先行登记保存、查封扣押、移送（本机关的审批和移送）、撤回公示各项期限均未超期的比例（案件汇总表、预警记录；当事人缴款和公安机关答复的期限不计）"
	Sources["publicity_timely"] = "公示及时率：本年作出、须公示的一般程序处罚决定（不含仅警告、其后被撤销或变更的）中，在作出决定之日起本机关公示期限（默认7个工作日，国办发〔2018〕118号）内于门户公示的比例；按公示栏的决定日期和公示日期计算，分母为已公示的决定和公示期限已过仍未公示的决定（有公示超期预警），尚在公示期限内的不计入（公示栏、预警记录）"
}

// onTimeSources name the rule each per-deadline source reads ("" all).
var onTimeSources = map[string]string{"ontime_decision": "DECISION_OVERDUE", "ontime_delivery": "DELIVERY_OVERDUE",
	"ontime_publicity": "PUBLICITY_OVERDUE", "ontime_all": ""}

// deadlineInputs are the counts by agency.
type deadlineInputs struct {
	decided, delivered, toPublish map[string]int64            // denominators from the rollups
	late                          map[string]map[string]int64 // agency → rule ("" any) → late cases decided in the year
	lateUndecided                 map[string]map[string]int64 // the same for cases undecided, the deadline in the year
	published                     map[string][2]int64         // decisions to publish that are on display: timely, all
	unpublishedLate               map[string]int64            // decisions to publish not on display past their period
}

func gatherDeadlines(ctx context.Context, db *store.DB, year int, region string) (*deadlineInputs, error) {
	in := &deadlineInputs{decided: map[string]int64{}, delivered: map[string]int64{}, toPublish: map[string]int64{},
		late: map[string]map[string]int64{}, lateUndecided: map[string]map[string]int64{}, published: map[string][2]int64{},
		unpublishedLate: map[string]int64{}}
	mk := func() *store.Where {
		w := &store.Where{}
		scope(w, "r.region_code", region)
		w.Add("r.year = ?", year)
		return w
	}
	ww := mk()
	if err := each(ctx, db, `SELECT r.agency_code, COALESCE(SUM(r.decided), 0), COALESCE(SUM(r.transfers), 0) FROM case_rollup_year r`+
		ww.SQL()+` GROUP BY r.agency_code`, ww, func(s func(...any) error) error {
		var ag string
		var d, t int64
		err := s(&ag, &d, &t)
		in.decided[ag], in.delivered[ag] = d, d-t
		return err
	}); err != nil {
		return nil, err
	}
	// The assessment rollup (cases/rollup_assess.go): the decisions to
	// publish (cases.checkPublicity: general procedure, penalised with more
	// than a warning, not annulled afterwards), the late cases per rule
	// (a case once per rule and once for any), the decisions on display
	// and of them those within the agency's 公示 period.
	aw := mk()
	err := each(ctx, db, `SELECT r.agency_code, COALESCE(SUM(r.to_publish), 0), COALESCE(SUM(r.late_any), 0),
		COALESCE(SUM(r.late_decision), 0), COALESCE(SUM(r.late_delivery), 0), COALESCE(SUM(r.late_publicity), 0),
		COALESCE(SUM(r.undecided_any), 0), COALESCE(SUM(r.undecided_decision), 0), COALESCE(SUM(r.published), 0),
		COALESCE(SUM(r.published_timely), 0), COALESCE(SUM(r.unpublished_late), 0) FROM case_rollup_assess r`+aw.SQL()+
		` GROUP BY r.agency_code`, aw, func(s func(...any) error) error {
		var ag string
		var toPublish, any, decision, delivery, publicity, uAny, uDecision, shown, timely, unshown int64
		if err := s(&ag, &toPublish, &any, &decision, &delivery, &publicity, &uAny, &uDecision, &shown, &timely, &unshown); err != nil {
			return err
		}
		in.toPublish[ag] = toPublish
		in.late[ag] = map[string]int64{"": any, "DECISION_OVERDUE": decision, "DELIVERY_OVERDUE": delivery, "PUBLICITY_OVERDUE": publicity}
		in.lateUndecided[ag] = map[string]int64{"": uAny, "DECISION_OVERDUE": uDecision}
		in.published[ag] = [2]int64{timely, shown}
		in.unpublishedLate[ag] = unshown
		return nil
	})
	return in, err
}

// each runs q and scans its rows.
func each(ctx context.Context, db *store.DB, q string, w *store.Where, scan func(func(...any) error) error) error {
	rows, err := db.R.QueryContext(ctx, q, w.Args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

// value is one agency's on-time or 公示 value; ok is false for other sources.
func (in *deadlineInputs) value(source, agency string) (Value, bool) {
	if source == "publicity_timely" {
		v := in.published[agency]
		return rateOf(v[0], v[1]+in.unpublishedLate[agency], "本年无已公示或公示期限已过的处罚决定", "/public/decisions?agency="+agency), true
	}
	rule, ok := onTimeSources[source]
	if !ok {
		return Value{}, false
	}
	late := in.late[agency][rule]
	var total int64
	switch rule {
	case "DELIVERY_OVERDUE":
		total = in.delivered[agency]
	case "PUBLICITY_OVERDUE":
		total = in.toPublish[agency]
	default:
		u := in.lateUndecided[agency][rule]
		late, total = late+u, in.decided[agency]+u
	}
	evidence := "/warnings?agency=" + agency
	if rule != "" {
		evidence += "&rule=" + rule
	}
	return rateOf(max(total-late, 0), total, "本年无应计期限的案件", evidence), true
}

// rateOf is n of d as a Value; with nothing counted, full (1) with none.
func rateOf(n, d int64, none, evidence string) Value {
	if d == 0 {
		return Value{Value: 1, Text: none, Evidence: evidence}
	}
	return Value{Value: float64(n) / float64(d), Text: fmt.Sprintf("%s（%d / %d）", pct(n, d), n, d), Evidence: evidence}
}
