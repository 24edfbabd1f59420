package supervision

import (
	"context"
	"database/sql"
	"encoding/json"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Filter narrows the list of supervision cases.
type Filter struct {
	Status, AgencyCode, RegionCode, Source string
	Board                                  bool // 挂牌督办 or 提级监督 only (Art. 20)
	Overdue                                bool // with an open overdue warning
}

// List lists the cases p may see, newest first, one page of them.
func (s *Service) List(ctx context.Context, p *auth.Principal, f Filter, pg *registry.Page) ([]*Case, error) {
	w := &store.Where{}
	auth.FilterSupervisionCases(p, w, "c.region_code", "c.agency_code", "c.township_code")
	if f.RegionCode != "" {
		if ident.ValidateRegionCode(f.RegionCode) != nil {
			return nil, &apperr.Error{Code: apperr.Invalid, Message: "区划代码无效", Fields: apperr.Fields{"region_code": "区划代码无效"}}
		}
		prefix := ident.RegionPrefix(f.RegionCode)
		w.Add("c.region_code >= ? AND c.region_code < ?", prefix, ident.PrefixEnd(prefix))
	}
	bad := apperr.Fields{}
	if f.Status != "" && !valid(Statuses, f.Status) {
		bad.Set("status", registry.OneOf("状态", Statuses))
	}
	if f.Source != "" && !valid(Sources, f.Source) {
		bad.Set("source", registry.OneOf("来源", Sources))
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	if f.Status != "" {
		w.Add("c.status = ?", f.Status)
	}
	if f.AgencyCode != "" {
		w.Add("c.agency_code = ?", f.AgencyCode)
	}
	if f.Source != "" {
		w.Add("c.source = ?", f.Source)
	}
	if f.Board {
		w.Add("(c.listed = 1 OR c.escalated = 1)")
	}
	if f.Overdue {
		w.Add("EXISTS (SELECT 1 FROM findings x WHERE x.subject_kind = 'supervision' AND x.subject_id = c.id AND x.status = 'open')")
	}
	pg.Normalize()
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM supervision_cases c`+w.SQL(), w.Args...).Scan(&pg.Total); err != nil {
		return nil, err
	}
	q := `SELECT ` + caseCols + caseFrom + w.SQL() + ` ORDER BY c.id DESC LIMIT ` + w.Arg(pg.Size) + ` OFFSET ` + w.Arg(pg.Offset())
	return s.query(ctx, q, w.Args...)
}

func (s *Service) query(ctx context.Context, q string, args ...any) ([]*Case, error) {
	rows, err := s.db.R.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Case{}
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Link names what a supervision case was opened from: a warning, a
// penalty case, or (neither) its source and the source's reference, such
// as a complaint's tracking code.
type Link struct {
	WarningID, CaseID int64
	Source, Ref       string
}

// Linked lists the cases p may see that were opened from l (the link kept
// both ways), at most 20, oldest first.
func (s *Service) Linked(ctx context.Context, p *auth.Principal, l Link) ([]*Case, error) {
	w := &store.Where{}
	auth.FilterSupervisionCases(p, w, "c.region_code", "c.agency_code", "c.township_code")
	switch {
	case l.WarningID > 0:
		w.Add("c.warning_id = ?", l.WarningID)
	case l.CaseID > 0:
		w.Add("c.penalty_case_id = ?", l.CaseID)
	case l.Source != "" && l.Ref != "":
		w.Add("c.source = ?", l.Source)
		w.Add("c.source_ref = ?", l.Ref)
	default:
		return []*Case{}, nil
	}
	return s.query(ctx, `SELECT `+caseCols+caseFrom+w.SQL()+` ORDER BY c.id LIMIT 20`, w.Args...)
}

// Due is the supervision cases' part in the daily pass: a case whose
// limit ran out since it was last judged gets its overdue warning.
func (s *Service) Due() flow.Due {
	return flow.Due{Kind: Kind, Table: "supervision_cases", Rejudge: s.Rejudge}
}

// Rejudge judges case id again on today (the passage of time alone):
// deadlines, next check and findings; nothing a person recorded changes,
// so no record-log leaf.
func (s *Service) Rejudge(ctx context.Context, id int64) error {
	return flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		c, err := loadCase(ctx, tx, id)
		if err != nil {
			return err
		}
		acts, err := loadActs(ctx, tx, id)
		if err != nil {
			return err
		}
		j, err := judgeCase(ctx, tx, c, acts)
		if err != nil {
			return err
		}
		if err := flow.Swap(ctx, tx, "supervision_cases", c.ID, c.Version); err != nil {
			return err
		}
		dl, _ := json.Marshal(j.Deadlines)
		if _, err := tx.ExecContext(ctx, `UPDATE supervision_cases SET deadlines = $2, next_check = $3 WHERE id = $1`,
			id, string(dl), j.NextCheck); err != nil {
			return err
		}
		return flow.SyncFindings(ctx, tx, c.Target(), j.Findings, clock.Millis(ctx))
	})
}

// SetLimits sets the time limits of region's subtree (supervision of the
// region or an administrator), each 1 to 365 days.
func (s *Service) SetLimits(ctx context.Context, p *auth.Principal, region string, l Limits) error {
	if !auth.CanSetCardThresholds(p, region) {
		return apperr.New(apperr.Forbidden, "只有该区划的行政执法监督机构可以设置时限")
	}
	bad := apperr.Fields{}
	for k, v := range map[string]int{"fulfilment_days": l.Fulfilment, "correction_days": l.Correction, "execution_days": l.Execution} {
		if v < 1 || v > 365 {
			bad.Set(k, "时限应为1至365日")
		}
	}
	if err := bad.Err(); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO supervision_settings (region_code, fulfilment_days, correction_days, execution_days, updated_at)
			VALUES ($1,$2,$3,$4,$5) ON CONFLICT (region_code) DO UPDATE SET fulfilment_days = $2, correction_days = $3,
			execution_days = $4, updated_at = $5`, region, l.Fulfilment, l.Correction, l.Execution, clock.Millis(ctx)); err != nil {
			return err
		}
		return s.auditLimits(ctx, tx, p, region, l)
	})
}

func (s *Service) auditLimits(ctx context.Context, tx *sql.Tx, p *auth.Principal, region string, l Limits) error {
	return auditRecord(ctx, tx, p, "set_limits", "supervision_settings", region, region, l)
}
