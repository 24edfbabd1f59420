package bench

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"sync"

	"zfjd/internal/calendar"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/law"
	"zfjd/internal/store"
)

// envSource holds in memory what the case service's loadEnv reads per
// case (officers, the agency's publicity period and case rules, the
// matter's criminal threshold, benchmark ranges, the calendar), read once,
// so the full pass measures the engine and not 5 queries per case. Not
// covered: statutory fine ranges and officers named by name instead of
// certificate number (the generated data has neither).
type envSource struct {
	cal      *law.Calendar
	today    law.Date
	officers map[string]cases.OfficerCert
	agencies map[string]agencyEnv
	matters  map[string]*int64
	db       *store.DB
	ctx      context.Context
	mu       sync.Mutex
	ranges   map[[4]string]*cases.FineRange
	// benchmark versions per matter: the setting regions and effective
	// dates, so the cache key is what the lookup depends on
	setters map[string][]string
	dates   map[string][]string
}

type agencyEnv struct {
	publicity, statement            int
	reviewFine, hearPerson, hearOrg int64
	reviewMatters, hearingKinds     []string
	kindsSet                        bool
}

func loadEnvSource(ctx context.Context, db *store.DB) (*envSource, error) {
	cal, err := calendar.RulesCalendar(ctx, db.R)
	if err != nil {
		return nil, err
	}
	e := &envSource{cal: cal, today: clock.Today(ctx), officers: map[string]cases.OfficerCert{}, agencies: map[string]agencyEnv{},
		matters: map[string]*int64{}, db: db, ctx: ctx, ranges: map[[4]string]*cases.FineRange{}}
	rows, err := db.R.QueryContext(ctx, `SELECT cert_no, name, cert_valid_from, cert_valid_to, cert_status, status_since,
		hearing_host, legal_review, supervision FROM officers`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var no string
		var o cases.OfficerCert
		var host, review, sup int
		if err := rows.Scan(&no, &o.Name, &o.ValidFrom, &o.ValidTo, &o.Status, &o.StatusSince, &host, &review, &sup); err != nil {
			rows.Close()
			return nil, err
		}
		for _, q := range []struct {
			on   int
			name string
		}{{host, "hearing_host"}, {review, "legal_review"}, {sup, "supervision"}} {
			if q.on != 0 {
				o.Qualifications = append(o.Qualifications, q.name)
			}
		}
		e.officers[no] = o
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	rows, err = db.R.QueryContext(ctx, `SELECT a.code, a.publicity_days, COALESCE(r.statement_days, 0), COALESCE(r.review_fine_fen, 0),
		COALESCE(r.hearing_person_fen, 0), COALESCE(r.hearing_org_fen, 0), COALESCE(r.review_matters, ''), r.hearing_kinds
		FROM agencies a LEFT JOIN agency_case_rules r ON r.agency_code = a.code`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var code, matters string
		var kinds sql.NullString
		var a agencyEnv
		if err := rows.Scan(&code, &a.publicity, &a.statement, &a.reviewFine, &a.hearPerson, &a.hearOrg, &matters, &kinds); err != nil {
			rows.Close()
			return nil, err
		}
		a.reviewMatters = strings.Fields(strings.ReplaceAll(matters, ",", " "))
		if kinds.Valid {
			a.hearingKinds, a.kindsSet = cases.ParseCodes(kinds.String), true
		}
		e.agencies[code] = a
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	rows, err = db.R.QueryContext(ctx, `SELECT code, criminal_threshold_fen FROM matters`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var code string
		var thr sql.NullInt64
		if err := rows.Scan(&code, &thr); err != nil {
			rows.Close()
			return nil, err
		}
		if thr.Valid {
			v := thr.Int64
			e.matters[code] = &v
		} else {
			e.matters[code] = nil
		}
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	e.setters, e.dates = map[string][]string{}, map[string][]string{}
	rows, err = db.R.QueryContext(ctx, `SELECT matter_code, region_code, effective_from FROM benchmarks ORDER BY matter_code, effective_from`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var m, r, d string
		if err := rows.Scan(&m, &r, &d); err != nil {
			rows.Close()
			return nil, err
		}
		if !slices.Contains(e.setters[m], r) {
			e.setters[m] = append(e.setters[m], r)
		}
		e.dates[m] = append(e.dates[m], d)
	}
	return e, rows.Close()
}

// rangeFor caches cases.BenchmarkRanges by matter, region, tier and date.
func (e *envSource) rangeFor(matter, region, on, tier string) *cases.FineRange {
	// The answer depends on the date only through the versions in force
	// and on the region only through the setters that contain it.
	from := ""
	for _, d := range e.dates[matter] {
		if d <= on {
			from = d
		}
	}
	if from == "" {
		return nil
	}
	var key []string
	for _, r := range e.setters[matter] {
		if ident.Contains(r, region) {
			key = append(key, r)
		}
	}
	k := [4]string{matter, strings.Join(key, ","), from, tier}
	e.mu.Lock()
	r, ok := e.ranges[k]
	e.mu.Unlock()
	if ok {
		return r
	}
	r, _ = cases.BenchmarkRanges(e.ctx, e.db.R, matter, region, from, tier)
	e.mu.Lock()
	e.ranges[k] = r
	e.mu.Unlock()
	return r
}

func (e *envSource) env(c *cases.Case) *cases.Env {
	a := e.agencies[c.AgencyCode]
	env := &cases.Env{Cal: e.cal, Today: e.today, Officers: e.officers, PublicityDays: a.publicity, StatementDays: a.statement,
		ReviewFineFen: a.reviewFine, HearingPersonFen: a.hearPerson, HearingOrgFen: a.hearOrg, HearingKinds: a.hearingKinds,
		HearingKindsSet: a.kindsSet, CriminalFen: e.matters[c.MatterCode]}
	for _, m := range a.reviewMatters {
		env.ReviewMatter = env.ReviewMatter || m == c.MatterCode
	}
	matter, region := c.MatterCode, c.RegionCode
	env.Range = func(tier string, on law.Date) *cases.FineRange { return e.rangeFor(matter, region, on.String(), tier) }
	return env
}
