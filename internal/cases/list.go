package cases

import (
	"context"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Filter selects cases for lists (UI and API). Zero fields do not filter.
type Filter struct {
	Q          string // case_no, title, party name, source id (substring)
	Agency     string
	Region     string
	Matter     string
	Status     string
	Procedure  string
	HasWarning bool   // only cases with open warnings
	Sort       string // "" (newest first) | "deadline"
	registry.Page
}

// WarningFilter selects warnings (GET /api/v1/warnings, the warnings page).
type WarningFilter struct {
	SourceSystem, SourceID string
	CaseID                 int64
	Rule, Agency, Region   string
	Status                 string // open (default) | resolved | all
	Severity               string
	registry.Page
}

// HistoryItem is one earlier decided case of the same party (首违不罚, C4).
type HistoryItem struct {
	CaseID    int64  `json:"case_id"`
	CaseNo    string `json:"case_no"`
	Source    string `json:"source"`
	Agency    string `json:"agency_name"`
	Matter    string `json:"matter_code"`
	DecidedOn string `json:"decided_on"`
	Outcome   string `json:"outcome"`
	FineFen   int64  `json:"fine_fen"`
}

// List lists the cases p may see, newest first (or by nearest deadline).
func (s *Service) List(ctx context.Context, p *auth.Principal, f *Filter) ([]*Case, error) {
	f.Page.Normalize()
	w := &store.Where{}
	auth.FilterCases(p, w, "region_code", "agency_code")
	if f.Region != "" {
		if prefix := ident.RegionPrefix(f.Region); prefix != "" {
			w.Add("region_code >= ? AND region_code < ?", prefix, ident.PrefixEnd(prefix))
		}
	}
	if f.Agency != "" {
		w.Add("agency_code = ?", f.Agency)
	}
	if f.Matter != "" {
		w.Add("matter_code = ?", f.Matter)
	}
	if f.Status != "" {
		w.Add("status = ?", f.Status)
	}
	if f.Procedure != "" {
		w.Add("procedure_kind = ?", f.Procedure)
	}
	if f.Q != "" {
		like := store.Like(f.Q)
		w.Add(`(case_no LIKE ? ESCAPE '\' OR title LIKE ? ESCAPE '\' OR party_name LIKE ? ESCAPE '\' OR source_id LIKE ? ESCAPE '\')`, like, like, like, like)
	}
	if f.HasWarning {
		w.Add("EXISTS (SELECT 1 FROM findings cw WHERE cw.subject_kind = 'case' AND cw.subject_id = cases.id AND cw.status = 'open')")
	}
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases`+w.SQL(), w.Args...).Scan(&f.Total); err != nil {
		return nil, err
	}
	order := " ORDER BY id DESC"
	if f.Sort == "deadline" {
		order = " ORDER BY CASE WHEN next_check = '' THEN 1 ELSE 0 END, next_check, id DESC"
	}
	lim, off := w.Arg(f.Size), w.Arg(f.Offset())
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+caseCols+` FROM cases`+w.SQL()+order+` LIMIT `+lim+` OFFSET `+off, w.Args...)
	if err != nil {
		return nil, err
	}
	var out []*Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	for _, c := range out {
		if err := attachView(ctx, s.db.R, c); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ListWarnings lists the warnings p may see (GET /api/v1/warnings).
// Status "" means open; "all" means open and resolved.
func (s *Service) ListWarnings(ctx context.Context, p *auth.Principal, f *WarningFilter) ([]*Warning, error) {
	f.Page.Normalize()
	w := &store.Where{}
	auth.FilterCases(p, w, "cw.region_code", "cw.agency_code")
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
			w.Add("cw.region_code >= ? AND cw.region_code < ?", prefix, ident.PrefixEnd(prefix))
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
	from := ` FROM findings cw JOIN cases c ON c.id = cw.subject_id AND cw.subject_kind = 'case'`
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*)`+from+w.SQL(), w.Args...).Scan(&f.Total); err != nil {
		return nil, err
	}
	lim, off := w.Arg(f.Size), w.Arg(f.Offset())
	rows, err := s.db.R.QueryContext(ctx, `SELECT cw.id, cw.rule, cw.severity, cw.message, cw.basis, cw.due, cw.status, c.source_system,
		c.source_id, c.id, cw.agency_code, cw.region_code, cw.first_seen`+from+w.SQL()+
		` ORDER BY cw.id DESC LIMIT `+lim+` OFFSET `+off, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Warning{}
	for rows.Next() {
		x := &Warning{}
		if err := rows.Scan(&x.ID, &x.Rule, &x.Severity, &x.Message, &x.Basis, &x.Due, &x.Status, &x.SourceSystem, &x.SourceID,
			&x.CaseID, &x.AgencyCode, &x.RegionCode, &x.FirstSeen); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// PartyHistory lists the party's decided cases other than exceptID, any
// agency, newest first: the system's own record for 首违不罚 (处罚法 Art. 33
// 第一款 "初次违法"). Visible to every officer deciding a case, since the
// history is what makes the decision lawful.
func PartyHistory(ctx context.Context, q store.Querier, idNumber string, exceptID int64) ([]HistoryItem, error) {
	if idNumber == "" {
		return nil, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.case_no, c.source_system, COALESCE(a.name, c.agency_code), c.matter_code,
		c.decided_on, c.outcome, c.fine_fen FROM cases c LEFT JOIN agencies a ON a.code = c.agency_code
		WHERE c.party_id_number = $1 AND c.id <> $2 AND c.decided_on <> '' AND c.events_json NOT LIKE '%"type":"annulled"%' ORDER BY c.decided_on DESC LIMIT 50`, idNumber, exceptID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []HistoryItem
	for rows.Next() {
		var h HistoryItem
		if err := rows.Scan(&h.CaseID, &h.CaseNo, &h.Source, &h.Agency, &h.Matter, &h.DecidedOn, &h.Outcome, &h.FineFen); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// Due is the case workflow's part in the kernel's due pass (flow.Pass):
// only cases whose next check has come are judged again.
func (s *Service) Due() flow.Due {
	return flow.Due{Kind: Workflow.Kind, Table: "cases", Rejudge: func(ctx context.Context, id int64) error {
		_, err := s.Refresh(ctx, id)
		return err
	}}
}

// DailyPass re-judges every case whose clock may have run out by the
// context's today. It returns how many were re-judged.
func (s *Service) DailyPass(ctx context.Context) (int, error) {
	return flow.Pass(ctx, s.db, clock.TodayString(ctx), s.Due())
}
