package coordination

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"time"
	"unicode/utf8"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/law"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// 履职免责 (尽职免责; the Qinhuangdao seed's 履职免责 mechanism): the
// supervision body of an officer's agency finds that the officer did the
// duty — weighing the causes, consequences and correction as 行政执法监督
// 条例 Art. 32 asks before any proposal on an officer — and is exempt from
// accountability for a decision later annulled or changed (or a warning
// on it), on one of the grounds below (优化营商环境条例 Art. 7 ¶3 "符合规定条件
// 的，可以予以免责"). A granted exemption for a case counts for assessment:
// the source "annulled_unexcused" (internal/assess) leaves the decisions
// so found out of the agency's 被撤销、变更 count. It may be revoked when
// the facts it rested on prove untrue.

// ExemptionBasis is the law of an exemption.
const ExemptionBasis = "《行政执法监督条例》第三十二条；《优化营商环境条例》第七条第三款"

// ExemptionGrounds are the 尽职免责 grounds.
var ExemptionGrounds = []Option{
	{"followed_procedure", "依照法律、法规、规章和法定程序履行职责，已尽到审慎义务"},
	{"law_changed", "因法律、法规、规章或者政策调整导致决定被撤销、变更"},
	{"party_concealed", "因当事人隐瞒事实、提供虚假材料导致认定错误，难以发现"},
	{"collective_decision", "经法制审核、集体讨论决定，本人已提出不同意见"},
	{"objective_limits", "因不可抗力或者当时技术、客观条件限制难以发现"},
}

// Exemption statuses.
const (
	ExemptionGranted = "granted"
	ExemptionRevoked = "revoked"
)

// Exemption is one 尽职免责 finding.
type Exemption struct {
	ID          int64  `json:"id"`
	RegionCode  string `json:"region_code"`
	AgencyCode  string `json:"agency_code"`
	AgencyName  string `json:"agency_name"`
	CertNo      string `json:"cert_no"`
	OfficerName string `json:"officer_name"`
	CaseID      int64  `json:"case_id,omitempty"`
	FindingID   int64  `json:"finding_id,omitempty"`
	Year        int    `json:"year"`
	Ground      string `json:"ground"`
	Reasons     string `json:"reasons"`
	DecidedOn   string `json:"decided_on"`
	Status      string `json:"status"`
}

// ExemptionInput is what grants an exemption.
type ExemptionInput struct {
	CertNo    string `json:"cert_no"`
	CaseID    int64  `json:"case_id"`
	FindingID int64  `json:"finding_id"`
	Ground    string `json:"ground"`
	Reasons   string `json:"reasons"`
}

// GrantExemption records p's finding (the supervision body of the
// officer's agency) that the officer is exempt for a case of the agency
// or a warning on one; the year is that of the case's decision (or the
// warning's first sight). Today is the decision date.
func (s *Service) GrantExemption(ctx context.Context, p *auth.Principal, in ExemptionInput) (*Exemption, error) {
	in.CertNo, in.Reasons = clean(in.CertNo), clean(in.Reasons)
	bad := apperr.Fields{}
	if in.CertNo == "" {
		bad.Set("cert_no", "请填写执法证号")
	}
	if !valid(ExemptionGrounds, in.Ground) {
		bad.Set("ground", "请选择免责情形")
	}
	if n := utf8.RuneCountInString(in.Reasons); n == 0 || n > MaxNote {
		bad.Set("reasons", "请填写认定理由（综合考虑主客观原因、后果、纠正情况）")
	}
	if in.CaseID == 0 && in.FindingID == 0 {
		bad.Set("case_id", "请填写所涉案件编号或预警编号")
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	var id int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var agency, region, name string
		err := tx.QueryRowContext(ctx, `SELECT o.agency_code, a.region_code, o.name FROM officers o JOIN agencies a ON a.code = o.agency_code
			WHERE o.cert_no = $1`, in.CertNo).Scan(&agency, &region, &name)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !auth.CanCoordinate(p, region)) {
			return &apperr.Error{Code: apperr.Invalid, Message: "执法人员不存在", Fields: apperr.Fields{"cert_no": "本辖区没有这个执法证号"}}
		}
		if err != nil {
			return err
		}
		today := clock.Today(ctx)
		year := today.Y
		if in.FindingID != 0 {
			var fAgency string
			var seen int64
			err := tx.QueryRowContext(ctx, `SELECT agency_code, first_seen FROM findings WHERE id = $1`, in.FindingID).Scan(&fAgency, &seen)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && fAgency != agency) {
				return &apperr.Error{Code: apperr.Invalid, Message: "预警不存在", Fields: apperr.Fields{"finding_id": "没有该执法人员所在机关的这条预警"}}
			}
			if err != nil {
				return err
			}
			year = law.DateOf(time.UnixMilli(seen).In(clock.Shanghai)).Y
		}
		if in.CaseID != 0 {
			var cAgency, decided string
			err := tx.QueryRowContext(ctx, `SELECT agency_code, decided_on FROM cases WHERE id = $1`, in.CaseID).Scan(&cAgency, &decided)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && cAgency != agency) {
				return &apperr.Error{Code: apperr.Invalid, Message: "案件不存在", Fields: apperr.Fields{"case_id": "没有该执法人员所在机关的这件案件"}}
			}
			if err != nil {
				return err
			}
			if d, err := law.ParseDate(decided); err == nil {
				year = d.Y
			}
		}
		now := clock.Millis(ctx)
		if err := tx.QueryRowContext(ctx, `INSERT INTO exemptions (region_code, agency_code, cert_no, officer_name, case_id, finding_id, year,
			ground, reasons, decided_on, status, created_by, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$13)
			RETURNING id`, region, agency, in.CertNo, name, in.CaseID, in.FindingID, year, in.Ground, in.Reasons, today.String(),
			ExemptionGranted, p.Who(), now).Scan(&id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "grant", "exemption", strconv.FormatInt(id, 10), region, nil, in)
	})
	if err != nil {
		return nil, err
	}
	return s.GetExemption(ctx, p, id)
}

