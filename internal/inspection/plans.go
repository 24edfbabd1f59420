package inspection

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
	"zfjd/internal/ident"
	"zfjd/internal/store"
	"zfjd/internal/textcheck"
)

// PlanDeadline is the day of the year by which an agency files its yearly
// inspection plan (鲁政办发〔2025〕3号; 聊城: 每年3月底前报备).
const PlanDeadline = "03-31"

// Plan is an agency's yearly inspection plan with its tasks.
type Plan struct {
	ID         int64  `json:"id"`
	AgencyCode string `json:"agency_code"`
	AgencyName string `json:"agency_name"`
	RegionCode string `json:"region_code"`
	Year       int    `json:"year"`
	Title      string `json:"title"`
	FiledOn    string `json:"filed_on"`
	Tasks      []Task `json:"tasks"`
}

// Late reports whether the plan was filed after the end of March.
func (p *Plan) Late() bool { return p.FiledOn > fmt.Sprintf("%04d-%s", p.Year, PlanDeadline) }

// Target is where the plan lives.
func (p *Plan) Target() auth.Target {
	return auth.Target{Region: p.RegionCode, Agencies: []string{p.AgencyCode}}
}

// Task is one planned inspection: a listed matter, on whom, in which month
// (YYYY-MM); EnterpriseID set for a task on one enterprise (综合查一次 joins
// those of several agencies).
type Task struct {
	MatterCode     string `json:"matter_code"`
	MatterName     string `json:"matter_name,omitempty"`
	Objects        string `json:"objects"`
	EnterpriseID   string `json:"enterprise_id,omitempty"`
	EnterpriseName string `json:"enterprise_name,omitempty"`
	Month          string `json:"month"`
	RatioPercent   int    `json:"ratio_percent,omitempty"` // 双随机: share of the pool drawn
}

// PutPlan files or replaces agency's plan of year (its tasks replaced).
func (s *Service) PutPlan(ctx context.Context, p *auth.Principal, pl *Plan) (*Plan, error) {
	f := apperr.Fields{}
	pl.AgencyCode = ident.NormalizeUSCC(pl.AgencyCode)
	if pl.Year < 2000 || pl.Year > 2100 {
		f.Set("year", "年度无效")
	}
	if pl.Title = strings.TrimSpace(pl.Title); pl.Title == "" {
		f.Set("title", "请填写计划名称")
	} else {
		textcheck.CheckText(f, "title", pl.Title, 200)
	}
	if len(pl.Tasks) > 500 {
		f.Set("tasks", "检查任务不能超过500项")
	}
	var region, name string
	err := s.db.R.QueryRowContext(ctx, `SELECT region_code, name FROM agencies WHERE code = $1`, pl.AgencyCode).Scan(&region, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("执法主体")
	} else if err != nil {
		return nil, err
	}
	pl.RegionCode, pl.AgencyName = region, name
	if !auth.CanSee(p, pl.Target()) {
		return nil, apperr.NotFoundf("执法主体")
	}
	if !auth.CanKeepInspectionLists(p, pl.Target()) {
		return nil, apperr.New(apperr.Forbidden, "您的角色（%s）不能报备年度检查计划", p.Role.Label())
	}
	for i := range pl.Tasks {
		t := &pl.Tasks[i]
		path := fmt.Sprintf("tasks[%d]", i)
		t.MatterCode, t.Objects, t.Month = strings.TrimSpace(t.MatterCode), strings.TrimSpace(t.Objects), strings.TrimSpace(t.Month)
		if ok, err := Listed(ctx, s.db.R, pl.AgencyCode, t.MatterCode); err != nil {
			return nil, err
		} else if !ok {
			f.Set(path+".matter_code", "不在本执法主体的检查事项清单中（清单之外无检查）")
		}
		textcheck.CheckText(f, path+".objects", t.Objects, 200)
		if len(t.Month) != 7 || !strings.HasPrefix(t.Month, fmt.Sprint(pl.Year)+"-") || t.Month[5:] < "01" || t.Month[5:] > "12" {
			f.Set(path+".month", fmt.Sprintf("月份应为%d-01至%d-12", pl.Year, pl.Year))
		}
		if t.EnterpriseID = ident.NormalizeUSCC(t.EnterpriseID); t.EnterpriseID != "" && ident.ValidateUSCC(t.EnterpriseID) != nil {
			f.Set(path+".enterprise_id", "统一社会信用代码无效")
		}
		textcheck.CheckText(f, path+".enterprise_name", t.EnterpriseName, 200)
		if t.RatioPercent < 0 || t.RatioPercent > 100 {
			f.Set(path+".ratio_percent", "抽查比例应为0至100")
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		pl.FiledOn = clock.TodayString(ctx)
		err := tx.QueryRowContext(ctx, `INSERT INTO inspection_plans (agency_code, region_code, year, title, filed_on, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (agency_code, year) DO UPDATE SET title = $4, filed_on = $5 RETURNING id`,
			pl.AgencyCode, pl.RegionCode, pl.Year, pl.Title, pl.FiledOn, clock.Millis(ctx)).Scan(&pl.ID)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM inspection_plan_tasks WHERE plan_id = $1`, pl.ID); err != nil {
			return err
		}
		for _, t := range pl.Tasks {
			if _, err := tx.ExecContext(ctx, `INSERT INTO inspection_plan_tasks (plan_id, agency_code, region_code, matter_code, objects,
				enterprise_id, enterprise_name, month, ratio_percent) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
				pl.ID, pl.AgencyCode, pl.RegionCode, t.MatterCode, t.Objects, t.EnterpriseID, t.EnterpriseName, t.Month, t.RatioPercent); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, p, "put", "inspection_plan", fmt.Sprintf("%s/%d", pl.AgencyCode, pl.Year), pl.RegionCode, nil, pl)
	})
	return pl, err
}

