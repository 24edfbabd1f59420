package cases

// The warnings list (GET /api/v1/warnings and the pages that read it):
// every workflow's findings in p's scope, newest first, with keyset pages.

import (
	"context"

	"zfjd/internal/auth"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// WarningFilter selects warnings (GET /api/v1/warnings, the warnings page).
type WarningFilter struct {
	SourceSystem, SourceID string
	CaseID                 int64
	Rule, Agency, Region   string
	Status                 string // open (default) | resolved | all
	Severity               string
	Stage                  string // handling stage (spec/supervision-v1.md §1)
	Kind                   string // subject kind (case, inspection, complaint …); "" = every kind
	Cursor                 string // continues after the page that gave it (Next)
	registry.Page
	Next string // set by ListWarnings: the cursor of the next page, "" on the last
	More bool   // set by ListWarnings: Total stopped at MaxCount
}

// warnCountOrder is the index order a warnings count walks: findings_scope
// for a narrow scope, findings_list otherwise (ListWarnings).
var warnCountOrder = map[bool]string{true: ` ORDER BY cw.region_code, cw.status, cw.id`, false: ` ORDER BY cw.id DESC`}

// ListWarnings lists the warnings p may see (GET /api/v1/warnings).
// Status "" means open; "all" means open and resolved.
func (s *Service) ListWarnings(ctx context.Context, p *auth.Principal, f *WarningFilter) ([]*Warning, error) {
	f.Page.Normalize()
	// As for cases (listRegionCol): a wide scope's page walks findings_list
	// in id order rather than sorting its region's warnings, so its region
	// column is an expression no index serves. The capped count of a scope
	// with a region range walks findings_scope (region, status, id) instead:
	// with the expression the planner cannot estimate the range and scanned
	// every finding (300 ms, seconds under load, for a province's count).
	regionCol := "cw.region_code"
	if listRegionCol(p, &Filter{Region: f.Region, Agency: f.Agency}) != "region_code" {
		regionCol = "(cw.region_code || '')"
	}
	w := warningWhere(p, f, regionCol)
	countWhere, countOrder := w, warnCountOrder[regionCol == "cw.region_code"]
	if regionCol != "cw.region_code" && (ident.RegionPrefix(f.Region) != "" || (p != nil && ident.RegionPrefix(p.Region) != "")) {
		countWhere, countOrder = warningWhere(p, f, "cw.region_code"), warnCountOrder[true]
	}
	// Every workflow's findings: a case's carry its source names, the
	// others (inspections, complaints, supervision cases …) their kind and id.
	from := ` FROM findings cw LEFT JOIN cases c ON c.id = cw.subject_id AND cw.subject_kind = 'case'`
	var cur *listCursor
	if f.Cursor != "" {
		var err error
		if cur, err = decodeCursor("", f.Cursor); err != nil {
			return nil, err
		}
	}
	var err error
	if f.Total, f.More, err = countCapped(ctx, s.db.R, from, countWhere, countOrder, MaxCount); err != nil {
		return nil, err
	}
	page := ""
	if cur != nil {
		w.Add("cw.id < ?", cur.id)
	}
	lim := w.Arg(f.Size + 1)
	if cur == nil {
		page = ` OFFSET ` + w.Arg(f.Offset())
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT cw.id, cw.rule, cw.severity, cw.message, cw.basis, cw.due, cw.status,
		COALESCE(c.source_system, ''), COALESCE(c.source_id, ''), COALESCE(c.id, 0), cw.agency_code, cw.region_code, cw.first_seen,
		cw.stage, cw.escalated, cw.subject_kind, cw.subject_id, cw.resolved_at`+from+w.SQL()+
		` ORDER BY cw.id DESC LIMIT `+lim+page, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Warning{}
	for rows.Next() {
		x := &Warning{}
		var esc int
		var resolved int64
		if err := rows.Scan(&x.ID, &x.Rule, &x.Severity, &x.Message, &x.Basis, &x.Due, &x.Status, &x.SourceSystem, &x.SourceID,
			&x.CaseID, &x.AgencyCode, &x.RegionCode, &x.FirstSeen, &x.Stage, &esc, &x.SubjectKind, &x.SubjectID, &resolved); err != nil {
			return nil, err
		}
		x.Message = flow.MessageOn(ctx, x.Message, x.Due, x.Status, resolved)
		escalated := esc != 0
		x.Escalated = &escalated
		out = append(out, x)
	}
	f.Next = ""
	if len(out) > f.Size {
		out = out[:f.Size]
		f.Next = encodeCursor("", listCursor{id: out[len(out)-1].ID})
	}
	return out, rows.Err()
}

// warningWhere is the filter of ListWarnings for p and f, the region
// compared through regionCol.
func warningWhere(p *auth.Principal, f *WarningFilter, regionCol string) *store.Where {
	w := &store.Where{}
	auth.FilterCases(p, w, regionCol, "cw.agency_code")
	if f.SourceSystem != "" {
		w.Add("c.source_system = ?", f.SourceSystem)
	}
	if f.SourceID != "" {
		w.Add("c.source_id = ?", f.SourceID)
	}
	if f.CaseID != 0 {
		w.Add("cw.subject_id = ?", f.CaseID)
	}
	if f.Rule != "" {
		w.Add("cw.rule = ?", f.Rule)
	}
	if f.Agency != "" {
		w.Add("cw.agency_code = ?", ident.NormalizeUSCC(f.Agency))
	}
	if f.Region != "" {
		if prefix := ident.RegionPrefix(f.Region); prefix != "" {
			w.Add(regionCol+" >= ? AND "+regionCol+" < ?", prefix, ident.PrefixEnd(prefix))
		}
	}
	switch f.Status {
	case "", "open":
		w.Add("cw.status = 'open'")
	case "all":
	default:
		w.Add("cw.status = ?", f.Status)
	}
	if f.Severity != "" {
		w.Add("cw.severity = ?", f.Severity)
	}
	if f.Stage != "" {
		w.Add("cw.stage = ?", f.Stage)
	}
	if f.Kind != "" {
		w.Add("cw.subject_kind = ?", f.Kind)
	}
	return w
}
