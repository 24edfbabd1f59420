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
	cal, err := s.calendar(ctx, q)
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
	err = q.QueryRowContext(ctx, `SELECT review_fine_fen, review_matters, hearing_person_fen, hearing_org_fen FROM agency_case_rules
		WHERE agency_code = $1`, c.AgencyCode).Scan(&env.ReviewFineFen, &matters, &env.HearingPersonFen, &env.HearingOrgFen)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	for _, m := range strings.Fields(strings.ReplaceAll(matters, ",", " ")) {
		env.ReviewMatter = env.ReviewMatter || m == c.MatterCode
	}
	var thr sql.NullInt64
	err = q.QueryRowContext(ctx, `SELECT criminal_threshold_fen FROM matters WHERE code = $1`, c.MatterCode).Scan(&thr)
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
		env.Range = func(tier string, on law.Date) *FineRange {
			r, err := s.ranges(ctx, q, c.MatterCode, c.RegionCode, on.String(), tier)
			if err != nil && lookupErr == nil {
				lookupErr = err
			}
			return r
		}
	}
	return env, nil
}

// loadOfficers reads the certificates of every officer named on the case.
func loadOfficers(ctx context.Context, q store.Querier, c *Case, env *Env) error {
	var certs []string
	for _, e := range c.Events {
		certs = append(certs, e.Officers...)
		for _, s := range []string{e.Reviewer, e.Host} {
			if s != "" {
				certs = append(certs, s)
			}
		}
	}
	certs = distinct(certs)
	for len(certs) > 0 {
		n := min(len(certs), 200)
		batch := certs[:n]
		certs = certs[n:]
		w := &store.Where{}
		ph := make([]string, len(batch))
		for i, c := range batch {
			ph[i] = w.Arg(c)
		}
		rows, err := q.QueryContext(ctx, `SELECT cert_no, name, cert_valid_from, cert_valid_to, cert_status, status_since
			FROM officers WHERE cert_no IN (`+strings.Join(ph, ",")+`)`, w.Args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var no string
			var o OfficerCert
			if err := rows.Scan(&no, &o.Name, &o.ValidFrom, &o.ValidTo, &o.Status, &o.StatusSince); err != nil {
				rows.Close()
				return err
			}
			env.Officers[no] = o
		}
		if err := rows.Close(); err != nil {
			return err
		}
	}
	return nil
}
