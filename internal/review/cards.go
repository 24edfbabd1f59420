package review

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"zfjd/internal/auth"
	"zfjd/internal/officercard"
)

// A file judged 不合格 by a 基本标准 (veto) item feeds the record of the
// officers who handled it (行政执法监督条例 Art. 34: 监督结果运用; 山东省
// 行政执法监督条例 Arts. 14, 38(3)): on publication, in its transaction,
// each officer named on the file's steps gets the card the rules of his
// region give (officercard.RuleReviewVeto, a yellow card by default). A
// file below 60 without a veto item earns no card: the score alone names
// no officer's fault. The card is written once per file and officer.

// issueFailCards issues the cards of the campaign's veto-failed files; it
// reports how many it issued.
func issueFailCards(ctx context.Context, tx *sql.Tx, p *auth.Principal, c *Campaign, files []*File) (int, error) {
	n := 0
	for _, f := range files {
		if f.Verdict != VerdictFail || len(f.FinalVeto) == 0 {
			continue
		}
		certs, err := fileOfficers(ctx, tx, f)
		if err != nil {
			return n, err
		}
		what := c.Name + "：" + f.KindLabel() + "案卷" + f.Label() + "评为不合格（否决项 " + strings.Join(f.FinalVeto, "、") + "）"
		for _, cert := range certs {
			card, err := officercard.IssueTx(ctx, tx, p, officercard.Issue{CertNo: cert,
				Cause:      officercard.Cause{Kind: officercard.SourceReview, Veto: true},
				SourceKind: officercard.SourceReview, SourceID: strconv.FormatInt(f.ID, 10), What: what})
			if err != nil {
				return n, err
			}
			if card != nil {
				n++
			}
		}
	}
	return n, nil
}

// fileOfficers are the certificate numbers named on the steps of the
// file's penalty case or inspection, in their order.
func fileOfficers(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, f *File) ([]string, error) {
	var events string
	var err error
	if f.Kind == KindInspection {
		err = q.QueryRowContext(ctx, `SELECT events FROM inspections WHERE id = $1`, f.InspectionID).Scan(&events)
	} else {
		err = q.QueryRowContext(ctx, `SELECT events_json FROM cases WHERE id = $1`, f.CaseID).Scan(&events)
	}
	if err != nil {
		return nil, err
	}
	var evs []struct {
		Officers []string `json:"officers"`
	}
	_ = json.Unmarshal([]byte(events), &evs)
	var out []string
	for _, e := range evs {
		for _, c := range e.Officers {
			if c = strings.TrimSpace(c); c != "" && !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out, nil
}
