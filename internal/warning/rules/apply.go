package rules

import (
	"context"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/law"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// hook is the custom rules' part of a case judgement (cases.CustomRules):
// the rules in force in the case's region are evaluated with what they
// read, gathered in the judgement's transaction.
func (s *Service) hook(ctx context.Context, q store.Querier, c *cases.Case, env *cases.Env) (func(*cases.Case, *cases.Env) []cases.Warning, error) {
	all, err := s.activeRules(ctx, q)
	if err != nil {
		return nil, err
	}
	rs := forRegion(all, c.RegionCode)
	if len(rs) == 0 {
		return nil, nil
	}
	in, err := s.input(ctx, newLookups(q), c, env.Today, env.Cal, rs)
	if err != nil {
		return nil, err
	}
	return func(c *cases.Case, _ *cases.Env) []cases.Warning {
		in.Case = CaseValue(c)
		var out []cases.Warning
		for _, r := range rs {
			if ok, _ := r.prg.Eval(in); ok {
				out = append(out, warningOf(r))
			}
		}
		return out
	}, nil
}

// input gathers what the rules rs read about c.
func (s *Service) input(ctx context.Context, l *lookups, c *cases.Case, today law.Date, cal *law.Calendar, rs []*Custom) (*Input, error) {
	in := &Input{Case: CaseValue(c), Today: today.String(), Cal: cal}
	var err error
	if in.Matter, err = l.matter(ctx, c.MatterCode); err != nil {
		return nil, err
	}
	if in.Agency, err = l.agency(ctx, c.AgencyCode); err != nil {
		return nil, err
	}
	in.History = emptyHistory()
	for _, r := range rs {
		if r.prg.UsesHistory {
			if in.History, err = History(ctx, l.q, c, today); err != nil {
				return nil, err
			}
			break
		}
	}
	return in, nil
}

// Match is one subject a dry run names.
type Match struct {
	CaseID       int64  `json:"case_id"`
	SourceSystem string `json:"source_system"`
	SourceID     string `json:"source_id"`
}

// DryRun is the answer of POST /api/v1/rules/custom/dry-run.
type DryRun struct {
	Count   int     `json:"count"`
	Matches []Match `json:"matches"`
}

// DryRunBody is its request.
type DryRunBody struct {
	RegionCode *string `json:"region_code"`
	Expression *string `json:"expression"`
	Kind       *string `json:"kind"`
}

const maxMatches = 100

// DryRun evaluates an expression over the current cases of a region and
// saves nothing: how many match, and the first hundred.
func (s *Service) DryRun(ctx context.Context, p *auth.Principal, b *DryRunBody) (*DryRun, error) {
	f := apperr.Fields{}
	region := ""
	if b.RegionCode == nil || *b.RegionCode == "" {
		f.Set("region_code", "请填写行政区划")
	} else if region = *b.RegionCode; registry.CheckRegion(ctx, s.db.R, region) != "" {
		f.Set("region_code", registry.CheckRegion(ctx, s.db.R, region))
	}
	if b.Kind != nil && *b.Kind != "case" && *b.Kind != "" {
		f.Set("kind", "涉企检查、投诉举报尚未接入平台，暂只能对案件（case）试运行")
	}
	var prg *Program
	if b.Expression == nil {
		f.Set("expression", "请填写表达式")
	} else if pr, err := Compile(*b.Expression); err != nil {
		f.Set("expression", err.(*apperr.Error).Message)
	} else {
		prg = pr
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if !auth.CanSetRules(p, region) {
		return nil, apperr.New(apperr.Forbidden, "只有该行政区划的监督机构或系统管理员可以试运行监督规则")
	}
	out := &DryRun{Matches: []Match{}}
	r := &Custom{prg: prg, RegionCode: region}
	err := s.walk(ctx, region, 0, 0, func(c *cases.Case, in *Input) error {
		if ok, _ := prg.Eval(in); ok {
			out.Count++
			if len(out.Matches) < maxMatches {
				out.Matches = append(out.Matches, Match{c.ID, c.SourceSystem, c.SourceID})
			}
		}
		return nil
	}, r)
	return out, err
}

// walk calls fn for each case of region with an id above after, in pages
// (at most limit cases; 0 = all), with the input of the rules rs. It
// returns the last id seen through fn's cases.
func (s *Service) walk(ctx context.Context, region string, after int64, limit int, fn func(*cases.Case, *Input) error, rs ...*Custom) error {
	cal, err := s.cal(ctx, s.db.R)
	if err != nil {
		return err
	}
	today := clock.Today(ctx)
	l := newLookups(s.db.R)
	seen := 0
	for {
		page, err := cases.CasesAfter(ctx, s.db.R, region, after, 500)
		if err != nil {
			return err
		}
		for _, c := range page {
			in, err := s.input(ctx, l, c, today, cal, rs)
			if err != nil {
				return err
			}
			if err := fn(c, in); err != nil {
				return err
			}
			after = c.ID
			if seen++; limit > 0 && seen >= limit {
				return nil
			}
		}
		if len(page) < 500 {
			return nil
		}
	}
}

// ApplyPending brings every custom rule's findings on existing cases up to
// its current version: cases whose open finding of the rule differs from
// what the rule now says are judged again (cases.Service.Refresh), the
// others left alone. It works through at most budget of wall time, and
// remembers where it stopped. It returns how many cases it re-judged.
func (s *Service) ApplyPending(ctx context.Context, budget time.Duration) (int, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+customCols+`, apply_cursor, apply_region FROM custom_rules WHERE applied_version < version ORDER BY code`)
	if err != nil {
		return 0, err
	}
	type pending struct {
		c      *Custom
		cursor int64
		region string
	}
	var ps []pending
	for rows.Next() {
		var p pending
		var c Custom
		var on int
		var applied int64
		if err := rows.Scan(&c.Code, &c.RegionCode, &c.Name, &c.Kind, &c.Severity, &c.Basis, &c.Expression, &on, &c.Version, &c.UpdatedAt,
			&c.UpdatedBy, &applied, &p.cursor, &p.region); err != nil {
			rows.Close()
			return 0, err
		}
		c.Enabled = on != 0
		p.c = &c
		if p.region == "" {
			p.region = c.RegionCode
		}
		ps = append(ps, p)
	}
	if err := rows.Close(); err != nil {
		return 0, err
	}
	start := time.Now()
	n := 0
	for _, p := range ps {
		if p.c.prg, err = Compile(p.c.Expression); err != nil {
			p.c.Enabled = false
		}
		for {
			k, last, done, err := s.applyPage(ctx, p.c, p.region, p.cursor)
			n += k
			if err != nil {
				return n, err
			}
			p.cursor = last
			q := `UPDATE custom_rules SET apply_cursor = $2 WHERE code = $1 AND version = $3`
			if done {
				q = `UPDATE custom_rules SET apply_cursor = 0, applied_version = $3, apply_region = '' WHERE code = $1 AND version = $3 AND $2 >= 0`
			}
			if _, err := s.db.W.ExecContext(ctx, q, p.c.Code, p.cursor, p.c.Version); err != nil {
				return n, err
			}
			if done {
				break
			}
			if time.Since(start) > budget {
				return n, nil
			}
		}
	}
	return n, nil
}

const applyPage = 500

// applyPage walks one page of region after cursor for rule c.
func (s *Service) applyPage(ctx context.Context, c *Custom, region string, cursor int64) (rejudged int, last int64, done bool, err error) {
	want := VersionKey(c.Version)
	match := map[int64]bool{}
	var order []int64
	last = cursor
	err = s.walk(ctx, region, cursor, applyPage, func(cs *cases.Case, in *Input) error {
		last = cs.ID
		order = append(order, cs.ID)
		if c.Enabled && c.prg != nil && inRegion(c, cs) {
			match[cs.ID], _ = c.prg.Eval(in)
		}
		return nil
	}, c)
	if err != nil || len(order) == 0 {
		return 0, last, true, err
	}
	// The rule's open findings on the page, in one range query.
	rows, err := s.db.R.QueryContext(ctx, `SELECT subject_id, fkey FROM findings WHERE subject_kind = 'case' AND rule = $1 AND status = 'open'
		AND subject_id > $2 AND subject_id <= $3`, c.Code, cursor, last)
	if err != nil {
		return 0, last, false, err
	}
	has, stale := map[int64]bool{}, map[int64]bool{}
	for rows.Next() {
		var id int64
		var k string
		if err := rows.Scan(&id, &k); err != nil {
			rows.Close()
			return 0, last, false, err
		}
		if k == want {
			has[id] = true
		} else {
			stale[id] = true
		}
	}
	if err := rows.Close(); err != nil {
		return 0, last, false, err
	}
	for _, id := range order {
		if match[id] == has[id] && !stale[id] {
			continue
		}
		if _, err := s.cases.Refresh(ctx, id); err != nil {
			return rejudged, last, false, err
		}
		rejudged++
	}
	return rejudged, last, len(order) < applyPage, nil
}

func inRegion(c *Custom, cs *cases.Case) bool {
	return len(forRegion([]*Custom{c}, cs.RegionCode)) == 1
}
