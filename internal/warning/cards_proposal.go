package warning

// A 红牌 proposes 暂扣执法证、离岗培训 to the certificate authority (DOMAIN.md
// C2's lifecycle: 暂扣 is a status of the certificate). One proposal per
// officer and year, raised by the platform when the officer's count reaches
// the red threshold; the authority accepts (the certificate becomes 暂扣
// through the registry's status change, audited, in the same transaction)
// or rejects, with a reason either way.

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/textcheck"
)

// Proposal statuses.
const (
	ProposalPending  = "pending"
	ProposalAccepted = "accepted"
	ProposalRejected = "rejected"
)

// ProposalMeasure is what a 红牌 proposes.
const ProposalMeasure = "暂扣执法证、离岗培训"

// ProposalStatusLabel is a status's Chinese name.
func ProposalStatusLabel(s string) string {
	switch s {
	case ProposalPending:
		return "待决定"
	case ProposalAccepted:
		return "已同意（执法证暂扣）"
	case ProposalRejected:
		return "不予采纳"
	}
	return s
}

// CardProposal is one 红牌's proposal.
type CardProposal struct {
	ID          int64  `json:"id"`
	CertNo      string `json:"cert_no"`
	OfficerName string `json:"officer_name"`
	AgencyCode  string `json:"agency_code"`
	AgencyName  string `json:"agency_name"`
	RegionCode  string `json:"region_code"`
	Year        int    `json:"year"`
	Warnings    int    `json:"warnings"`
	Threshold   int    `json:"threshold"`
	Measure     string `json:"measure"`
	Status      string `json:"status"`
	Reason      string `json:"reason"`
	DecidedBy   string `json:"decided_by"`
	DecidedAt   string `json:"decided_at,omitempty"` // RFC 3339
	CreatedAt   string `json:"created_at"`
}

// Target is where the proposal lives: its officer's region and agency.
func (c *CardProposal) Target() auth.Target {
	return auth.Target{Region: c.RegionCode, Agencies: []string{c.AgencyCode}}
}

