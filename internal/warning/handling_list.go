package warning

import (
	"context"
	"strings"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Filter selects warnings for the warnings page and its export. Zero
// fields do not filter.
type Filter struct {
	Region, Agency, Rule, Severity, Stage string
	Month                                 string // YYYY-MM of first issue
	Status                                string // "" = all | open | resolved
	Returned                              bool   // signed after supervision returned it
	SoonRed                               bool   // yellow, unsigned, within 1 working day of turning red
	Escalated                             bool   // made red because nobody signed in time
	registry.Page
}

// Check validates f's enumerations, naming the field.
func (f *Filter) Check() error {
	bad := apperr.Fields{}
	if f.Stage != "" && StageLabel(f.Stage) == f.Stage {
		bad.Set("stage", "应为 issued、signed、answered、closed 或 cured")
	}
	switch f.Severity {
	case "", "yellow", "red":
	default:
		bad.Set("severity", "应为 yellow 或 red")
	}
	switch f.Status {
	case "", "open", "resolved":
	default:
		bad.Set("status", "应为 open 或 resolved")
	}
	if f.Month != "" {
		if _, err := time.Parse("2006-01", f.Month); err != nil {
			bad.Set("month", "应为 YYYY-MM")
		}
	}
	return bad.Err()
}

// where builds the conditions of f inside p's jurisdiction.
func (s *Service) where(ctx context.Context, p *auth.Principal, f *Filter) (*store.Where, error) {
	w := &store.Where{}
	auth.FilterCases(p, w, "f.region_code", "f.agency_code")
	if f.Region != "" {
		if prefix := ident.RegionPrefix(f.Region); prefix != "" && ident.ValidateRegionCode(f.Region) == nil {
			w.Add("f.region_code >= ? AND f.region_code < ?", prefix, ident.PrefixEnd(prefix))
		}
	}
	if f.Agency != "" {
		w.Add("f.agency_code = ?", ident.NormalizeUSCC(f.Agency))
	}
	if f.Rule != "" {
		w.Add("f.rule = ?", f.Rule)
	}
	if f.Severity != "" {
		w.Add("f.severity = ?", f.Severity)
	}
	if f.Stage != "" {
		w.Add("f.stage = ?", f.Stage)
	}
	if f.Status != "" {
		w.Add("f.status = ?", f.Status)
	}
	if f.Month != "" {
		if m, err := time.ParseInLocation("2006-01", f.Month, clock.Shanghai); err == nil {
			w.Add("f.first_seen >= ? AND f.first_seen < ?", m.UnixMilli(), m.AddDate(0, 1, 0).UnixMilli())
		}
	}
	if f.Escalated {
		w.Add("f.escalated = 1")
	}
	if f.Returned {
		w.Add("f.stage = 'signed' AND f.last_action = 'return'")
	}
	if f.SoonRed {
		today, soon, err := soonRed(ctx, s.db)
		if err != nil {
			return nil, err
		}
		w.Add(soonRedSQL("?", "?"), today, soon)
	}
	return w, nil
}

// soonRedSQL selects yellow unsigned warnings whose last day to sign lies
// between today and the next working day (placeholders today, soon).
func soonRedSQL(today, soon string) string {
	return `f.stage = 'issued' AND f.status = 'open' AND f.severity = 'yellow' AND f.escalated = 0 AND f.sign_by >= ` + today +
		` AND f.sign_by <= ` + soon
}

func soonRed(ctx context.Context, db *store.DB) (today, soon string, err error) {
	cal, err := calendar.CurrentLenient(ctx, db)
	if err != nil {
		return "", "", err
	}
	t := clock.Today(ctx)
	s, err := cal.AddWorkdays(t, 1)
	if err != nil {
		return "", "", err
	}
	return t.String(), s.String(), nil
}

// List lists the warnings p may see, newest first.
func (s *Service) List(ctx context.Context, p *auth.Principal, f *Filter) ([]*Warning, error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	f.Page.Normalize()
	w, err := s.where(ctx, p, f)
	if err != nil {
		return nil, err
	}
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM findings f`+w.SQL(), w.Args...).Scan(&f.Total); err != nil {
		return nil, err
	}
	// The page's ids first, from an index where the filter allows (SQLite
	// otherwise sorts the whole filtered set with a row lookup each), then
	// the page's rows.
	lim, off := w.Arg(f.Size), w.Arg(f.Offset())
	rows, err := s.db.R.QueryContext(ctx, `SELECT f.id FROM findings f`+w.SQL()+` ORDER BY f.id DESC LIMIT `+lim+` OFFSET `+off, w.Args...)
	if err != nil {
		return nil, err
	}
	ids := &store.Where{}
	var in []string
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		in = append(in, ids.Arg(id))
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if len(in) == 0 {
		return []*Warning{}, nil
	}
	return s.query(ctx, `SELECT `+warningCols+warningFrom+` WHERE f.id IN (`+strings.Join(in, ", ")+`) ORDER BY f.id DESC`, ids.Args...)
}

func (s *Service) query(ctx context.Context, q string, args ...any) ([]*Warning, error) {
	rows, err := s.db.R.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Warning{}
	for rows.Next() {
		x, err := scanWarning(ctx, rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// RuleOption is one choice of the list's rule filter.
type RuleOption struct{ Code, Name string }

// Rules are the rule filter's choices: the built-in rules from the engine's
// catalogue and the custom rules p may read, from the rules themselves (a
// few rows), never a scan of the findings.
func (s *Service) Rules(ctx context.Context, p *auth.Principal) ([]RuleOption, error) {
	var out []RuleOption
	for _, r := range cases.Catalogue() {
		out = append(out, RuleOption{Code: r.Code, Name: r.Name})
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT code, name, region_code FROM custom_rules ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var o RuleOption
		var region string
		if err := rows.Scan(&o.Code, &o.Name, &region); err != nil {
			return nil, err
		}
		if auth.CanReadCustomRules(p, region) {
			out = append(out, o)
		}
	}
	return out, rows.Err()
}
