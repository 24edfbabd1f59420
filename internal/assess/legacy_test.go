package assess

// The score sheet's sources as they were read before the assessment
// rollup (migration 00073): kept here, verbatim, to prove the rollup
// counts the same (TestAssessRollupMatchesScans).

import (
	"context"
	"strconv"

	"zfjd/internal/calendar"
	"zfjd/internal/cases"
	"zfjd/internal/law"
	"zfjd/internal/store"
)

var legacyDeadlineRules = []string{"DECISION_OVERDUE", "DELIVERY_OVERDUE", "PUBLICITY_OVERDUE", "PRESERVATION_OVERDUE",
	"SEIZURE_OVERDUE", "TRANSFER_OVERDUE", "WITHDRAWAL_OVERDUE"}

// legacyWarned is the 无预警率 count: an EXISTS over findings per case.
func legacyWarned(ctx context.Context, db *store.DB, year int, region string) (map[string][2]int64, error) {
	out := map[string][2]int64{}
	from, to := yearSpan(year)
	cw := &store.Where{}
	scope(cw, "c.region_code", region)
	cw.Add("c.created_at >= ? AND c.created_at < ?", from, to)
	return out, each(ctx, db, `SELECT c.agency_code, COUNT(*), COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM findings f WHERE f.subject_kind = 'case'
			AND f.subject_id = c.id) THEN 1 ELSE 0 END), 0) FROM cases c`+cw.SQL()+` GROUP BY c.agency_code`, cw, func(s func(...any) error) error {
		var ag string
		var v [2]int64
		err := s(&ag, &v[0], &v[1])
		out[ag] = v
		return err
	})
}

// legacyCases is the case counts from case_rollup_wide by month.
func legacyCases(ctx context.Context, db *store.DB, year int, region string) (map[string]caseCounts, error) {
	out := map[string]caseCounts{}
	y := strconv.Itoa(year)
	cw := &store.Where{}
	scope(cw, "r.region_code", region)
	cw.Add("r.month >= ? AND r.month <= ?", y+"-01", y+"-12")
	return out, each(ctx, db, `SELECT r.agency_code, COALESCE(SUM(r.filed), 0), COALESCE(SUM(r.closed), 0), COALESCE(SUM(r.penalties), 0),
			COALESCE(SUM(r.published), 0), COALESCE(SUM(r.annulled), 0) FROM case_rollup_wide r`+cw.SQL()+` GROUP BY r.agency_code`, cw,
		func(s func(...any) error) error {
			var ag string
			var c caseCounts
			err := s(&ag, &c.filed, &c.closed, &c.penalties, &c.published, &c.annulled)
			out[ag] = c
			return err
		})
}

var _ = cases.DefaultPublicityDays
var _ law.Calendar
var _ = calendar.CurrentLenient

func legacyGatherDeadlines(ctx context.Context, db *store.DB, year int, region string) (*deadlineInputs, error) {
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
	if err := in.legacyGatherLate(ctx, db, y, mk("f.region_code")); err != nil {
		return nil, err
	}
	return in, in.legacyGatherPublished(ctx, db, y, mk, toPublish)
}

// gatherLate counts the late cases per agency and rule from the warnings.
func (in *deadlineInputs) legacyGatherLate(ctx context.Context, db *store.DB, y string, fw *store.Where) error {
	marks := ""
	for i, r := range legacyDeadlineRules {
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
func (in *deadlineInputs) legacyGatherPublished(ctx context.Context, db *store.DB, y string, mk func(string) *store.Where, toPublish string) error {
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
	ends := map[legacyDeadlineKey]string{} // a day's end of the period, once per day and period
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
			k := legacyDeadlineKey{decided, days[ag]}
			end, ok := ends[k]
			if !ok {
				end = legacyPublicityEnd(cal, decided, days[ag])
				ends[k] = end
			}
			if end != "" && published <= end {
				v[0] += n
			}
			in.published[ag] = v
			return nil
		})
}

type legacyDeadlineKey struct {
	decided string
	days    int
}

// publicityEnd is the last day to publish a decision of decided within n
// working days (0: cases.DefaultPublicityDays), "" when it cannot be told.
func legacyPublicityEnd(cal *law.Calendar, decided string, n int) string {
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
