package cases

import (
	"context"
	"slices"

	"zfjd/internal/clock"
	"zfjd/internal/law"
	"zfjd/internal/store"
)

// loadEnv gathers what the rules read about c from the database, once
// per judgement; today is the context's clock.
func (s *Service) loadEnv(ctx context.Context, q store.Querier, c *Case) (*Env, error) {
	return s.loadEnvWith(ctx, q, c, nil)
}

// loadEnvWith is loadEnv sharing, through m, what several judgements of
// one read (a page of the due pass) have in common: the agency's and the
// matter's rows, the officers, the benchmark ranges. A nil m shares them
// within this judgement only.
func (s *Service) loadEnvWith(ctx context.Context, q store.Querier, c *Case, m *envMemo) (*Env, error) {
	byVersion := m != nil && versionedRanges(s.ranges) // shared by many judgements: keyed by version stretch
	if m == nil {
		m = newEnvMemo() // within one judgement: the rules ask for each range several times
	}
	cal := m.cal
	if cal == nil {
		var err error
		if cal, err = s.calendar(ctx, s.keyed(q)); err != nil {
			return nil, err
		}
	}
	env := &Env{Cal: cal, Today: clock.Today(ctx), Officers: map[string]OfficerCert{}}
	if err := loadOfficers(ctx, q, c, env, m); err != nil {
		return nil, err
	}
	ag, err := m.agency(ctx, q, c.AgencyCode)
	if err != nil {
		return nil, err
	}
	env.PublicityDays, env.ReviewFineFen, env.HearingPersonFen, env.HearingOrgFen = ag.publicityDays, ag.reviewFineFen, ag.hearingPersonFen, ag.hearingOrgFen
	env.StatementDays, env.HearingKinds, env.HearingKindsSet = ag.statementDays, ag.hearingKinds, ag.hearingKindsSet
	env.ReviewMatter = slices.Contains(ag.reviewMatters, c.MatterCode)
	mt, err := m.matter(ctx, q, c.MatterCode)
	if err != nil {
		return nil, err
	}
	env.CriminalFen, env.Statutory = mt.criminalFen, mt.statutory
	if mt.name != "" {
		c.MatterName = mt.name
	}
	if s.ranges != nil {
		var lookupErr error
		env.Range = func(tier string, on law.Date) *FineRange {
			key := on
			if byVersion {
				if d, err := m.rangeDay(ctx, q, c.MatterCode, on); err == nil {
					key = d
				} // else by date, as without a memo
			}
			return m.rangeOf(ctx, c, tier, key, func() *FineRange {
				r, err := s.ranges(ctx, q, c.MatterCode, c.RegionCode, on.String(), tier)
				if err != nil && lookupErr == nil {
					lookupErr = err
				}
				return r
			})
		}
	}
	if err := s.loadRules(ctx, q, c, env, m); err != nil { // rule settings, cross-case and custom rules (rule_settings.go)
		return nil, err
	}
	if err := loadAV(ctx, q, c, env, m); err != nil { // 音像记录清单 and recordings (rules_av.go)
		return nil, err
	}
	return env, nil
}

// loadOfficers reads the certificates and qualifications of every officer
// named on the case: by certificate number, and — for a legal reviewer or
// hearing host given by name — by name among the case agency's officers.
func loadOfficers(ctx context.Context, q store.Querier, c *Case, env *Env, m *envMemo) error {
	var certs, names []string
	for _, e := range c.Events {
		certs = append(certs, e.Officers...)
		for _, s := range []string{e.Reviewer, e.Host} {
			if s != "" {
				certs = append(certs, s)
				names = append(names, s)
			}
		}
	}
	if err := m.officersByCert(ctx, q, env, distinct(certs)); err != nil {
		return err
	}
	var unknown []string
	for _, n := range distinct(names) {
		if _, ok := env.Officers[n]; !ok {
			unknown = append(unknown, n)
		}
	}
	return m.officersByName(ctx, q, env, c.AgencyCode, unknown)
}

// loadOfficersWhere loads the officers whose column (cert_no or name)
// matches one of keys, of agency when given, 200 at a time.
func loadOfficersWhere(ctx context.Context, q store.Querier, env *Env, column, agency string, keys []string) error {
	for len(keys) > 0 {
		n := min(len(keys), 200)
		batch := keys[:n]
		keys = keys[n:]
		w := &store.Where{}
		cond := column + " IN (" + inMarks(w, batch) + ")"
		if agency != "" {
			cond += " AND agency_code = " + w.Arg(agency)
		}
		rows, err := q.QueryContext(ctx, `SELECT cert_no, name, cert_valid_from, cert_valid_to, cert_status, status_since,
			hearing_host, legal_review, supervision FROM officers WHERE `+cond, w.Args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var no string
			var o OfficerCert
			var host, review, sup int
			if err := rows.Scan(&no, &o.Name, &o.ValidFrom, &o.ValidTo, &o.Status, &o.StatusSince, &host, &review, &sup); err != nil {
				rows.Close()
				return err
			}
			for _, x := range []struct {
				on   int
				name string
			}{{host, "hearing_host"}, {review, "legal_review"}, {sup, "supervision"}} {
				if x.on != 0 {
					o.Qualifications = append(o.Qualifications, x.name)
				}
			}
			env.Officers[no] = o
		}
		if err := rows.Close(); err != nil {
			return err
		}
	}
	return nil
}
