package supervision

// 专项监督 (行政执法监督条例 Art. 21): the supervision body of a province (or
// above) may carry out special supervision of a field or a problem; it
// first makes a work plan naming the departments responsible, the focus,
// the schedule and the requirements, and has it approved by the
// government of the same level. Supervision cases under an approved plan
// are opened with source campaign and the plan's code as source_ref, so
// the plan's page lists them (Linked) and each case names its plan.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/law"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/textcheck"
)

// Statuses of a plan.
const (
	PlanDraft    = "draft"
	PlanApproved = "approved"
	PlanClosed   = "closed"
)

// PlanStatusLabel is a plan status in Chinese.
func PlanStatusLabel(s string) string {
	switch s {
	case PlanDraft:
		return "待政府批准"
	case PlanApproved:
		return "已批准，实施中"
	case PlanClosed:
		return "已结束"
	}
	return s
}

// Plan is a 专项监督 work plan.
type Plan struct {
	ID           int64  `json:"id"`
	Version      int64  `json:"-"`
	Code         string `json:"code"`
	RegionCode   string `json:"region_code"`
	Title        string `json:"title"`
	Origin       string `json:"origin"`
	Departments  string `json:"departments"`
	Focus        string `json:"focus"`
	Schedule     string `json:"schedule"`
	Requirements string `json:"requirements"`
	Status       string `json:"status"`
	ApprovedOn   string `json:"approved_on,omitempty"`
	ApprovalDoc  string `json:"approval_doc,omitempty"`
	CreatedBy    string `json:"created_by"`
}

// StatusLabel is the plan's status in Chinese.
func (p *Plan) StatusLabel() string { return PlanStatusLabel(p.Status) }

func (p *Plan) check() error {
	bad := apperr.Fields{}
	if ident.ValidateRegionCode(p.RegionCode) != nil {
		bad.Set("region_code", "行政区划代码无效")
	}
	one := func(field, label, v string, max int) {
		if strings.TrimSpace(v) == "" {
			bad.Set(field, "请填写"+label)
			return
		}
		textcheck.CheckLines(bad, field, v, max)
	}
	one("title", "专项监督名称", p.Title, 200)
	one("departments", "责任部门", p.Departments, 2000)
	one("focus", "监督重点", p.Focus, 4000)
	one("schedule", "进度安排", p.Schedule, 4000)
	one("requirements", "工作要求", p.Requirements, 4000)
	textcheck.CheckLines(bad, "origin", p.Origin, 2000)
	return bad.Err()
}

// CreatePlan records a draft plan of in.RegionCode (Art. 21 ¶2).
func (s *Service) CreatePlan(ctx context.Context, p *auth.Principal, in Plan) (*Plan, error) {
	for _, f := range []*string{&in.Title, &in.Origin, &in.Departments, &in.Focus, &in.Schedule, &in.Requirements} {
		*f = strings.TrimSpace(*f)
	}
	if err := in.check(); err != nil {
		return nil, err
	}
	if !auth.CanPlanSpecialSupervision(p, in.RegionCode) {
		return nil, apperr.New(apperr.Forbidden, "专项监督由省级以上人民政府行政执法监督机构开展（《行政执法监督条例》第二十一条）")
	}
	in.Status, in.CreatedBy = PlanDraft, p.Who()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO special_supervisions (region_code, title, origin, departments, focus,
			schedule, requirements, status, created_by, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$10) RETURNING id`,
			in.RegionCode, in.Title, in.Origin, in.Departments, in.Focus, in.Schedule, in.Requirements, in.Status, in.CreatedBy,
			clock.Millis(ctx)).Scan(&in.ID); err != nil {
			return err
		}
		in.Code = planCode(in.RegionCode, in.ID)
		return audit.Record(ctx, tx, p, "create", "special_supervision", in.Code, in.RegionCode, nil, in)
	})
	if err != nil {
		return nil, err
	}
	return &in, nil
}

// ApprovePlan records the government's approval (date and document
// number) of a draft plan; only then may cases be opened under it.
func (s *Service) ApprovePlan(ctx context.Context, p *auth.Principal, id int64, on, doc string) (*Plan, error) {
	return s.changePlan(ctx, p, id, "approve", func(pl *Plan) error {
		bad := apperr.Fields{}
		d, err := law.ParseDate(on)
		if err != nil {
			bad.Set("approved_on", "请填写批准日期，如 2026-06-01")
		} else if d.After(clock.Today(ctx)) {
			bad.Set("approved_on", "批准日期不能晚于今天")
		}
		doc = strings.TrimSpace(doc)
		if doc == "" {
			bad.Set("approval_doc", "请填写批准文件文号")
		} else {
			textcheck.CheckText(bad, "approval_doc", doc, 100)
		}
		if err := bad.Err(); err != nil {
			return err
		}
		if pl.Status != PlanDraft {
			return apperr.New(apperr.Conflict, "该方案已经批准，不能再次批准")
		}
		pl.Status, pl.ApprovedOn, pl.ApprovalDoc = PlanApproved, on, doc
		return nil
	})
}

// ClosePlan ends an approved plan.
func (s *Service) ClosePlan(ctx context.Context, p *auth.Principal, id int64) (*Plan, error) {
	return s.changePlan(ctx, p, id, "close", func(pl *Plan) error {
		if pl.Status != PlanApproved {
			return apperr.New(apperr.Conflict, "只有已批准实施的方案可以结束")
		}
		pl.Status = PlanClosed
		return nil
	})
}

func (s *Service) changePlan(ctx context.Context, p *auth.Principal, id int64, action string, change func(*Plan) error) (*Plan, error) {
	var out *Plan
	err := flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		pl, err := getPlan(ctx, tx, id)
		if err != nil {
			return err
		}
		if !auth.CanSeeSpecialSupervision(p, pl.RegionCode) {
			return apperr.NotFoundf("专项监督方案")
		}
		if !auth.CanPlanSpecialSupervision(p, pl.RegionCode) {
			return apperr.New(apperr.Forbidden, "专项监督方案由制定它的省级执法监督机构报批和结束")
		}
		before := *pl
		if err := change(pl); err != nil {
			return err
		}
		if err := flow.Swap(ctx, tx, "special_supervisions", pl.ID, pl.Version); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE special_supervisions SET status = $2, approved_on = $3, approval_doc = $4, updated_at = $5
			WHERE id = $1`, pl.ID, pl.Status, pl.ApprovedOn, pl.ApprovalDoc, clock.Millis(ctx)); err != nil {
			return err
		}
		out = pl
		return audit.Record(ctx, tx, p, action, "special_supervision", pl.Code, pl.RegionCode, before, pl)
	})
	return out, err
}

