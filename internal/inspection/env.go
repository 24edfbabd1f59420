package inspection

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"

	"zfjd/internal/clock"
	"zfjd/internal/law"
	"zfjd/internal/store"
)

// judge gathers in's environment through q and applies the rules.
func (s *Service) judge(ctx context.Context, q store.Querier, in *Inspection) (*Judgement, error) {
	env, err := s.env(ctx, q, in)
	if err != nil {
		return nil, err
	}
	j, err := Judge(in, env)
	if err != nil {
		return nil, err
	}
	sortWarnings(j.Warnings)
	return j, nil
}

func ruleIndex(rule string) int {
	return slices.IndexFunc(Rules, func(r struct{ Code, Label, Basis string }) bool { return r.Code == rule })
}

// sortWarnings puts warnings in rule order, then key, as stored and judged alike.
func sortWarnings(ws []Warning) {
	slices.SortStableFunc(ws, func(a, b Warning) int {
		return cmp.Or(cmp.Compare(ruleIndex(a.Rule), ruleIndex(b.Rule)), cmp.Compare(a.Key, b.Key))
	})
}

// env reads what the rules need about in: the calendar, whether its matter
// is listed for its agency, the certificates of its officers, the region's
// caps and the enterprise's other visits of the last 365 days (one index
// range on inspections_enterprise: the per-enterprise window).
func (s *Service) env(ctx context.Context, q store.Querier, in *Inspection) (*Env, error) {
	cal, err := s.cal(ctx, q)
	if err != nil {
		return nil, err
	}
	env := &Env{Cal: cal, Today: clock.Today(ctx), Officers: map[string]Cert{}}
	if env.Listed, err = Listed(ctx, q, in.AgencyCode, in.MatterCode); err != nil {
		return nil, err
	}
	if env.Caps, err = CapsOf(ctx, q, in.RegionCode); err != nil {
		return nil, err
	}
	var certs []string
	for _, e := range in.Events {
		certs = append(certs, e.Officers...)
	}
	if env.Officers, err = Certs(ctx, q, certs); err != nil {
		return nil, err
	}
	if err := loadAV(ctx, q, in, env); err != nil {
		return nil, err
	}
	if ci := in.first(EvCheckedIn); ci != nil {
		env.Others, err = visits(ctx, q, in.Enterprise.IDNumber, ci.when.Date.AddDays(-IneffectiveDays).String(), ci.when.Date.String(), in.ID)
	}
	return env, err
}

// Listed reports whether matter is an inspection matter held by agency
// (the 检查事项清单: 清单之外无检查).
func Listed(ctx context.Context, q store.Querier, agency, matter string) (bool, error) {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM matters m JOIN matter_agencies ma ON ma.matter_id = m.id
		WHERE m.code = $1 AND m.kind = 'inspection' AND ma.agency_code = $2`, matter, agency).Scan(&one)
	if err == sql.ErrNoRows {
		return false, nil
	}
	return err == nil, err
}

// regionChain is code and the codes of its city and province, most specific first.
func regionChain(code string) []string {
	out := []string{code}
	if len(code) >= 6 {
		for _, c := range []string{code[:4] + "00", code[:2] + "0000"} {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out
}

// CapsOf are the frequency caps of region: the most specific row of
// inspection_caps among it, its city and its province, else DefaultCaps.
func CapsOf(ctx context.Context, q store.Querier, region string) (Caps, error) {
	chain := regionChain(region)
	w := &store.Where{}
	ph := make([]string, len(chain))
	for i, c := range chain {
		ph[i] = w.Arg(c)
	}
	rows, err := q.QueryContext(ctx, `SELECT region_code, per_day, per_week, per_month FROM inspection_caps
		WHERE region_code IN (`+strings.Join(ph, ",")+`)`, w.Args...)
	if err != nil {
		return Caps{}, err
	}
	defer rows.Close()
	best, out := len(chain), DefaultCaps
	for rows.Next() {
		var code string
		var c Caps
		if err := rows.Scan(&code, &c.Day, &c.Week, &c.Month); err != nil {
			return Caps{}, err
		}
		if i := slices.Index(chain, code); i >= 0 && i < best {
			best, out = i, c
		}
	}
	return out, rows.Err()
}

// Certs loads the certificates of the officers numbered certs.
func Certs(ctx context.Context, q store.Querier, certs []string) (map[string]Cert, error) {
	out := map[string]Cert{}
	slices.Sort(certs)
	certs = slices.Compact(certs)
	for len(certs) > 0 {
		n := min(len(certs), 200)
		w := &store.Where{}
		ph := make([]string, n)
		for i, c := range certs[:n] {
			ph[i] = w.Arg(c)
		}
		certs = certs[n:]
		rows, err := q.QueryContext(ctx, `SELECT cert_no, name, cert_valid_from, cert_valid_to, cert_status, status_since
			FROM officers WHERE cert_no IN (`+strings.Join(ph, ",")+`)`, w.Args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var no string
			var c Cert
			if err := rows.Scan(&no, &c.Name, &c.ValidFrom, &c.ValidTo, &c.Status, &c.StatusSince); err != nil {
				rows.Close()
				return nil, err
			}
			out[no] = c
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// visits are the enterprise's checked-in visits from..to (days), but self.
func visits(ctx context.Context, q store.Querier, enterprise, from, to string, self int64) ([]Visit, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, visit_at, visit_day, directed, officers, problem_found FROM inspections
		WHERE enterprise_id = $1 AND visit_day >= $2 AND visit_day <= $3 AND id <> $4 ORDER BY visit_day, id`, enterprise, from, to, self)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Visit
	for rows.Next() {
		var v Visit
		var directed int
		var officers string
		if err := rows.Scan(&v.ID, &v.At, &v.Day, &directed, &officers, &v.Problem); err != nil {
			return nil, err
		}
		v.Directed = directed != 0
		v.Officers = strings.FieldsFunc(officers, func(r rune) bool { return r == ',' })
		out = append(out, v)
	}
	return out, rows.Err()
}

// RepeatOfficers are the officers among certs whose last two visits of
// enterprise before day (within 365 days) found no problem: the third is
// blocked unless a reason is given (低效检查阻断).
func RepeatOfficers(ctx context.Context, q store.Querier, enterprise string, day law.Date, certs []string) ([]string, error) {
	vs, err := visits(ctx, q, enterprise, day.AddDays(-IneffectiveDays).String(), day.String(), 0)
	if err != nil {
		return nil, err
	}
	self := Visit{At: 1 << 62, Day: day.String()}
	var out []string
	for _, no := range certs {
		if FruitlessBefore(vs, self, no, day.AddDays(-IneffectiveDays).String()) != nil {
			out = append(out, no)
		}
	}
	return out, nil
}
