package complaint

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/law"
	"zfjd/internal/store"
)

// Filing is a complaint as the public sends it (POST
// /api/v1/public/complaints); Source and SourceRef are set by the hotline
// import and the clue channel.
type Filing struct {
	Challenge     string   `json:"challenge"`
	Nonce         string   `json:"nonce"`
	Category      string   `json:"category"`
	RegionCode    string   `json:"region_code"`
	Description   string   `json:"description"`
	AgencyCode    string   `json:"agency_code"`
	OfficerCertNo string   `json:"officer_cert_no"`
	Place         string   `json:"place"`
	HappenedOn    string   `json:"happened_on"`
	Anonymous     *bool    `json:"anonymous"`
	Contact       *Contact `json:"contact"`

	Source    string `json:"-"`
	SourceRef string `json:"-"`
	// ReceivedOn is when the hotline took the call (its deadlines count
	// from then); the web's complaints are received today.
	ReceivedOn string `json:"-"`
	// ClueBy is the social supervisor whose clue it is, when supervision
	// turns the finding of an observation into one (else the clue's sender).
	ClueBy int64 `json:"-"`
}

// Receipt is the answer of a filing: shown once, the secret never again.
type Receipt struct {
	TrackingCode string `json:"tracking_code"`
	Secret       string `json:"secret"`
	ID           int64  `json:"-"`
}

// Limits of a filing's text, in characters.
const (
	MaxDescription = 2000
	MinDescription = 10
	MaxPlace       = 200
	MaxName        = 50
)

// RateLimited is the refusal beyond a region's hourly limit from one address (429).
type RateLimited struct{ Limit int }

func (e *RateLimited) Error() string {
	return "同一网络地址每小时最多提交" + itoa(e.Limit) + "件投诉，请稍后再试"
}

var mobile = regexp.MustCompile(`^1[3-9][0-9]{9}$`)

func clean(s string) string {
	return strings.TrimSpace(strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), ""))
}

func tooLong(f apperr.Fields, field, v string, max int) {
	if utf8.RuneCountInString(v) > max {
		f.Set(field, "不能超过"+itoa(max)+"字")
	}
}

// normalize trims f and checks what needs no database, naming each field.
func (f *Filing) normalize(today law.Date) error {
	bad := apperr.Fields{}
	f.Category, f.RegionCode, f.Description = clean(f.Category), clean(f.RegionCode), clean(f.Description)
	f.AgencyCode, f.OfficerCertNo = ident.NormalizeUSCC(clean(f.AgencyCode)), clean(f.OfficerCertNo)
	f.Place, f.HappenedOn = clean(f.Place), clean(f.HappenedOn)
	if f.Category == "" {
		bad.Set("category", "请选择投诉类别")
	} else if CategoryLabel(f.Category) == f.Category {
		bad.Set("category", "投诉类别应为 arbitrary_fine、arbitrary_inspection、no_certificate、rude、inaction 或 other")
	}
	if f.RegionCode == "" {
		bad.Set("region_code", "请选择发生地区划")
	} else if ident.ValidateRegionCode(f.RegionCode) != nil {
		bad.Set("region_code", "发生地区划代码无效")
	}
	switch n := utf8.RuneCountInString(f.Description); {
	case n == 0:
		bad.Set("description", "请描述投诉的事情经过")
	case n < MinDescription && (f.Source == "" || f.Source == SourceWeb):
		bad.Set("description", "请至少写"+itoa(MinDescription)+"个字，说明何时何地发生了什么")
	}
	tooLong(bad, "description", f.Description, MaxDescription)
	tooLong(bad, "place", f.Place, MaxPlace)
	if len(f.OfficerCertNo) > 40 {
		bad.Set("officer_cert_no", "执法证号无效")
	}
	if f.HappenedOn != "" {
		d, err := law.ParseDate(f.HappenedOn)
		switch {
		case err != nil:
			bad.Set("happened_on", "发生日期格式应为 YYYY-MM-DD")
		case d.After(today):
			bad.Set("happened_on", "发生日期不能晚于今天")
		}
	}
	if f.Contact != nil {
		f.Contact.Name, f.Contact.Phone = clean(f.Contact.Name), strings.ReplaceAll(clean(f.Contact.Phone), " ", "")
		if f.Contact.Name == "" && f.Contact.Phone == "" {
			f.Contact = nil
		}
	}
	anon := f.Contact == nil
	if f.Anonymous != nil {
		anon = *f.Anonymous
	}
	f.Anonymous = &anon
	if anon {
		f.Contact = nil // an anonymous complaint keeps no contact, even one sent by mistake
	} else {
		switch {
		case f.Contact == nil || f.Contact.Phone == "":
			bad.Set("contact.phone", "实名投诉请填写手机号码，或选择匿名投诉")
		case !mobile.MatchString(f.Contact.Phone):
			bad.Set("contact.phone", "手机号码应为11位大陆手机号")
		}
		if f.Contact != nil {
			tooLong(bad, "contact.name", f.Contact.Name, MaxName)
		}
	}
	return bad.Err()
}

