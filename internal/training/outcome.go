package training

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/store"
	"zfjd/internal/textcheck"
)

// FailRule is what a failed 年检 exam does to a certificate in a region
// and below: on a first failure, and on failing again the next exam after
// it (the 补考).
type FailRule struct {
	RegionCode string
	FirstFail  string
	SecondFail string
	Basis      string
}

// DefaultFailRule holds where no region set its own: 暂扣 with 离岗培训 on
// a first failure, 吊销 on a second (淄博市行政执法证件管理办法 第十三条, as
// reference/domain-research.md §2.9 records it); 山东省行政执法监督条例
// 第十条: only who passed the exam may enforce.
var DefaultFailRule = FailRule{FirstFail: "suspended", SecondFail: "revoked",
	Basis: "《山东省行政执法监督条例》第十条；年检考试不合格的暂扣证件并离岗培训，补考仍不合格的吊销证件"}

// ExamReason prefixes the status reason of a certificate the exams
// changed, so a passed 补考 restores only what an exam suspended.
const ExamReason = "年检考试不合格"

// Outcome is what one seat's result does to the certificate.
type Outcome struct {
	Review string // 年审 result to record: pass, fail or ""
	Status string // certificate status to set, "" for none
	Issue  bool   // 资格考试 passed: issue the certificate (制证)
	Note   string // what happened, in Chinese, on the seat list
}

// Seat is what Decide needs to know of one seat.
type Seat struct {
	Kind       string // qualify | annual
	Absent     bool   // never handed in
	Passed     bool
	PrevFailed bool   // the officer's previous 年检 exam was failed
	CertStatus string // valid, suspended, revoked, cancelled
	CertReason string
}

// Decide is the certificate's next step after a published session (table
// test: outcome_table_test.go).
func Decide(s Seat, r FailRule) Outcome {
	switch {
	case s.Absent:
		return Outcome{Note: "缺考，证件不作变更，请安排补考"}
	case s.Kind == "qualify" && s.Passed:
		return Outcome{Issue: true, Note: "资格考试合格，制发行政执法证件"}
	case s.Kind == "qualify":
		return Outcome{Note: "资格考试不合格，不予制证"}
	case s.Passed:
		o := Outcome{Review: "pass", Note: "年检考试合格，年审合格"}
		if s.CertStatus == "suspended" && strings.HasPrefix(s.CertReason, ExamReason) {
			o.Status, o.Note = "valid", "补考合格，年审合格，恢复证件"
		}
		return o
	}
	act := r.FirstFail
	if s.PrevFailed {
		act = r.SecondFail
	}
	o := Outcome{Review: "fail", Note: "年检考试不合格，年审不合格"}
	switch {
	case act == "record" || s.CertStatus == "revoked" || s.CertStatus == "cancelled":
	case act == s.CertStatus:
		o.Note += "，证件维持" + Label(FailActions, act)
	default:
		o.Status = act
		o.Note += "，" + Label(FailActions, act)
	}
	return o
}

// RuleFor is the fail rule in force for region: its own, or the nearest
// region above that set one, or DefaultFailRule.
func RuleFor(ctx context.Context, q store.Querier, region string) (FailRule, error) {
	for _, code := range ancestors(region) {
		r := FailRule{RegionCode: code}
		err := q.QueryRowContext(ctx, `SELECT first_fail, second_fail, basis FROM training_fail_rules WHERE region_code = $1`, code).
			Scan(&r.FirstFail, &r.SecondFail, &r.Basis)
		if err == nil {
			return r, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return r, err
		}
	}
	return DefaultFailRule, nil
}

// Rule is RuleFor as p reads it.
func (s *Service) Rule(ctx context.Context, region string) (FailRule, error) {
	return RuleFor(ctx, s.db.R, region)
}

// PutRule sets region's fail rule (supervision of the region).
func (s *Service) PutRule(ctx context.Context, p *auth.Principal, r FailRule) error {
	f := apperr.Fields{}
	if ident.ValidateRegionCode(r.RegionCode) != nil {
		f.Set("region_code", "请选择有效的行政区划")
	}
	if !isOption(FailActions, r.FirstFail) {
		f.Set("first_fail", "请选择首次不合格的处理")
	}
	if !isOption(FailActions, r.SecondFail) {
		f.Set("second_fail", "请选择再次不合格的处理")
	}
	if r.Basis = strings.TrimSpace(r.Basis); r.Basis == "" {
		f.Set("basis", "请填写依据")
	}
	textcheck.CheckText(f, "basis", r.Basis, textcheck.Short)
	if err := f.Err(); err != nil {
		return err
	}
	if !auth.CanKeepExams(p, r.RegionCode) {
		return apperr.New(apperr.Forbidden, "只有本地区执法监督机构可以设定考试不合格的处理规则")
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		old, err := RuleFor(ctx, tx, r.RegionCode)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO training_fail_rules (region_code, first_fail, second_fail, basis, updated_at)
			VALUES ($1,$2,$3,$4,$5) ON CONFLICT (region_code) DO UPDATE SET first_fail = excluded.first_fail,
			second_fail = excluded.second_fail, basis = excluded.basis, updated_at = excluded.updated_at`,
			r.RegionCode, r.FirstFail, r.SecondFail, r.Basis, clock.Millis(ctx)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "update", "training_fail_rule", r.RegionCode, r.RegionCode, old, r)
	})
}
