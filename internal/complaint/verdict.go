package complaint

// The outcome of a complaint's investigation (调查结论), given with the
// answer to the complainant: 属实, 部分属实 or 不属实. A complaint about a
// named officer found true (属实 or 部分属实) counts against him: it issues
// a 红黄牌 in the answer's transaction by the rules of his region (package
// officercard; a 不亮证 complaint — 行政处罚法 Art. 55 — a yellow card by
// default). The outcome is optional on the answer ("" = not stated), so
// an answer that states none issues nothing.

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/officercard"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Verdicts of an investigation.
var Verdicts = []registry.Option{
	{Value: VerdictTrue, Label: "属实"},
	{Value: VerdictPartly, Label: "部分属实"},
	{Value: VerdictUnfounded, Label: "不属实"},
}

// Verdict values.
const (
	VerdictTrue      = "substantiated"
	VerdictPartly    = "partly"
	VerdictUnfounded = "unfounded"
)

// VerdictLabel names a verdict in Chinese.
func VerdictLabel(v string) string { return registry.LabelOf(Verdicts, v) }

// Verdict is the recorded outcome of complaint's investigation.
type Verdict struct {
	Verdict   string `json:"verdict"`
	Category  string `json:"category"`
	CertNo    string `json:"cert_no"`
	DecidedOn string `json:"decided_on"`
	DecidedBy string `json:"decided_by"`
}

// Label is the verdict in Chinese.
func (v *Verdict) Label() string { return VerdictLabel(v.Verdict) }

// FoundTrue reports whether the complaint was found true, wholly or in part.
func (v *Verdict) FoundTrue() bool { return v.Verdict == VerdictTrue || v.Verdict == VerdictPartly }

// verdict records the outcome of an answer act in its transaction and
// issues the officer's card when it was found true. Other acts, and an
// answer stating no outcome, record nothing.
func (s *Service) verdict(ctx context.Context, tx *sql.Tx, p *auth.Principal, c *Complaint, a Action) error {
	if a.Verdict == "" {
		return nil
	}
	if a.Action != "answer" {
		return &apperr.Error{Code: apperr.Invalid, Message: "调查结论随答复投诉人给出", Fields: apperr.Fields{"verdict": "调查结论随答复投诉人给出"}}
	}
	if VerdictLabel(a.Verdict) == a.Verdict {
		return &apperr.Error{Code: apperr.Invalid, Message: "调查结论无效",
			Fields: apperr.Fields{"verdict": "应为 substantiated（属实）、partly（部分属实）或 unfounded（不属实）"}}
	}
	v := &Verdict{Verdict: a.Verdict, Category: c.Category, CertNo: c.OfficerCert, DecidedOn: clock.TodayString(ctx), DecidedBy: p.Who()}
	if _, err := tx.ExecContext(ctx, `INSERT INTO complaint_verdicts (complaint_id, verdict, category, cert_no, region_code, decided_on,
		decided_by, decided_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (complaint_id) DO NOTHING`,
		c.ID, v.Verdict, v.Category, v.CertNo, c.RegionCode, v.DecidedOn, v.DecidedBy, clock.Millis(ctx)); err != nil {
		return err
	}
	if !v.FoundTrue() || v.CertNo == "" {
		return nil
	}
	_, err := officercard.IssueTx(ctx, tx, p, officercard.Issue{CertNo: v.CertNo,
		Cause:      officercard.Cause{Kind: officercard.SourceComplaint, Category: c.Category},
		SourceKind: officercard.SourceComplaint, SourceID: strconv.FormatInt(c.ID, 10),
		What: "投诉" + c.TrackingCode + "（" + CategoryLabel(c.Category) + "）经查" + v.Label()})
	return err
}

// VerdictOf is the recorded outcome of complaint id (nil when none), for
// who may see the complaint (the caller checked).
func VerdictOf(ctx context.Context, q store.Querier, id int64) (*Verdict, error) {
	v := &Verdict{}
	err := q.QueryRowContext(ctx, `SELECT verdict, category, cert_no, decided_on, decided_by FROM complaint_verdicts WHERE complaint_id = $1`, id).
		Scan(&v.Verdict, &v.Category, &v.CertNo, &v.DecidedOn, &v.DecidedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return v, err
}