// File takes a complaint from the public (source web), from the hotline
// import or a social supervisor's clue (p set, no proof of work, no rate
// limit). addr is the client's address for the hourly limit. Everything —
// the complaint, its first step, photos, the intake row, its judgement,
// audit and record-log leaf — is written in one transaction; a refusal
// writes nothing and leaves the challenge unspent.
func (s *Service) File(ctx context.Context, p *auth.Principal, f *Filing, addr string, uploads []Upload) (*Receipt, error) {
	today := clock.Today(ctx)
	if f.Source == "" {
		f.Source = SourceWeb
	}
	err := f.normalize(today)
	bad := apperr.Fields{}
	if e := apperr.As(err); err != nil && e.Fields != nil {
		bad = e.Fields
	}
	pics := cleanUploads(bad, uploads)
	if err := bad.Err(); err != nil {
		return nil, err
	}
	if f.ReceivedOn == "" || p == nil || f.ReceivedOn > today.String() {
		f.ReceivedOn = today.String()
	}
	code, secret := NewTracking()
	r := &Receipt{TrackingCode: code, Secret: secret}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error { return s.insert(ctx, tx, p, f, addr, pics, r) })
	if err != nil {
		return nil, err
	}
	return r, nil
}

// insert writes filing f (checked) in tx: the complaint, its first step,
// photos, the intake row (public filings), judgement, audit and leaf.
func (s *Service) insert(ctx context.Context, tx *sql.Tx, p *auth.Principal, f *Filing, addr string, pics []pic, r *Receipt) error {
	if err := s.checkRefs(ctx, tx, f); err != nil {
		return err
	}
	st, err := settingsFor(ctx, tx, f.RegionCode)
	if err != nil {
		return err
	}
	if p == nil {
		if err := limit(ctx, tx, addr, st.HourlyLimit); err != nil {
			return err
		}
		if err := spend(ctx, tx, f.Challenge, f.Nonce); err != nil {
			return err
		}
	}
	handler, err := route(ctx, tx, f.RegionCode)
	if err != nil {
		return err
	}
	enc, err := s.keys.seal(f.Contact)
	if err != nil {
		return err
	}
	clueBy := f.ClueBy
	if f.Source == SourceClue && p != nil && clueBy == 0 {
		clueBy = p.ID
	}
	now := clock.Millis(ctx)
	anon := 0
	if *f.Anonymous {
		anon = 1
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO complaints (tracking_code, secret_hash, source, source_ref, category, region_code,
		handler_code, agency_code, officer_cert, place, happened_on, description, anonymous, contact_enc, status, received_on,
		received_at, clue_by, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,'received',$15,$16,$17,$16)
		RETURNING id`, r.TrackingCode, hashSecret(r.Secret), f.Source, f.SourceRef, f.Category, f.RegionCode, handler, f.AgencyCode,
		f.OfficerCertNo, f.Place, f.HappenedOn, f.Description, anon, enc, f.ReceivedOn, now, clueBy).Scan(&r.ID)
	if err != nil {
		return err
	}
	if err := putPhotos(ctx, tx, "complaint_photos", "complaint_id", r.ID, pics); err != nil {
		return err
	}
	if p == nil {
		if _, err := tx.ExecContext(ctx, `INSERT INTO complaint_intake (addr, at, region_code) VALUES ($1, $2, $3)`,
			hashAddr(addr), now, f.RegionCode); err != nil {
			return err
		}
	}
	c, err := load(ctx, tx, r.ID)
	if err != nil {
		return err
	}
	step, err := event(ctx, tx, c, p, "received", SourceLabel(f.Source), "", "")
	if err != nil {
		return err
	}
	return s.save(ctx, tx, p, c, step, "received", nil)
}

// limit refuses a filing beyond the hourly limit from addr.
func limit(ctx context.Context, tx *sql.Tx, addr string, max int) error {
	if max <= 0 {
		return nil
	}
	var n int
	since := clock.Now(ctx).Add(-time.Hour).UnixMilli()
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM complaint_intake WHERE addr = $1 AND at > $2`, hashAddr(addr), since).Scan(&n); err != nil {
		return err
	}
	if n >= max {
		return &RateLimited{Limit: max}
	}
	return nil
}

// checkRefs checks that the region, agency and officer named exist, and
// takes the officer's agency when none is named.
func (s *Service) checkRefs(ctx context.Context, tx *sql.Tx, f *Filing) error {
	bad := apperr.Fields{}
	var one int
	if err := tx.QueryRowContext(ctx, `SELECT 1 FROM regions WHERE code = $1`, f.RegionCode).Scan(&one); errors.Is(err, sql.ErrNoRows) {
		bad.Set("region_code", "发生地区划不存在")
	} else if err != nil {
		return err
	}
	if f.OfficerCertNo != "" {
		var agency string
		err := tx.QueryRowContext(ctx, `SELECT agency_code FROM officers WHERE cert_no = $1`, f.OfficerCertNo).Scan(&agency)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			bad.Set("officer_cert_no", "执法证号不存在")
		case err != nil:
			return err
		case f.AgencyCode == "":
			f.AgencyCode = agency
		}
	}
	if f.AgencyCode != "" {
		var kind string
		err := tx.QueryRowContext(ctx, `SELECT kind FROM agencies WHERE code = $1`, f.AgencyCode).Scan(&kind)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			bad.Set("agency_code", "执法主体不存在")
		case err != nil:
			return err
		}
	}
	return bad.Err()
}

// route finds the supervision body of region, or of the nearest region
// above it that has one ("" when there is none: the province's staff see
// it by region).
func route(ctx context.Context, tx store.Querier, region string) (string, error) {
	for _, r := range ancestors(region) {
		var code string
		err := tx.QueryRowContext(ctx, `SELECT code FROM agencies WHERE kind = 'supervision' AND region_code = $1 AND status = 'active'
			ORDER BY code LIMIT 1`, r).Scan(&code)
		if err == nil {
			return code, nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return "", err
		}
	}
	return "", nil
}
