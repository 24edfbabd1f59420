package inspection

import (
	"context"
	"database/sql"
	"errors"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// Conflict is an officer's declared conflict of interest with an
// enterprise (利害关系, 回避): 双随机 draws never send the officer there
// (优化营商环境条例 第五十四条; Draw excludes it from the enterprise's inspectors).
type Conflict struct {
	CertNo, OfficerName, EnterpriseID, EnterpriseName string
}

// DeclareConflict records that officer certNo may not inspect enterprise
// (回避), with its audit row: 404 for an officer outside p's reach, 403 for
// who may not organise draws, 400 naming cert_no or enterprise_id.
func (s *Service) DeclareConflict(ctx context.Context, p *auth.Principal, certNo, enterprise string) error {
	if certNo == "" {
		return invalid("cert_no", "请选择执法人员")
	}
	var agency, region string
	err := s.db.R.QueryRowContext(ctx, `SELECT agency_code, region_code FROM officers WHERE cert_no = $1`, certNo).Scan(&agency, &region)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !auth.CanSee(p, auth.Target{Region: region, Agencies: []string{agency}})) {
		return apperr.NotFoundf("执法人员")
	} else if err != nil {
		return err
	}
	if !auth.CanDraw(p, auth.Target{Region: region, Agencies: []string{agency}}) {
		return apperr.New(apperr.Forbidden, "无权登记执法人员的回避事项")
	}
	enterprise = ident.NormalizeUSCC(enterprise)
	if ident.ValidateUSCC(enterprise) != nil {
		return invalid("enterprise_id", "统一社会信用代码无效")
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO inspection_conflicts (cert_no, enterprise_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
			certNo, enterprise)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // declared already
		}
		return audit.Record(ctx, tx, p, "declare", "inspection_conflict", certNo+"/"+enterprise, region, nil,
			map[string]string{"cert_no": certNo, "enterprise_id": enterprise})
	})
}

// Conflicts are the declared conflicts of agency's officers, by officer
// and enterprise, with the enterprise's name from the object pool when it
// is there.
func Conflicts(ctx context.Context, q store.Querier, agency string) ([]Conflict, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.cert_no, o.name, c.enterprise_id,
		COALESCE((SELECT MIN(b.name) FROM inspection_objects b WHERE b.enterprise_id = c.enterprise_id), '')
		FROM inspection_conflicts c JOIN officers o ON o.cert_no = c.cert_no WHERE o.agency_code = $1
		ORDER BY c.cert_no, c.enterprise_id LIMIT 1000`, agency)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Conflict
	for rows.Next() {
		var c Conflict
		if err := rows.Scan(&c.CertNo, &c.OfficerName, &c.EnterpriseID, &c.EnterpriseName); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