// Plans lists the plans of year in region (public: plans are published),
// with their tasks.
func Plans(ctx context.Context, q store.Querier, region string, year int) ([]*Plan, error) {
	w := &store.Where{}
	w.Add("p.year = ?", year)
	if region != "" && ident.ValidateRegionCode(region) == nil {
		prefix := ident.RegionPrefix(region)
		w.Add("p.region_code >= ? AND p.region_code < ?", prefix, ident.PrefixEnd(prefix))
	}
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.agency_code, COALESCE(a.name, p.agency_code), p.region_code, p.year, p.title, p.filed_on
		FROM inspection_plans p LEFT JOIN agencies a ON a.code = p.agency_code`+w.SQL()+` ORDER BY p.region_code, p.agency_code LIMIT 1000`, w.Args...)
	if err != nil {
		return nil, err
	}
	var out []*Plan
	for rows.Next() {
		pl := &Plan{}
		if err := rows.Scan(&pl.ID, &pl.AgencyCode, &pl.AgencyName, &pl.RegionCode, &pl.Year, &pl.Title, &pl.FiledOn); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, pl)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	for _, pl := range out {
		if pl.Tasks, err = tasks(ctx, q, "t.plan_id = $1", pl.ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func tasks(ctx context.Context, q store.Querier, where string, args ...any) ([]Task, error) {
	rows, err := q.QueryContext(ctx, `SELECT t.matter_code, COALESCE(m.name, t.matter_code), t.objects, t.enterprise_id, t.enterprise_name,
		t.month, t.ratio_percent FROM inspection_plan_tasks t LEFT JOIN matters m ON m.code = t.matter_code WHERE `+where+` ORDER BY t.month, t.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Task{}
	for rows.Next() {
		var t Task
		if err := rows.Scan(&t.MatterCode, &t.MatterName, &t.Objects, &t.EnterpriseID, &t.EnterpriseName, &t.Month, &t.RatioPercent); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
