package cases

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"zfjd/internal/clock"
	"zfjd/internal/law"
	"zfjd/internal/store"
)

// loadEnv gathers what the rules read about c from the database, once
// per judgement; today is the context's clock.
func (s *Service) loadEnv(ctx context.Context, q store.Querier, c *Case) (*Env, error) {
	cal, err := s.calendar(ctx, s.keyed(q))
	if err != nil {
		return nil, err
	}
	env := &Env{Cal: cal, Today: clock.Today(ctx), Officers: map[string]OfficerCert{}}
	if err := loadOfficers(ctx, q, c, env); err != nil {
		return nil, err
	}
	err = q.QueryRowContext(ctx, `SELECT publicity_days FROM agencies WHERE code = $1`, c.AgencyCode).Scan(&env.PublicityDays)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	var matters string
	var kinds sql.NullString
	err = q.QueryRowContext(ctx, `SELECT review_fine_fen, review_matters, hearing_person_fen, hearing_org_fen, statement_days, hearing_kinds
		FROM agency_case_rules WHERE agency_code = $1`, c.AgencyCode).
		Scan(&env.ReviewFineFen, &matters, &env.HearingPersonFen, &env.HearingOrgFen, &env.StatementDays, &kinds)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if kinds.Valid {
		env.HearingKinds, env.HearingKindsSet = splitCodes(kinds.String), true
	}
	for _, m := range strings.Fields(strings.ReplaceAll(matters, ",", " ")) {
		env.ReviewMatter = env.ReviewMatter || m == c.MatterCode
	}
	var thr sql.NullInt64
	err = q.QueryRowContext(ctx, `SELECT criminal_threshold_fen, name FROM matters WHERE code = $1`, c.MatterCode).Scan(&thr, &c.MatterName)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if thr.Valid {
		env.CriminalFen = &thr.Int64
	}
	if env.Statutory, err = loadStatutory(ctx, q, c.MatterCode); err != nil {
		return nil, err
	}
	if s.ranges != nil {
		var lookupErr error
		memo := rangeMemo{} // the rules ask for each tier on each decision day, several times
		env.Range = func(tier string, on law.Date) *FineRange {
			return memo.get(tier, on, func() *FineRange {
				r, err := s.ranges(ctx, q, c.MatterCode, c.RegionCode, on.String(), tier)
				if err != nil && lookupErr == nil {
					lookupErr = err
				}
				return r
			})
		}
	}
	if err := s.loadRules(ctx, q, c, env); err != nil { // rule settings, cross-case and custom rules (rule_settings.go)
		return nil, err
	}
	if err := loadAV(ctx, q, c, env); err != nil { // 音像记录清单 and recordings (rules_av.go)
		return nil, err
	}
	return env, nil
}

// loadOfficers reads the certificates and qualifications of every officer
// named on the case: by certificate number, and — for a legal reviewer or
// hearing host given by name — by name among the case agency's officers.
func loadOfficers(ctx context.Context, q store.Querier, c *Case, env *Env) error {
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
	if err := loadOfficersWhere(ctx, q, env, "cert_no", "", distinct(certs)); err != nil {
		return err
	}
	var unknown []string
	for _, n := range distinct(names) {
		if _, ok := env.Officers[n]; !ok {
			unknown = append(unknown, n)
		}
	}
	return loadOfficersWhere(ctx, q, env, "name", c.AgencyCode, unknown)
}

// loadOfficersWhere loads the officers whose column (cert_no or name)
// matches one of keys, of agency when given, 200 at a time.
func loadOfficersWhere(ctx context.Context, q store.Querier, env *Env, column, agency string, keys []string) error {
	for len(keys) > 0 {
		n := min(len(keys), 200)
		batch := keys[:n]
		keys = keys[n:]
		w := &store.Where{}
		ph := make([]string, len(batch))
		for i, k := range batch {
			ph[i] = w.Arg(k)
		}
		cond := column + " IN (" + strings.Join(ph, ",") + ")"
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
