package supervision

// A proposal on an officer (行政执法监督条例 Art. 32) issues his 红黄牌 in
// the act's transaction, by the rules of his region (package officercard:
// 批评教育 a yellow card, 离岗教育, 调离执法岗位 and 取消执法资格 a red one,
// by default). The card is written once per act.

import (
	"context"
	"database/sql"
	"strconv"

	"zfjd/internal/auth"
	"zfjd/internal/officercard"
)

func issueProposalCard(ctx context.Context, tx *sql.Tx, p *auth.Principal, c *Case, a Act) error {
	what := "监督案件" + strconv.FormatInt(c.ID, 10) + "提出" + Label(OfficerMeasures, a.Str("measure")) + "建议"
	if a.Note != "" {
		what += "（" + a.Note + "）"
	}
	_, err := officercard.IssueTx(ctx, tx, p, officercard.Issue{CertNo: a.Str("cert_no"),
		Cause:      officercard.Cause{Kind: officercard.SourceProposal, Measure: a.Str("measure")},
		SourceKind: officercard.SourceProposal, SourceID: strconv.FormatInt(c.ID, 10) + "/" + strconv.FormatInt(a.ID, 10),
		What: what})
	return err
}
