package review

import (
	"context"
	"database/sql"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/store"
)

// Outside experts (外聘评查专家): a supervision body creates their accounts
// (role auth.RoleExpert, its own region, no agency) and assigns them files
// of its campaigns; they read and score those files and nothing else
// (auth/review.go).

// Expert is one outside expert's account.
type Expert struct {
	ID                     int64
	Username, Name, Region string
	Disabled               bool
	Files, Submitted       int // files assigned in all campaigns, sheets submitted
}

// ExpertInput creates an expert account.
type ExpertInput struct {
	Region                          string // the body's region
	Username, DisplayName, Password string
}

// CreateExpert creates an outside expert's account for the supervision
// body of in.Region (p): it must change its password at first login.
func (s *Service) CreateExpert(ctx context.Context, p *auth.Principal, in ExpertInput) (int64, error) {
	if !auth.CanKeepReviewExperts(p, in.Region) {
		return 0, apperr.New(apperr.Forbidden, "只有行政执法监督机构可以聘请评查专家")
	}
	var id int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) (err error) {
		id, err = auth.CreateAccount(ctx, tx, auth.NewAccount{Username: in.Username, DisplayName: in.DisplayName, Password: in.Password,
			Role: auth.RoleExpert, Region: in.Region})
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE accounts SET must_change_password = 1 WHERE id = $1`, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "create", "account", strconv.FormatInt(id, 10), in.Region, nil,
			map[string]any{"username": in.Username, "display_name": in.DisplayName, "role": auth.RoleExpert})
	})
	return id, err
}

// Experts lists the outside experts of p's region and below, with how many
// files they were assigned and scored.
func (s *Service) Experts(ctx context.Context, p *auth.Principal) ([]Expert, error) {
	if !auth.CanKeepReviewExperts(p, p.Region) {
		return nil, apperr.New(apperr.Forbidden, "只有行政执法监督机构可以聘请评查专家")
	}
	w := &store.Where{}
	w.Add("a.role = ?", string(auth.RoleExpert))
	auth.FilterRegion(p, w, "a.region_code")
	rows, err := s.db.R.QueryContext(ctx, `SELECT a.id, a.username, a.display_name, a.region_code, a.disabled,
		(SELECT COUNT(*) FROM review_scores r WHERE r.reviewer = a.username),
		(SELECT COUNT(*) FROM review_scores r WHERE r.reviewer = a.username AND r.submitted_at > 0)
		FROM accounts a`+w.SQL()+` ORDER BY a.region_code, a.username`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Expert{}
	for rows.Next() {
		var e Expert
		var disabled int
		if err := rows.Scan(&e.ID, &e.Username, &e.Name, &e.Region, &disabled, &e.Files, &e.Submitted); err != nil {
			return nil, err
		}
		e.Disabled = disabled != 0
		out = append(out, e)
	}
	return out, rows.Err()
}
