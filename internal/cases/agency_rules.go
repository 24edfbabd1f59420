package cases

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
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
// fine at or above which review is required; the local 较大数额 that gives a
// hearing right (Art. 63(一)(二)) and the kinds it counts as 其他较重的行政处罚
// (Art. 63(五)(六)); and its 陈述申辩 period (Art. 44, 45). Zero amounts mean
// "not set": there is no default 较大数额, the rules ask instead.
type AgencyRules struct {
	AgencyCode       string   `json:"agency_code"`
	ReviewFineFen    int64    `json:"review_fine_fen"`
	ReviewMatters    []string `json:"review_matters"`
	HearingPersonFen int64    `json:"hearing_person_fen"`
	HearingOrgFen    int64    `json:"hearing_org_fen"`
	// StatementDays is the 陈述申辩 period in working days (1–30). Read back
	// it is never nil (the default is DefaultStatementDays); nil on Put keeps
	// what is stored.
	StatementDays *int `json:"statement_days"`
	// HearingKinds are penalty kinds with a hearing right besides those of
	// Art. 63(三)(四). Read back nil means the agency has not said; nil on Put
	// keeps what is stored, and an empty list says "none".
	HearingKinds *[]string `json:"hearing_kinds"`
}

// GetAgencyRules reads the settings of one agency (zero values when unset).
func GetAgencyRules(ctx context.Context, q store.Querier, agency string) (*AgencyRules, error) {
	r := &AgencyRules{AgencyCode: agency, ReviewMatters: []string{}}
	var matters string
	var days int
	var kinds sql.NullString
	err := q.QueryRowContext(ctx, `SELECT review_fine_fen, review_matters, hearing_person_fen, hearing_org_fen, statement_days, hearing_kinds
		FROM agency_case_rules WHERE agency_code = $1`, agency).
		Scan(&r.ReviewFineFen, &matters, &r.HearingPersonFen, &r.HearingOrgFen, &days, &kinds)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	r.ReviewMatters = splitCodes(matters)
	if days <= 0 {
		days = DefaultStatementDays
	}
	r.StatementDays = &days
	if kinds.Valid {
		ks := splitCodes(kinds.String)
		r.HearingKinds = &ks
	}
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

// HearingKindChoices are the kinds an agency may add to its hearing list:
// every penalty kind beyond a warning or 通报批评 and those Art. 63 always
// or by amount covers.
func HearingKindChoices() []string {
	var out []string
	for _, k := range PenaltyKinds {
		if !slices.Contains(alwaysHearing, k) && !slices.Contains([]string{"warning", "criticism", "fine", "confiscate_income"}, k) {
			out = append(out, k)
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
	if r.StatementDays != nil && (*r.StatementDays < 1 || *r.StatementDays > 30) {
		f.Set("statement_days", "陈述申辩期应为1至30个工作日")
	}
	if r.HearingKinds != nil {
		choices := HearingKindChoices()
		for i, k := range *r.HearingKinds {
			if !slices.Contains(choices, k) {
				f.Set(fmt.Sprintf("hearing_kinds[%d]", i), "不能列入的处罚种类："+k+"（第六十三条第一款第（一）至（四）项已有规定的除外）")
			}
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
		// Fields the caller left nil keep their stored values.
		var stored int
		var kinds sql.NullString
		err = tx.QueryRowContext(ctx, `SELECT statement_days, hearing_kinds FROM agency_case_rules WHERE agency_code = $1`, r.AgencyCode).
			Scan(&stored, &kinds)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if r.StatementDays != nil {
			stored = *r.StatementDays
		}
		if r.HearingKinds != nil {
			kinds = sql.NullString{String: strings.Join(*r.HearingKinds, ","), Valid: true}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM agency_case_rules WHERE agency_code = $1`, r.AgencyCode); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO agency_case_rules (agency_code, review_fine_fen, review_matters, hearing_person_fen,
			hearing_org_fen, statement_days, hearing_kinds, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`, r.AgencyCode, r.ReviewFineFen,
			strings.Join(r.ReviewMatters, ","), r.HearingPersonFen, r.HearingOrgFen, stored, kinds, clock.Millis(ctx)); err != nil {
			return err
		}
		now, err := GetAgencyRules(ctx, tx, r.AgencyCode)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "update", "agency_case_rules", r.AgencyCode, target.Region, old, now)
	})
}

// ParseCodes reads a list of matter codes typed by a person.
func ParseCodes(s string) []string { return splitCodes(s) }