// cardPropose raises the proposal of every officer of certs now at a 红牌
// in year that has none yet.
func cardPropose(ctx context.Context, tx *sql.Tx, certs []string, year int) error {
	w := &store.Where{}
	marks := make([]string, len(certs))
	for i, c := range certs {
		marks[i] = w.Arg(c)
	}
	rows, err := tx.QueryContext(ctx, `SELECT cert_no, region_code, agency_code FROM officers WHERE cert_no IN (`+
		strings.Join(marks, ",")+`)`, w.Args...)
	if err != nil {
		return err
	}
	var refs []CardRef
	agency := map[string]string{}
	for rows.Next() {
		var r CardRef
		var a string
		if err := rows.Scan(&r.Key, &r.Region, &a); err != nil {
			rows.Close()
			return err
		}
		refs = append(refs, r)
		agency[r.Key] = a
	}
	if err := rows.Close(); err != nil {
		return err
	}
	cards, err := cardsFor(ctx, tx, refs, year, cardOfficerCounts)
	if err != nil {
		return err
	}
	now := clock.Millis(ctx)
	for _, r := range refs {
		c := cards[r.Key]
		if c.Level != CardRed {
			continue
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO card_proposals (cert_no, agency_code, region_code, year, warnings, threshold,
			status, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7) ON CONFLICT (cert_no, year) DO NOTHING`,
			r.Key, agency[r.Key], r.Region, year, c.Warnings, c.Thresholds.Red, now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			if err := audit.Record(ctx, tx, nil, "propose", "card_proposal", r.Key+"/"+strconv.Itoa(year), r.Region, nil,
				map[string]any{"measure": ProposalMeasure, "warnings": c.Warnings, "threshold": c.Thresholds.Red}); err != nil {
				return err
			}
		}
	}
	return nil
}

// CardProposals lists the proposals in p's scope (status "" = all), pending
// first. It raises first the proposals of officers in p's scope who reached
// a 红牌 this year without a new warning (a yellow one escalated to red).
func CardProposals(ctx context.Context, db *store.DB, p *auth.Principal, status string) ([]*CardProposal, error) {
	if !auth.CanViewSupervision(p) {
		return nil, apperr.New(apperr.Forbidden, "无权查看红牌处置建议")
	}
	if status != "" && status != ProposalPending && status != ProposalAccepted && status != ProposalRejected {
		return nil, &apperr.Error{Code: apperr.Invalid, Message: "状态无效", Fields: apperr.Fields{"status": "状态应为 pending、accepted 或 rejected"}}
	}
	year := CardYearNow(ctx)
	holders, err := CardHolders(ctx, db, p, "officer", year)
	if err != nil {
		return nil, err
	}
	var red []string
	for _, h := range holders {
		if h.Card.Level == CardRed {
			red = append(red, h.Key)
		}
	}
	if len(red) > 0 {
		if err := db.Tx(ctx, func(tx *sql.Tx) error { return cardPropose(ctx, tx, red, year) }); err != nil {
			return nil, err
		}
	}
	w := &store.Where{}
	auth.FilterOfficers(p, w, "cp.region_code", "cp.agency_code")
	if status != "" {
		w.Add("cp.status = ?", status)
	}
	rows, err := db.R.QueryContext(ctx, cardProposalSelect+w.SQL()+
		` ORDER BY CASE WHEN cp.status = 'pending' THEN 0 ELSE 1 END, cp.id DESC LIMIT 500`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*CardProposal
	for rows.Next() {
		c, err := scanCardProposal(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

const cardProposalSelect = `SELECT cp.id, cp.cert_no, COALESCE(o.name, ''), cp.agency_code, COALESCE(a.name, ''), cp.region_code,
	cp.year, cp.warnings, cp.threshold, cp.status, cp.reason, cp.decided_by, cp.decided_at, cp.created_at
	FROM card_proposals cp LEFT JOIN officers o ON o.cert_no = cp.cert_no LEFT JOIN agencies a ON a.code = cp.agency_code`

func scanCardProposal(row interface{ Scan(...any) error }) (*CardProposal, error) {
	var c CardProposal
	var decided, created int64
	if err := row.Scan(&c.ID, &c.CertNo, &c.OfficerName, &c.AgencyCode, &c.AgencyName, &c.RegionCode, &c.Year, &c.Warnings,
		&c.Threshold, &c.Status, &c.Reason, &c.DecidedBy, &decided, &created); err != nil {
		return nil, err
	}
	c.Measure = ProposalMeasure
	c.CreatedAt = cardRFC3339(created)
	if decided > 0 {
		c.DecidedAt = cardRFC3339(decided)
	}
	return &c, nil
}

// DecideCardProposal records the certificate authority's decision on
// proposal id: "accept" suspends the certificate (暂扣, with the reason, as
// the registry's status change does it, audited) or "reject" keeps it; the
// reason is required either way. A proposal already decided answers 409.
func DecideCardProposal(ctx context.Context, db *store.DB, p *auth.Principal, id int64, decision, reason string) (*CardProposal, error) {
	reason = strings.TrimSpace(reason)
	f := apperr.Fields{}
	if decision != "accept" && decision != "reject" {
		f.Set("decision", "请选择同意或不予采纳")
	}
	if reason == "" {
		f.Set("reason", "请填写决定理由")
	} else {
		textcheck.CheckText(f, "reason", reason, textcheck.Short)
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	var out *CardProposal
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		c, err := scanCardProposal(tx.QueryRowContext(ctx, cardProposalSelect+` WHERE cp.id = $1`, id))
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !auth.CanSee(p, c.Target())) {
			return apperr.NotFoundf("红牌处置建议")
		}
		if err != nil {
			return err
		}
		if !auth.CanDecideCardProposal(p, c.Target()) {
			return apperr.New(apperr.Forbidden, "只有发证机关（监督机构）可以决定红牌处置建议")
		}
		if c.Status != ProposalPending {
			return apperr.New(apperr.Conflict, "该建议已作出决定")
		}
		status := ProposalRejected
		if decision == "accept" {
			status = ProposalAccepted
			err := registry.SetCertStatusTx(ctx, tx, p, c.CertNo, "suspended", reason)
			// Already 暂扣 (by another decision): the proposal is still decided.
			if err != nil && !(apperr.Is(err, apperr.Invalid) && apperr.As(err).Fields["cert_status"] != "") {
				return err
			}
		}
		now := clock.Millis(ctx)
		res, err := tx.ExecContext(ctx, `UPDATE card_proposals SET status = $2, reason = $3, decided_by = $4, decided_at = $5
			WHERE id = $1 AND status = 'pending'`, id, status, reason, p.Who(), now)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.Conflict, "该建议已作出决定")
		}
		if err := audit.Record(ctx, tx, p, decision, "card_proposal", strconv.FormatInt(id, 10), c.RegionCode,
			map[string]any{"status": c.Status}, map[string]any{"status": status, "reason": reason}); err != nil {
			return err
		}
		c.Status, c.Reason, c.DecidedBy, c.DecidedAt = status, reason, p.Who(), cardRFC3339(now)
		out = c
		return nil
	})
	return out, err
}
