package cases

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/store"
)

// AgencyRules are an agency's own settings the case rules read: its legal
// review list (重大执法决定法制审核目录, 处罚法 Art. 58(四)) as matters and a
// fine at or above which review is required, and the local 较大数额 that
// gives a hearing right (Art. 63(一)). Zero means "not set" (the defaults).
type AgencyRules struct {
	AgencyCode       string   `json:"agency_code"`
	ReviewFineFen    int64    `json:"review_fine_fen"`
	ReviewMatters    []string `json:"review_matters"`
	HearingPersonFen int64    `json:"hearing_person_fen"`
	HearingOrgFen    int64    `json:"hearing_org_fen"`
}

// GetAgencyRules reads the settings of one agency (zero values when unset).
func GetAgencyRules(ctx context.Context, q store.Querier, agency string) (*AgencyRules, error) {
	r := &AgencyRules{AgencyCode: agency, ReviewMatters: []string{}}
	var matters string
	err := q.QueryRowContext(ctx, `SELECT review_fine_fen, review_matters, hearing_person_fen, hearing_org_fen FROM agency_case_rules
		WHERE agency_code = $1`, agency).Scan(&r.ReviewFineFen, &matters, &r.HearingPersonFen, &r.HearingOrgFen)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	r.ReviewMatters = splitCodes(matters)
	return r, nil
}

func splitCodes(s string) []string {
	out := []string{}
	for _, c := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == ' ' || r == '\n' || r == '、' }) {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// PutAgencyRules stores the settings; the agency must be in p's reach and
// p must keep discretion settings (agency admins, admins, integration).
func PutAgencyRules(ctx context.Context, db *store.DB, p *auth.Principal, target auth.Target, r *AgencyRules) error {
	if !auth.CanChange(p, auth.KindBenchmark, target) {
		return apperr.New(apperr.Forbidden, "无权设置该执法主体的法制审核目录与听证标准")
	}
	f := apperr.Fields{}
	for _, x := range []struct {
		path string
		v    int64
	}{{"review_fine_fen", r.ReviewFineFen}, {"hearing_person_fen", r.HearingPersonFen}, {"hearing_org_fen", r.HearingOrgFen}} {
		if x.v < 0 {
			f.Set(x.path, "金额不能为负数")
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	return db.Tx(ctx, func(tx *sql.Tx) error {
		old, err := GetAgencyRules(ctx, tx, r.AgencyCode)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM agency_case_rules WHERE agency_code = $1`, r.AgencyCode); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO agency_case_rules (agency_code, review_fine_fen, review_matters, hearing_person_fen,
			hearing_org_fen, updated_at) VALUES ($1,$2,$3,$4,$5,$6)`, r.AgencyCode, r.ReviewFineFen, strings.Join(r.ReviewMatters, ","),
			r.HearingPersonFen, r.HearingOrgFen, clock.Millis(ctx)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "update", "agency_case_rules", r.AgencyCode, target.Region, old, r)
	})
}

// ParseCodes reads a list of matter codes typed by a person.
func ParseCodes(s string) []string { return splitCodes(s) }
