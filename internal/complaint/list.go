package complaint

import (
	"context"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Filter selects complaints for the lists, the API and the export. Zero
// fields do not filter.
type Filter struct {
	Status, Region, Agency, Category, Source string
	Code                                     string // 跟踪码 (exact)
	Forwarded                                bool   // only those forwarded to an agency (the agency's inbox)
	registry.Page
}

// Check validates f's enumerations, naming the field.
func (f *Filter) Check() error {
	bad := apperr.Fields{}
	if f.Status != "" && StatusLabel(f.Status) == f.Status {
		bad.Set("status", "应为 received、accepted、rejected、forwarded、replied、answered 或 closed")
	}
	if f.Category != "" && CategoryLabel(f.Category) == f.Category {
		bad.Set("category", "投诉类别无效")
	}
	if f.Source != "" && SourceLabel(f.Source) == f.Source {
		bad.Set("source", "应为 web、hotline 或 clue")
	}
	if f.Region != "" && ident.ValidateRegionCode(f.Region) != nil {
		bad.Set("region_code", "行政区划代码无效")
	}
	return bad.Err()
}

func (f *Filter) where(p *auth.Principal) *store.Where {
	w := &store.Where{}
	auth.FilterComplaints(p, w, "c.region_code", "c.forwarded_to", "c.clue_by")
	if f.Region != "" {
		if prefix := ident.RegionPrefix(f.Region); prefix != "" {
			w.Add("c.region_code >= ? AND c.region_code < ?", prefix, ident.PrefixEnd(prefix))
		}
	}
	if f.Agency != "" {
		code := ident.NormalizeUSCC(f.Agency)
		w.Add("(c.agency_code = ? OR c.forwarded_to = ?)", code, code)
	}
	if f.Status != "" {
		w.Add("c.status = ?", f.Status)
	}
	if f.Category != "" {
		w.Add("c.category = ?", f.Category)
	}
	if f.Source != "" {
		w.Add("c.source = ?", f.Source)
	}
	if f.Code != "" {
		w.Add("c.tracking_code = ?", f.Code)
	}
	return w
}

// List returns a page of the complaints p may see, newest first, with
// the total. No contact is ever read here.
func (s *Service) List(ctx context.Context, db *store.DB, p *auth.Principal, f *Filter) ([]*Complaint, error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	f.Normalize()
	w := f.where(p)
	if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM complaints c`+w.SQL(), w.Args...).Scan(&f.Total); err != nil {
		return nil, err
	}
	lim, off := w.Arg(f.Size), w.Arg((f.Page.Page-1)*f.Size)
	rows, err := db.R.QueryContext(ctx, `SELECT `+cols+from+w.SQL()+` ORDER BY c.received_at DESC, c.id DESC LIMIT `+lim+` OFFSET `+off, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Complaint{}
	for rows.Next() {
		c, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Counts are what waits for p: for supervision the received and replied
// ones (to accept, to answer), for an agency those forwarded to it.
type Counts struct {
	ToAccept, ToAnswer, Forwarded, Overdue int
}

// Waiting counts what waits for p.
func (s *Service) Waiting(ctx context.Context, p *auth.Principal) (*Counts, error) {
	n := &Counts{}
	for _, q := range []struct {
		status string
		into   *int
	}{{StatusReceived, &n.ToAccept}, {StatusReplied, &n.ToAnswer}, {StatusForwarded, &n.Forwarded}} {
		w := &store.Where{}
		auth.FilterComplaints(p, w, "c.region_code", "c.forwarded_to", "c.clue_by")
		w.Add("c.status = ?", q.status)
		if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM complaints c`+w.SQL(), w.Args...).Scan(q.into); err != nil {
			return nil, err
		}
	}
	w := &store.Where{}
	auth.FilterComplaints(p, w, "c.region_code", "c.forwarded_to", "c.clue_by")
	w.Add("f.status = 'open'")
	err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(DISTINCT c.id) FROM complaints c JOIN findings f ON f.subject_kind = 'complaint'
		AND f.subject_id = c.id`+w.SQL(), w.Args...).Scan(&n.Overdue)
	return n, err
}

// Mine is the count on the navigation entry: what p must act on.
func (n *Counts) Mine(p *auth.Principal) int {
	if p == nil {
		return 0
	}
	if p.Agency != "" {
		return n.Forwarded
	}
	if p.Role == auth.RoleSupervisor || p.Role == auth.RoleAdmin {
		return n.ToAccept + n.ToAnswer
	}
	return 0
}
