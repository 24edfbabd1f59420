package supervision

// Proposals on officers (行政执法监督条例 Art. 32): a supervision body that
// finds an officer at fault proposes 批评教育, 离岗教育, 调离执法岗位 or
// 取消执法资格 to the agency. The officer must be one of the supervised
// agency's; the proposal is kept beside the act (officer_proposals) so the
// officer's record in the registry lists it.

import (
	"context"
	"database/sql"
	"errors"

	"zfjd/internal/apperr"
	"zfjd/internal/clock"
	"zfjd/internal/store"
)

// checkOfficer refuses a proposal about someone who is not an officer of
// the supervised agency, naming the field.
func checkOfficer(ctx context.Context, q store.Querier, c *Case, a Act) error {
	var agency string
	err := q.QueryRowContext(ctx, `SELECT agency_code FROM officers WHERE cert_no = $1`, a.Str("cert_no")).Scan(&agency)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return &apperr.Error{Code: apperr.Invalid, Message: "执法证号不存在", Fields: apperr.Fields{"cert_no": "登记的执法人员中没有这个执法证号"}}
	case err != nil:
		return err
	case agency != c.AgencyCode:
		return &apperr.Error{Code: apperr.Invalid, Message: "该执法人员不属于被监督机关",
			Fields: apperr.Fields{"cert_no": "不是被监督机关的执法人员（《行政执法监督条例》第三十二条）"}}
	}
	return nil
}

func insertOfficerProposal(ctx context.Context, tx store.Querier, c *Case, a Act) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO officer_proposals (act_id, case_id, cert_no, measure, body_region, proposed_on, recorded_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7)`, a.ID, c.ID, a.Str("cert_no"), a.Str("measure"), c.BodyRegion, a.At, clock.Millis(ctx))
	return err
}

// OfficerProposal is one proposal on an officer, as the officer's record shows it.
type OfficerProposal struct {
	CaseID     int64
	Measure    string
	ProposedOn string
	BodyRegion string
}

// MeasureLabel is the proposal's measure in Chinese.
func (o OfficerProposal) MeasureLabel() string { return Label(OfficerMeasures, o.Measure) }

// ProposalsOn lists the proposals on the officer certNo, newest first (at
// most 50). Whoever may see the officer's record sees them.
func ProposalsOn(ctx context.Context, q store.Querier, certNo string) ([]OfficerProposal, error) {
	rows, err := q.QueryContext(ctx, `SELECT case_id, measure, proposed_on, body_region FROM officer_proposals
		WHERE cert_no = $1 ORDER BY proposed_on DESC, act_id DESC LIMIT 50`, certNo)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OfficerProposal
	for rows.Next() {
		var o OfficerProposal
		if err := rows.Scan(&o.CaseID, &o.Measure, &o.ProposedOn, &o.BodyRegion); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
