package scale

import (
	"context"

	"zfjd/internal/calendar"
	"zfjd/internal/cases"
	"zfjd/internal/law"
	"zfjd/internal/store"
)

// envs builds the judgement environment of every case in memory from the
// generated world, with exactly what the case service's loadEnv reads from
// the tables the loader wrote (officers, the agency's publicity period and
// case rules, the matter's threshold) and the real calendar and benchmark
// lookups (calendar.RulesCalendar, cases.BenchmarkRanges), read once.
type envs struct {
	cal      *law.Calendar
	today    law.Date
	officers map[string]cases.OfficerCert
	agencies map[string]*Agency
	matters  map[string]*Matter
	ranges   map[string]map[string]*cases.FineRange // matter → tier → range in force from benchmarkFrom
}

var tiers = []string{"none", "mitigated", "lighter", "ordinary", "heavier"}

func newEnvs(ctx context.Context, db *store.DB, w *World, today law.Date) (*envs, error) {
	cal, err := calendar.RulesCalendar(ctx, db.R)
	if err != nil {
		return nil, err
	}
	e := &envs{cal: cal, today: today, officers: make(map[string]cases.OfficerCert, len(w.Officers)),
		agencies: map[string]*Agency{}, matters: map[string]*Matter{}, ranges: map[string]map[string]*cases.FineRange{}}
	for _, o := range w.Officers {
		oc := cases.OfficerCert{Name: o.Name, ValidFrom: o.From, ValidTo: o.To, Status: o.Status, StatusSince: o.Since}
		if o.Host {
			oc.Qualifications = append(oc.Qualifications, "hearing_host")
		}
		if o.Review {
			oc.Qualifications = append(oc.Qualifications, "legal_review")
		}
		e.officers[o.Cert] = oc
	}
	for _, a := range w.Agencies {
		e.agencies[a.Code] = a
	}
	for _, m := range w.Matters {
		e.matters[m.Code] = m
		e.ranges[m.Code] = map[string]*cases.FineRange{}
		for _, t := range tiers {
			r, err := cases.BenchmarkRanges(ctx, db.R, m.Code, w.Root.Code, today.String(), t)
			if err != nil {
				return nil, err
			}
			e.ranges[m.Code][t] = r
		}
	}
	return e, nil
}

func (e *envs) env(c *cases.Case) *cases.Env {
	a := e.agencies[c.AgencyCode]
	m := e.matters[c.MatterCode]
	env := &cases.Env{Cal: e.cal, Today: e.today, Officers: e.officers, PublicityDays: publicityDays(a.Domain),
		StatementDays: statementDays, ReviewFineFen: reviewFineFen, HearingPersonFen: hearingPersonFen, HearingOrgFen: hearingOrgFen,
		HearingKindsSet: true, CriminalFen: m.Threshold}
	rs := e.ranges[c.MatterCode]
	env.Range = func(tier string, on law.Date) *cases.FineRange {
		if on.String() < benchmarkFrom {
			return nil
		}
		return rs[tier]
	}
	return env
}