const exemptionCols = `e.id, e.region_code, e.agency_code, COALESCE(a.name, e.agency_code), e.cert_no, e.officer_name, e.case_id,
	e.finding_id, e.year, e.ground, e.reasons, e.decided_on, e.status`

const exemptionFrom = ` FROM exemptions e LEFT JOIN agencies a ON a.code = e.agency_code`

func scanExemption(row interface{ Scan(...any) error }) (*Exemption, error) {
	e := &Exemption{}
	err := row.Scan(&e.ID, &e.RegionCode, &e.AgencyCode, &e.AgencyName, &e.CertNo, &e.OfficerName, &e.CaseID, &e.FindingID, &e.Year,
		&e.Ground, &e.Reasons, &e.DecidedOn, &e.Status)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("免责认定")
	}
	return e, err
}

// GetExemption returns exemption id; outside p's reach it does not exist.
func (s *Service) GetExemption(ctx context.Context, p *auth.Principal, id int64) (*Exemption, error) {
	e, err := scanExemption(s.db.R.QueryRowContext(ctx, `SELECT `+exemptionCols+exemptionFrom+` WHERE e.id = $1`, id))
	if err != nil {
		return nil, err
	}
	if !auth.CanSeeExemption(p, e.RegionCode, e.AgencyCode) {
		return nil, apperr.NotFoundf("免责认定")
	}
	return e, nil
}

// RevokeExemption revokes exemption id (the facts it rested on proved untrue).
func (s *Service) RevokeExemption(ctx context.Context, p *auth.Principal, id int64, reason string) (*Exemption, error) {
	e, err := s.GetExemption(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if !auth.CanCoordinate(p, e.RegionCode) {
		return nil, apperr.New(apperr.Forbidden, "免责认定由行政执法监督机构撤销")
	}
	if e.Status != ExemptionGranted {
		return nil, apperr.New(apperr.Conflict, "免责认定已撤销")
	}
	if reason = clean(reason); reason == "" {
		return nil, &apperr.Error{Code: apperr.Invalid, Message: "请填写撤销理由", Fields: apperr.Fields{"reason": "请填写撤销理由"}}
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE exemptions SET status = $2, updated_at = $3 WHERE id = $1`, id, ExemptionRevoked,
			clock.Millis(ctx)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "revoke", "exemption", strconv.FormatInt(id, 10), e.RegionCode,
			map[string]any{"status": e.Status}, map[string]any{"status": ExemptionRevoked, "reason": reason})
	})
	if err != nil {
		return nil, err
	}
	return s.GetExemption(ctx, p, id)
}

// ListExemptions lists the exemptions p may see, newest first: the
// region's for supervision, the agency's own officers' for its admin and head.
func (s *Service) ListExemptions(ctx context.Context, p *auth.Principal, pg *registry.Page) ([]*Exemption, error) {
	w := &store.Where{}
	switch {
	case p != nil && p.Agency == "" && auth.CanCoordinate(p, p.Region):
		auth.FilterRegion(p, w, "e.region_code")
	case p != nil && p.Agency != "" && (p.Role == auth.RoleAgencyAdmin || p.Role == auth.RoleHead):
		w.Add("e.agency_code = ?", p.Agency)
	default:
		w.Add("1 = 0")
	}
	pg.Normalize()
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM exemptions e`+w.SQL(), w.Args...).Scan(&pg.Total); err != nil {
		return nil, err
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+exemptionCols+exemptionFrom+w.SQL()+` ORDER BY e.id DESC LIMIT `+w.Arg(pg.Size)+
		` OFFSET `+w.Arg(pg.Offset()), w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Exemption{}
	for rows.Next() {
		e, err := scanExemption(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
