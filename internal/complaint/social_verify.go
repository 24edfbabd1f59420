package complaint

import (
	"context"
	"database/sql"
	"errors"

	"zfjd/internal/clock"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// A social supervisor's 聘任证 carries a QR code as an officer's
// certificate does: it opens a public page that says whether the
// appointment is in force, so the agency observed on site (旁站式监督) can
// check whom it is dealing with. The token is the certificate number and
// an HMAC of it under a key the database keeps (settings
// social_verify_key), so numbers cannot be guessed into pages; the page
// shows the appointment only — no account, no phone.

// SocialVerifier signs and checks the tokens.
type SocialVerifier struct{ *registry.NumberSigner }

// LoadSocialVerifier reads the signing key, creating it on first use.
func LoadSocialVerifier(ctx context.Context, db *store.DB) (*SocialVerifier, error) {
	s, err := registry.LoadNumberSigner(ctx, db, "social_verify_key", "social")
	return &SocialVerifier{s}, err
}

// SocialCard is what the public page shows of an appointment.
type SocialCard struct {
	Valid                    bool   // the token is well signed and names an appointment
	State                    string // active | expired | exited
	Name, CertNo, RegionCode string
	RegionName, Field        string
	TermFrom, TermTo         string
	BodyName                 string // the appointing supervision body (of the region)
}

// StateLabel names the state in Chinese.
func (c *SocialCard) StateLabel() string {
	switch c.State {
	case "active":
		return "在聘"
	case "exited":
		return "已退出"
	}
	return "不在聘期内"
}

// Verify checks tok and reads the appointment it names.
func (v *SocialVerifier) Verify(ctx context.Context, q store.Querier, tok string) (*SocialCard, error) {
	cert, ok := v.Number(tok)
	if !ok {
		return &SocialCard{}, nil
	}
	c := &SocialCard{Valid: true}
	var status string
	err := q.QueryRowContext(ctx, `SELECT s.name, s.cert_no, s.region_code, COALESCE(r.name, s.region_code), s.field, s.term_from,
		s.term_to, s.status FROM social_supervisors s LEFT JOIN regions r ON r.code = s.region_code WHERE s.cert_no = $1`, cert).
		Scan(&c.Name, &c.CertNo, &c.RegionCode, &c.RegionName, &c.Field, &c.TermFrom, &c.TermTo, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return &SocialCard{}, nil
	} else if err != nil {
		return nil, err
	}
	body, err := route(ctx, q, c.RegionCode)
	if err == nil && body != "" {
		err = q.QueryRowContext(ctx, `SELECT name FROM agencies WHERE code = $1`, body).Scan(&c.BodyName)
	}
	if err != nil {
		return nil, err
	}
	x := &Supervisor{Status: status, TermFrom: c.TermFrom, TermTo: c.TermTo}
	switch today := clock.TodayString(ctx); {
	case status != "active":
		c.State = "exited"
	case x.Active(today):
		c.State = "active"
	default:
		c.State = "expired"
	}
	return c, nil
}
