package assess

import (
	"context"
	"fmt"
	"strconv"

	"zfjd/internal/calendar"
	"zfjd/internal/cases"
	"zfjd/internal/law"
	"zfjd/internal/store"
)

// The on-time rates per deadline and 公示 timeliness (issue 15, C13;
// domain-research §1.8): counted from the maintained aggregates and the
// warnings, never from every case. The denominators are the case rollups
// (case_rollup_wide, case_rollup: decisions by the month of the decision);
// the late cases are those with a deadline warning of the rule — a
// finding joined to the case's stored rollup contribution, so both sides
// count the same decisions. A warning counts as "late" while its rule
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

// deadlineRules are the agency's own deadlines the case rules watch
// (internal/cases/rules_time.go), counted by ontime_all; PAYMENT_OVERDUE
// is the party's and TRANSFER_OVERDUE "receipt" the police's.
var deadlineRules = []string{"DECISION_OVERDUE", "DELIVERY_OVERDUE", "PUBLICITY_OVERDUE", "PRESERVATION_OVERDUE",
	"SEIZURE_OVERDUE", "TRANSFER_OVERDUE", "WITHDRAWAL_OVERDUE"}

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
	y := strconv.Itoa(year)
	mk := func(col string) *store.Where { w := &store.Where{}; scope(w, col, region); return w }
	ww := mk("r.region_code")
	ww.Add("r.month >= ? AND r.month <= ?", y+"-01", y+"-12")
	if err := each(ctx, db, `SELECT r.agency_code, COALESCE(SUM(r.decided), 0), COALESCE(SUM(r.transfers), 0) FROM case_rollup_wide r`+
		ww.SQL()+` GROUP BY r.agency_code`, ww, func(s func(...any) error) error {
		var ag string
		var d, t int64
		err := s(&ag, &d, &t)
		in.decided[ag], in.delivered[ag] = d, d-t
		return err
	}); err != nil {
		return nil, err
	}
	// Decisions to publish (cases.checkPublicity): general procedure,
	// penalised with more than a warning (the heaviest kind is not
	// "warning"), not annulled afterwards.
	const toPublish = ` AND r.procedure_kind = 'general' AND r.outcome = 'penalty' AND r.penalty <> 'warning' AND r.annulled = 0`
	pw := mk("r.region_code")
	pw.Add("r.kind = 'decided' AND r.month >= ? AND r.month <= ?", y+"-01", y+"-12")
	if err := each(ctx, db, `SELECT r.agency_code, COALESCE(SUM(r.n), 0) FROM case_rollup r`+pw.SQL()+toPublish+` GROUP BY r.agency_code`, pw,
		func(s func(...any) error) error {
			var ag string
			var n int64
			err := s(&ag, &n)
			in.toPublish[ag] = n
			return err
		}); err != nil {
		return nil, err
	}
	if err := in.gatherLate(ctx, db, y, mk("f.region_code")); err != nil {
		return nil, err
	}
	return in, in.gatherPublished(ctx, db, y, mk, toPublish)
}

