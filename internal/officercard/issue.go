package officercard

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/store"
)

// Issue is a cause to card an officer, as the act that causes it gives it.
type Issue struct {
	CertNo     string
	Cause      Cause
	SourceKind string // SourceComplaint | SourceProposal
	SourceID   string // the complaint's id; the supervision case and act, "case/act"
	What       string // what happened, in Chinese (the card's reason after the rule)
}

// RedFindingRule is the rule of the finding a red card raises for the
// officer's agency (subject kind FindingKind, the card's id).
const (
	RedFindingRule = "OFFICER_RED_CARD"
	FindingKind    = "officer_card"
)

// IssueTx issues the card in the caller's transaction, by by (the act's
// actor). It returns nil when the cause earns no card under the rules of
// the officer's region, when no officer holds CertNo, or when the card of
// this cause was issued before (a replay: write-once).
func IssueTx(ctx context.Context, tx *sql.Tx, by *auth.Principal, in Issue) (*Card, error) {
	in.CertNo = strings.TrimSpace(in.CertNo)
	if in.CertNo == "" {
		return nil, nil
	}
	c := &Card{CertNo: in.CertNo, SourceKind: in.SourceKind, SourceID: in.SourceID, Status: InForce, IssuedBy: by.Who()}
	err := tx.QueryRowContext(ctx, `SELECT o.name, o.region_code, o.agency_code, COALESCE(a.name, '') FROM officers o
		LEFT JOIN agencies a ON a.code = o.agency_code WHERE o.cert_no = $1`, in.CertNo).
		Scan(&c.OfficerName, &c.RegionCode, &c.AgencyCode, &c.AgencyName)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	s, err := LoadSettings(ctx, tx)
	if err != nil {
		return nil, err
	}
	prior, err := priorOf(ctx, tx, in.CertNo)
	if err != nil {
		return nil, err
	}
	today := clock.Today(ctx)
	d, ok := Decide(in.Cause, c.RegionCode, s, prior, today)
	if !ok {
		return nil, nil
	}
	c.Colour, c.Points, c.Rule, c.Reason, c.IssuedOn = d.Colour, d.Points, d.Rule, d.Reason(clip(in.What, 200)), today.String()
	now := clock.Millis(ctx)
	err = tx.QueryRowContext(ctx, `INSERT INTO officer_cards (cert_no, region_code, agency_code, colour, points, rule, reason,
		source_kind, source_id, issued_on, issued_by, issued_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)
		ON CONFLICT (source_kind, source_id, cert_no) DO NOTHING RETURNING id`,
		c.CertNo, c.RegionCode, c.AgencyCode, c.Colour, c.Points, c.Rule, c.Reason, c.SourceKind, c.SourceID, c.IssuedOn,
		c.IssuedBy, now).Scan(&c.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil // issued before for this cause
	}
	if err != nil {
		return nil, err
	}
	key := strconv.FormatInt(c.ID, 10)
	if err := audit.Record(ctx, tx, by, "issue", "officer_card", key, c.RegionCode, nil,
		map[string]any{"cert_no": c.CertNo, "colour": c.Colour, "points": c.Points, "rule": c.Rule, "basis": d.Basis,
			"source_kind": c.SourceKind, "source_id": c.SourceID}); err != nil {
		return nil, err
	}
	if c.Colour == Red {
		if err := flow.SyncFindings(ctx, tx, c.subject(), []flow.Finding{c.finding(d.Basis)}, now); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// subject is the card in the kernel's findings: the officer's agency owes
// the answer (what it did about its officer's red card).
func (c *Card) subject() flow.Subject {
	return flow.Subject{Kind: FindingKind, ID: c.ID, Region: c.RegionCode, Agency: c.AgencyCode}
}

func (c *Card) finding(basis string) flow.Finding {
	return flow.Finding{Rule: RedFindingRule, Severity: Red, Basis: basis,
		Message: "执法人员" + c.OfficerName + "（" + c.CertNo + "）被出示红牌：" + c.Reason + "。请执法部门依法处理并报告处理情况。"}
}

// priorOf lists the officer's earlier cards.
func priorOf(ctx context.Context, q store.Querier, cert string) ([]Prior, error) {
	rows, err := q.QueryContext(ctx, `SELECT colour, status, issued_on FROM officer_cards WHERE cert_no = $1 ORDER BY issued_on DESC, id DESC LIMIT 200`, cert)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Prior
	for rows.Next() {
		var p Prior
		if err := rows.Scan(&p.Colour, &p.Status, &p.IssuedOn); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// LoadSettings reads every region's rows (one small table).
func LoadSettings(ctx context.Context, q store.Querier) (Settings, error) {
	rows, err := q.QueryContext(ctx, `SELECT rule, region_code, colour, points, months FROM officer_card_rules`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	s := Settings{}
	for rows.Next() {
		var key, region string
		var st Setting
		if err := rows.Scan(&key, &region, &st.Colour, &st.Points, &st.Months); err != nil {
			return nil, err
		}
		if s[key] == nil {
			s[key] = map[string]Setting{}
		}
		s[key][region] = st
	}
	return s, rows.Err()
}

// cutCase splits a proposal's source id "case/act".
func cutCase(id string) (caseID, actID string, ok bool) {
	return strings.Cut(id, "/")
}

// clip cuts s to at most n characters, marking the cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