// planCode names a plan in its cases' source_ref: ZX, the province's
// two digits and the id (ZX37-5).
func planCode(region string, id int64) string {
	return fmt.Sprintf("ZX%s-%d", region[:min(2, len(region))], id)
}

const planCols = `id, version, region_code, title, origin, departments, focus, schedule, requirements, status, approved_on, approval_doc, created_by`

func scanPlan(row interface{ Scan(...any) error }) (*Plan, error) {
	pl := &Plan{}
	err := row.Scan(&pl.ID, &pl.Version, &pl.RegionCode, &pl.Title, &pl.Origin, &pl.Departments, &pl.Focus, &pl.Schedule,
		&pl.Requirements, &pl.Status, &pl.ApprovedOn, &pl.ApprovalDoc, &pl.CreatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("专项监督方案")
	}
	pl.Code = planCode(pl.RegionCode, pl.ID)
	return pl, err
}

func getPlan(ctx context.Context, q store.Querier, id int64) (*Plan, error) {
	return scanPlan(q.QueryRowContext(ctx, `SELECT `+planCols+` FROM special_supervisions WHERE id = $1`, id))
}

// GetPlan reads plan id for p (404 for who may not see it).
func (s *Service) GetPlan(ctx context.Context, p *auth.Principal, id int64) (*Plan, error) {
	pl, err := getPlan(ctx, s.db.R, id)
	if err == nil && !auth.CanSeeSpecialSupervision(p, pl.RegionCode) {
		return nil, apperr.NotFoundf("专项监督方案")
	}
	return pl, err
}

// Plans lists the plans p may see (of p's province or above), newest first.
func (s *Service) Plans(ctx context.Context, p *auth.Principal, pg *registry.Page) ([]*Plan, error) {
	pg.Normalize()
	if p == nil || !auth.CanSeeSpecialSupervision(p, provinceOf(p.Region)) {
		return []*Plan{}, nil
	}
	w := &store.Where{}
	if r := provinceOf(p.Region); r != "" {
		w.Add("region_code = ?", r)
	}
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM special_supervisions`+w.SQL(), w.Args...).Scan(&pg.Total); err != nil {
		return nil, err
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+planCols+` FROM special_supervisions`+w.SQL()+
		fmt.Sprintf(` ORDER BY id DESC LIMIT %d OFFSET %d`, pg.Size, pg.Offset()), w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Plan{}
	for rows.Next() {
		pl, err := scanPlan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, pl)
	}
	return out, rows.Err()
}

// provinceOf is the province of region ("" for the country).
func provinceOf(region string) string {
	if len(region) < 2 {
		return ""
	}
	return region[:2] + "0000"
}