// gatherLate counts the late cases per agency and rule from the warnings.
func (in *deadlineInputs) gatherLate(ctx context.Context, db *store.DB, y string, fw *store.Where) error {
	marks := ""
	for i, r := range deadlineRules {
		if i > 0 {
			marks += ", "
		}
		marks += fw.Arg(r)
	}
	fw.Add("f.subject_kind = 'case' AND (f.status = 'open' OR f.stage = 'closed') AND f.message NOT LIKE ?", "临期预警%")
	fw.Add("NOT (f.rule = 'TRANSFER_OVERDUE' AND f.fkey = 'receipt')")
	fw.Add("((k.decided_month >= ? AND k.decided_month <= ?) OR (k.decided_month = '' AND f.due >= ? AND f.due <= ?))",
		y+"-01", y+"-12", y+"-01-01", y+"-12-31")
	seen := map[int64]map[string]bool{} // case → rules late
	agencyOf := map[int64]string{}
	undecided := map[int64]bool{}
	err := each(ctx, db, `SELECT f.subject_id, f.rule, k.agency_code, k.decided_month, k.outcome, k.procedure_kind, k.penalty, k.annulled,
		CASE WHEN p.case_id IS NULL THEN 0 ELSE 1 END FROM findings f JOIN case_rollup_contrib k ON k.case_id = f.subject_id
		LEFT JOIN published_decisions p ON p.case_id = f.subject_id`+fw.SQL()+` AND f.rule IN (`+marks+`)`, fw,
		func(s func(...any) error) error {
			var id int64
			var rule, ag, month, outcome, proc, penalty string
			var annulled, shown int
			if err := s(&id, &rule, &ag, &month, &outcome, &proc, &penalty, &annulled, &shown); err != nil {
				return err
			}
			switch rule {
			case "DELIVERY_OVERDUE":
				if month == "" || outcome == "transfer" {
					return nil
				}
			case "PUBLICITY_OVERDUE":
				if month == "" || proc != "general" || outcome != "penalty" || penalty == "warning" || annulled != 0 {
					return nil
				}
				if shown == 0 {
					in.unpublishedLate[ag]++ // one 公示 clock per case
				}
			}
			if seen[id] == nil {
				seen[id] = map[string]bool{}
			}
			seen[id][rule], agencyOf[id], undecided[id] = true, ag, month == ""
			return nil
		})
	if err != nil {
		return err
	}
	for id, rules := range seen {
		into := in.late
		if undecided[id] {
			into = in.lateUndecided
		}
		ag := agencyOf[id]
		if into[ag] == nil {
			into[ag] = map[string]int64{}
		}
		into[ag][""]++
		for r := range rules {
			into[ag][r]++
		}
	}
	return nil
}

// gatherPublished judges the published decisions of the year against the
// agency's 公示 period, grouped by agency and the two dates.
func (in *deadlineInputs) gatherPublished(ctx context.Context, db *store.DB, y string, mk func(string) *store.Where, toPublish string) error {
	days := map[string]int{}
	aw := mk("a.region_code")
	if err := each(ctx, db, `SELECT a.code, a.publicity_days FROM agencies a`+aw.SQL(), aw, func(s func(...any) error) error {
		var ag string
		var n int
		err := s(&ag, &n)
		days[ag] = n
		return err
	}); err != nil {
		return err
	}
	cal, err := calendar.CurrentLenient(ctx, db)
	if err != nil {
		return err
	}
	// The year's decisions, published on or after their day: the bounds
	// narrow what the region's index range reads before the join.
	ends := map[deadlineKey]string{} // a day's end of the period, once per day and period
	pw := mk("p.region_code")
	pw.Add("p.published_on >= ? AND p.decided_on >= ? AND p.decided_on <= ?", y+"-01-01", y+"-01-01", y+"-12-31")
	pw.Add("r.decided_month >= ? AND r.decided_month <= ?", y+"-01", y+"-12")
	// The agency from the contribution, so published_region covers p.
	return each(ctx, db, `SELECT r.agency_code, p.decided_on, p.published_on, COUNT(*) FROM published_decisions p
		JOIN case_rollup_contrib r ON r.case_id = p.case_id`+pw.SQL()+toPublish+` GROUP BY r.agency_code, p.decided_on, p.published_on`, pw,
		func(s func(...any) error) error {
			var ag, decided, published string
			var n int64
			if err := s(&ag, &decided, &published, &n); err != nil {
				return err
			}
			v := in.published[ag]
			v[1] += n
			k := deadlineKey{decided, days[ag]}
			end, ok := ends[k]
			if !ok {
				end = publicityEnd(cal, decided, days[ag])
				ends[k] = end
			}
			if end != "" && published <= end {
				v[0] += n
			}
			in.published[ag] = v
			return nil
		})
}

type deadlineKey struct {
	decided string
	days    int
}

// publicityEnd is the last day to publish a decision of decided within n
// working days (0: cases.DefaultPublicityDays), "" when it cannot be told.
func publicityEnd(cal *law.Calendar, decided string, n int) string {
	if n <= 0 {
		n = cases.DefaultPublicityDays
	}
	d, err := law.ParseDate(decided)
	if err != nil {
		return ""
	}
	end, err := cal.AddWorkdays(d, n)
	if err != nil {
		return ""
	}
	return end.String()
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
