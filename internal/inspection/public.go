package inspection

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/clock"
	"zfjd/internal/ledger"
	"zfjd/internal/registry"
	"zfjd/internal/textcheck"
)

// PublicOfficer is an officer as the enterprise sees them after scanning.
type PublicOfficer struct {
	Name       string `json:"name"`
	CertNo     string `json:"cert_no"`
	CertStatus string `json:"cert_status"` // valid | expired | pending | suspended | revoked | cancelled | unknown
}

// PublicView is §4's GET /api/v1/public/inspections/{code}.
type PublicView struct {
	AgencyName string          `json:"agency_name"`
	MatterName string          `json:"matter_name"`
	LegalBasis string          `json:"legal_basis"`
	Kind       string          `json:"kind"`
	Approved   bool            `json:"approved"`
	Officers   []PublicOfficer `json:"officers"`

	// Page fields.
	Code       string `json:"-"`
	Enterprise string `json:"-"`
	Status     string `json:"-"`
	Rated      bool   `json:"-"`
	Emergency  bool   `json:"-"`
}

var codeRe = regexp.MustCompile(`^JC[A-Z2-7]{16}$`)

// NormalizeCode reads a scanned or typed 检查码; ok is false for anything
// that cannot be one (then it answers as an unknown code).
func NormalizeCode(s string) (string, bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	return s, codeRe.MatchString(s)
}

// Public answers what anyone holding the code sees: the agency, matter,
// basis, kind, whether it was approved and the officers with the state of
// their certificates today. An unknown code is not found.
func (s *Service) Public(ctx context.Context, code string) (*PublicView, error) {
	code, ok := NormalizeCode(code)
	if !ok {
		return nil, apperr.NotFoundf("检查码")
	}
	in, err := loadWhere(ctx, s.db.R, "i.code = $1", code)
	if err != nil {
		return nil, err
	}
	v := &PublicView{AgencyName: in.AgencyName, MatterName: in.MatterName, Kind: in.Kind, Approved: in.Has(EvApproved),
		Officers: []PublicOfficer{}, Code: code, Enterprise: in.Enterprise.Name, Status: in.Status, Emergency: in.Emergency}
	s.db.R.QueryRowContext(ctx, `SELECT legal_basis FROM matters WHERE code = $1`, in.MatterCode).Scan(&v.LegalBasis)
	var officers []string
	if ci := in.first(EvCheckedIn); ci != nil {
		officers = ci.Officers
	}
	certs, err := Certs(ctx, s.db.R, officers)
	if err != nil {
		return nil, err
	}
	today := clock.TodayString(ctx)
	for _, no := range officers {
		c, ok := certs[no]
		po := PublicOfficer{CertNo: no, CertStatus: "unknown"}
		if ok {
			po.Name, po.CertStatus = c.Name, c.StateOn(today)
		}
		v.Officers = append(v.Officers, po)
	}
	var one int
	err = s.db.R.QueryRowContext(ctx, `SELECT 1 FROM inspection_ratings WHERE inspection_id = $1`, in.ID).Scan(&one)
	v.Rated = err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	return v, nil
}

// StateOn is the certificate's state on day, as the registry names it.
func (c Cert) StateOn(day string) string {
	o := registry.Officer{CertStatus: c.Status, CertValidFrom: c.ValidFrom, CertValidTo: c.ValidTo}
	return o.StateOn(day)
}

// Rating is the enterprise's 事后评价 of one inspection.
type Rating struct {
	Score   int    `json:"score"`
	Comment string `json:"comment"`
}

// Rate records the enterprise's anonymous rating of the inspection with
// code: once, after the officers checked in, 1–5 with an optional comment.
// Nothing identifies the rater; the row is read by supervision only.
func (s *Service) Rate(ctx context.Context, code string, r Rating) error {
	return s.RateProved(ctx, code, r, func(context.Context, *sql.Tx) error { return nil })
}

// RateProved is Rate with the public form's proof of work: spend runs in
// the rating's transaction after every other check passed and the row is
// written, so a refused rating (bad score, too long a comment, not checked
// in, already rated) leaves the challenge usable and a stored one spends it.
func (s *Service) RateProved(ctx context.Context, code string, r Rating, spend func(context.Context, *sql.Tx) error) error {
	f := apperr.Fields{}
	if r.Score < 1 || r.Score > 5 {
		f.Set("score", "评分应为1至5分")
	}
	r.Comment = strings.TrimSpace(r.Comment)
	textcheck.CheckLines(f, "comment", r.Comment, 500)
	if err := f.Err(); err != nil {
		return err
	}
	code, ok := NormalizeCode(code)
	if !ok {
		return apperr.NotFoundf("检查码")
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		in, err := loadWhere(ctx, tx, "i.code = $1", code)
		if err != nil {
			return err
		}
		if !in.Has(EvCheckedIn) {
			return apperr.New(apperr.Conflict, "检查尚未开始（执法人员未扫码入企），暂不能评价")
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO inspection_ratings (inspection_id, region_code, agency_code, score, comment, at)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (inspection_id) DO NOTHING`,
			in.ID, in.RegionCode, in.AgencyCode, r.Score, r.Comment, clock.Millis(ctx))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.Conflict, "本次检查已评价过，每次检查只能评价一次")
		}
		if err := spend(ctx, tx); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, nil, "rate", "inspection_rating", in.SourceSystem+"/"+in.SourceID, in.RegionCode, nil, r); err != nil {
			return err
		}
		content, err := ratingContent(r)
		if err != nil {
			return err
		}
		_, err = ledger.Append(ctx, tx, RatingKind, in.SourceSystem+"/"+in.SourceID, content)
		return err
	})
}
