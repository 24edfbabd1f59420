package inspection

import (
	"context"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Filter narrows the inspection list; Page is filled with the total.
type Filter struct {
	Region, Agency, Matter, Status, Kind, Enterprise string
	From, To                                         string // visit days, inclusive
	HasWarning                                       bool
	Rule                                             string // with an open warning of this rule
	Page                                             registry.Page
}

// Check refuses malformed filter values with the field named.
func (f *Filter) Check() error {
	bad := apperr.Fields{}
	if f.Status != "" && StatusLabels[f.Status] == "" {
		statuses := []registry.Option{}
		for _, s := range []string{StFiled, StApproved, StReported, StOnSite, StConcluded, StClosed} {
			statuses = append(statuses, registry.Option{Value: s, Label: StatusLabels[s]})
		}
		bad.Set("status", registry.OneOf("状态", statuses))
	}
	if f.Kind != "" && KindLabel(f.Kind) == f.Kind {
		kinds := []registry.Option{}
		for _, k := range Kinds {
			kinds = append(kinds, registry.Option{Value: k.Code, Label: k.Label})
		}
		bad.Set("kind", registry.OneOf("类型", kinds))
	}
	if f.Region != "" && ident.ValidateRegionCode(f.Region) != nil {
		bad.Set("region_code", "行政区划代码无效")
	}
	if f.Rule != "" && ruleIndex(f.Rule) < 0 {
		bad.Set("rule", "预警规则无效")
	}
	for k, v := range map[string]string{"from": f.From, "to": f.To} {
		if v != "" && (len(v) != 10 || v[4] != '-' || v[7] != '-') {
			bad.Set(k, "日期应为 YYYY-MM-DD")
		}
	}
	return bad.Err()
}

func (f *Filter) where(p *auth.Principal) *store.Where {
	w := &store.Where{}
	auth.FilterInspections(p, w, "i.region_code", "i.agency_code")
	if f.Region != "" {
		prefix := ident.RegionPrefix(f.Region)
		w.Add("i.region_code >= ? AND i.region_code < ?", prefix, ident.PrefixEnd(prefix))
	}
	for col, v := range map[string]string{"i.agency_code": f.Agency, "i.matter_code": f.Matter, "i.status": f.Status, "i.kind": f.Kind} {
		if v != "" {
			w.Add(col+" = ?", v)
		}
	}
	if f.Enterprise != "" {
		w.Add("i.enterprise_id = ?", ident.NormalizeUSCC(f.Enterprise))
	}
	if f.From != "" {
		w.Add("i.visit_day >= ?", f.From)
	}
	if f.To != "" {
		w.Add("i.visit_day <> '' AND i.visit_day <= ?", f.To)
	}
	if f.HasWarning || f.Rule != "" {
		cond := "EXISTS (SELECT 1 FROM findings f WHERE f.subject_kind = 'inspection' AND f.subject_id = i.id AND f.status = 'open'"
		if f.Rule != "" {
			w.Add(cond+" AND f.rule = ?)", f.Rule)
		} else {
			w.Add(cond + ")")
		}
	}
	return w
}

// List returns a page of the inspections p may see, newest first.
func (s *Service) List(ctx context.Context, db *store.DB, p *auth.Principal, f *Filter) ([]*Inspection, error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	f.Page.Normalize()
	w := f.where(p)
	if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM inspections i`+w.SQL(), w.Args...).Scan(&f.Page.Total); err != nil {
		return nil, err
	}
	args := append(w.Args, f.Page.Size, f.Page.Offset())
	n := len(w.Args)
	rows, err := db.R.QueryContext(ctx, `SELECT `+cols+from+w.SQL()+` ORDER BY i.id DESC LIMIT $`+strconv.Itoa(n+1)+` OFFSET $`+strconv.Itoa(n+2), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Inspection{}
	for rows.Next() {
		in, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, in := range out {
		open, err := flow.OpenFindings(ctx, db.R, Kind, in.ID)
		if err != nil {
			return nil, err
		}
		in.Warnings = warningsOf(open)
		sortWarnings(in.Warnings)
	}
	return out, nil
}
