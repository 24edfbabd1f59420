package review

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// currentStandard is the id of the body's latest standard of case kind,
// the kind's default made as version 1 when it has none.
func currentStandard(ctx context.Context, tx *sql.Tx, p *auth.Principal, region, kind string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM review_standards WHERE body_region = $1 AND case_kind = $2 ORDER BY id DESC LIMIT 1`,
		region, kind).Scan(&id)
	if !errors.Is(err, sql.ErrNoRows) {
		return id, err
	}
	name, its, ok := defaultStandard(kind)
	if !ok {
		return 0, &apperr.Error{Code: apperr.Invalid, Message: "案卷类型无效", Fields: apperr.Fields{"case_kinds": "没有" + kindName(kind) + "案卷的默认评查标准"}}
	}
	items, _ := json.Marshal(its)
	err = tx.QueryRowContext(ctx, `INSERT INTO review_standards (body_region, name, case_kind, version, items, created_by, created_at)
		VALUES ($1, $2, $3, 1, $4, $5, $6) RETURNING id`, region, name, kind, string(items), p.Who(), clock.Millis(ctx)).Scan(&id)
	return id, err
}

// LoadStandard reads standard id.
func LoadStandard(ctx context.Context, q store.Querier, id int64) (*Standard, error) {
	st := &Standard{ID: id}
	var items string
	err := q.QueryRowContext(ctx, `SELECT name, case_kind, version, items FROM review_standards WHERE id = $1`, id).
		Scan(&st.Name, &st.CaseKind, &st.Version, &items)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("评查标准")
	}
	if err != nil {
		return nil, err
	}
	return st, json.Unmarshal([]byte(items), &st.Items)
}

// SaveStandard stores items as a new version of the body's penalty-file standard name.
func (s *Service) SaveStandard(ctx context.Context, p *auth.Principal, region, name string, items []Item) (*Standard, error) {
	st := &Standard{Name: name, CaseKind: "penalty", Items: items}
	if err := st.Check(); err != nil {
		return nil, err
	}
	return st, s.saveStandard(ctx, p, region, st)
}

// saveStandard checks the name, kind and p, and stores st (its items
// checked) as the next version of its name, in one transaction.
func (s *Service) saveStandard(ctx context.Context, p *auth.Principal, region string, st *Standard) error {
	st.Name = strings.TrimSpace(st.Name)
	bad := apperr.Fields{}
	if st.Name == "" || utf8.RuneCountInString(st.Name) > 100 {
		bad.Set("name", "请填写标准名称（不超过100字）")
	}
	if CaseKindLabel(st.CaseKind) == "" {
		bad.Set("case_kind", "请选择案卷类型")
	}
	if err := bad.Err(); err != nil {
		return err
	}
	if !auth.IsSupervisionOf(p, auth.Target{Region: region}) || region == "" {
		return apperr.New(apperr.Forbidden, "只有行政执法监督机构可以制定评查标准")
	}
	b, _ := json.Marshal(st.Items)
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		var kind string
		err := tx.QueryRowContext(ctx, `SELECT case_kind FROM review_standards WHERE body_region = $1 AND name = $2 LIMIT 1`, region, st.Name).Scan(&kind)
		if err == nil && kind != st.CaseKind {
			return &apperr.Error{Code: apperr.Invalid, Message: "同名标准的案卷类型不同",
				Fields: apperr.Fields{"case_kind": "“" + st.Name + "”是" + CaseKindLabel(kind) + "案卷的标准；其他类型请另起名称"}}
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM review_standards WHERE body_region = $1 AND name = $2`,
			region, st.Name).Scan(&st.Version); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO review_standards (body_region, name, case_kind, version, items, created_by, created_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id`, region, st.Name, st.CaseKind, st.Version, string(b), p.Who(), clock.Millis(ctx)).Scan(&st.ID); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "save", "review_standard", strconv.FormatInt(st.ID, 10), region, nil, st)
	})
}

// ImportStandard stores the workbook data as the next version of the
// body's standard name for case kind: all or nothing. A file the parser
// refuses answers its row errors (each naming row and column) and writes
// nothing.
func (s *Service) ImportStandard(ctx context.Context, p *auth.Principal, region, name, kind string, data []byte) (*Standard, []registry.RowError, error) {
	if !auth.IsSupervisionOf(p, auth.Target{Region: region}) || region == "" {
		return nil, nil, apperr.New(apperr.Forbidden, "只有行政执法监督机构可以制定评查标准")
	}
	items, errs, err := ParseStandardXLSX(ctx, data)
	if err != nil {
		return nil, nil, err
	}
	if len(errs) > 0 {
		return nil, errs, &apperr.Error{Code: apperr.Invalid, Message: "文件有" + strconv.Itoa(len(errs)) + "处问题，未导入任何内容",
			Fields: apperr.Fields{"file": RowErrorText(errs[0])}}
	}
	st := &Standard{Name: name, CaseKind: kind, Items: items}
	return st, nil, s.saveStandard(ctx, p, region, st)
}

// StandardOf returns standard id for p: supervision of its body's region
// (others do not see it).
func (s *Service) StandardOf(ctx context.Context, p *auth.Principal, id int64) (*Standard, error) {
	var region string
	err := s.db.R.QueryRowContext(ctx, `SELECT body_region FROM review_standards WHERE id = $1`, id).Scan(&region)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !auth.IsSupervisionOf(p, auth.Target{Region: region})) {
		return nil, apperr.NotFoundf("评查标准")
	}
	if err != nil {
		return nil, err
	}
	return LoadStandard(ctx, s.db.R, id)
}

// StandardRow is one standard version in the list.
type StandardRow struct {
	ID                   int64
	BodyRegion, Name     string
	CaseKind             string
	Version, Items       int
	CreatedBy, CreatedOn string
}

// Standards lists the standards of the bodies p supervises (newest first);
// nil for anyone not of supervision.
func (s *Service) Standards(ctx context.Context, p *auth.Principal) ([]StandardRow, error) {
	if p == nil || p.Agency != "" || (p.Role != auth.RoleSupervisor && p.Role != auth.RoleAdmin) {
		return nil, apperr.New(apperr.Forbidden, "只有行政执法监督机构可以查看评查标准")
	}
	w := &store.Where{}
	auth.FilterRegion(p, w, "body_region")
	rows, err := s.db.R.QueryContext(ctx, `SELECT id, body_region, name, case_kind, version, items, created_by, created_at FROM review_standards`+
		w.SQL()+` ORDER BY body_region, name, version DESC LIMIT 500`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []StandardRow{}
	for rows.Next() {
		var r StandardRow
		var items string
		var at int64
		if err := rows.Scan(&r.ID, &r.BodyRegion, &r.Name, &r.CaseKind, &r.Version, &items, &r.CreatedBy, &at); err != nil {
			return nil, err
		}
		var its []Item
		_ = json.Unmarshal([]byte(items), &its)
		r.Items, r.CreatedOn = len(its), time.UnixMilli(at).In(clock.Shanghai).Format("2006-01-02")
		out = append(out, r)
	}
	return out, rows.Err()
}
