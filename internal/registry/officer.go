package registry

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"regexp"
	"slices"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/store"
	"zfjd/internal/textcheck"
)

// Officer is a certified enforcement officer (持证执法人员) and the
// certificate (行政执法证) that makes them one.
type Officer struct {
	CertNo         string        `json:"cert_no"`
	Name           string        `json:"name"`
	IDNumber       string        `json:"-"` // personal data: never on the wire or public pages
	AgencyCode     string        `json:"agency_code"`
	AgencyName     string        `json:"agency_name,omitempty"`
	RegionCode     string        `json:"region_code"`
	Domain         string        `json:"domain,omitempty"`
	CertValidFrom  string        `json:"cert_valid_from"`
	CertValidTo    string        `json:"cert_valid_to"`
	CertStatus     string        `json:"cert_status"`
	StatusReason   string        `json:"status_reason,omitempty"`
	StatusSince    string        `json:"status_since,omitempty"` // day cert_status took effect; "" unknown
	ExamScore      *int          `json:"exam_score,omitempty"`
	ExamDate       string        `json:"exam_date,omitempty"`
	OathDate       string        `json:"oath_date,omitempty"`
	Qualifications []string      `json:"qualifications"`
	Years          []OfficerYear `json:"years,omitempty"`
	State          string        `json:"state"` // cert_status, or expired/pending by the dates
	VerifyID       string        `json:"-"`
	UpdatedAt      int64         `json:"-"`
	// PrivateHidden: the reader may not see the 身份证号 and exam score;
	// IDNumber holds MaskIDNumber of it and ExamScore is nil (maskFor).
	PrivateHidden bool `json:"-"`
}

// OfficerYear is one year's 年审 result and training hours.
type OfficerYear struct {
	Year          int    `json:"year"`
	TrainingHours int    `json:"training_hours"`
	ReviewResult  string `json:"review_result,omitempty"` // pass / fail / ""
}

// ReviewLabel is the 年审 result in Chinese.
func (y OfficerYear) ReviewLabel() string {
	if y.ReviewResult == "" {
		return "未年审"
	}
	return LabelOf(ReviewResults, y.ReviewResult)
}

// Target is where the officer lives for access rules.
func (o *Officer) Target() auth.Target {
	return auth.Target{Region: o.RegionCode, Agencies: []string{o.AgencyCode}}
}

// StateOn is the certificate's state on a civil date: its recorded status,
// or, while recorded valid, expired after valid_to and pending before valid_from.
func (o *Officer) StateOn(day string) string {
	switch {
	case o.CertStatus != "valid":
		return o.CertStatus
	case day > o.CertValidTo:
		return "expired"
	case day < o.CertValidFrom:
		return "pending"
	}
	return "valid"
}

// StateLabel is the current state in Chinese (已暂扣, 已过期 ...).
func (o *Officer) StateLabel() string { return LabelOf(CertStates, o.State) }

// HasQualification reports whether the officer holds q.
func (o *Officer) HasQualification(q string) bool { return slices.Contains(o.Qualifications, q) }

// QualificationLabels lists the qualifications in Chinese.
func (o *Officer) QualificationLabels() []string {
	var out []string
	for _, q := range o.Qualifications {
		out = append(out, LabelOf(Qualification, q))
	}
	return out
}

var certNoRe = regexp.MustCompile(`^[0-9A-Za-z-]{4,32}$`)

func (o *Officer) normalize() error {
	f := apperr.Fields{}
	o.CertNo = strings.TrimSpace(o.CertNo)
	if !certNoRe.MatchString(o.CertNo) {
		f.Set("cert_no", "执法证号应为4至32位字母、数字或连字符")
	}
	if o.Name = strings.TrimSpace(o.Name); o.Name == "" {
		f.Set("name", "请填写姓名")
	} else if len([]rune(o.Name)) > 40 {
		f.Set("name", "姓名不能超过40个字")
	}
	if o.IDNumber = ident.NormalizeIDCard(o.IDNumber); o.IDNumber != "" && !isMaskedID(o.IDNumber) {
		if err := ident.ValidateIDCard(o.IDNumber); err != nil {
			f.Set("id_number", err.Error())
		}
	}
	o.AgencyCode = ident.NormalizeUSCC(o.AgencyCode)
	if o.AgencyCode == "" {
		f.Set("agency_code", "请选择所属执法主体")
	}
	switch {
	case strings.TrimSpace(o.CertValidFrom) == "":
		f.Set("cert_valid_from", "请填写证件有效期起始日期")
	case !validDate(o.CertValidFrom):
		f.Set("cert_valid_from", "证件有效期起始日期格式应为YYYY-MM-DD")
	}
	switch {
	case strings.TrimSpace(o.CertValidTo) == "":
		f.Set("cert_valid_to", "请填写证件有效期截止日期")
	case !validDate(o.CertValidTo):
		f.Set("cert_valid_to", "证件有效期截止日期格式应为YYYY-MM-DD")
	case validDate(o.CertValidFrom) && o.CertValidTo < o.CertValidFrom:
		f.Set("cert_valid_to", "证件有效期截止日期不能早于起始日期")
	}
	if o.CertStatus == "" {
		o.CertStatus = "valid"
	}
	if !isOption(CertStatus, o.CertStatus) {
		f.Set("cert_status", OneOf("证件状态", CertStatus))
	}
	if o.StatusSince != "" && !validDate(o.StatusSince) {
		f.Set("status_since", "状态起始日期不是有效日期（YYYY-MM-DD）")
	}
	if o.ExamScore != nil && (*o.ExamScore < 0 || *o.ExamScore > 100) {
		f.Set("exam_score", "考试成绩应在0至100分之间")
	}
	for _, d := range []struct{ path, v, label string }{{"exam_date", o.ExamDate, "考试日期"}, {"oath_date", o.OathDate, "宣誓日期"}} {
		if d.v != "" && !validDate(d.v) {
			f.Set(d.path, d.label+"格式应为YYYY-MM-DD")
		}
	}
	seen := map[string]bool{}
	var qs []string
	for _, q := range o.Qualifications {
		if !isOption(Qualification, q) {
			f.Set("qualifications", OneOf("资格", Qualification))
		} else if !seen[q] {
			seen[q] = true
			qs = append(qs, q)
		}
	}
	slices.Sort(qs)
	o.Qualifications = qs
	o.Domain = strings.TrimSpace(o.Domain)
	o.StatusReason = strings.TrimSpace(o.StatusReason)
	textcheck.CheckText(f, "name", o.Name, 40)
	textcheck.CheckText(f, "domain", o.Domain, 50)
	textcheck.CheckText(f, "status_reason", o.StatusReason, textcheck.Short)
	return f.Err()
}

const officerCols = `o.cert_no, o.name, o.id_number, o.agency_code, COALESCE(a.name, ''), o.region_code, o.domain,
	o.cert_valid_from, o.cert_valid_to, o.cert_status, o.status_reason, o.status_since, o.exam_score, o.exam_date, o.oath_date,
	o.hearing_host, o.legal_review, o.supervision, o.verify_id, o.updated_at`

const officerFrom = ` FROM officers o LEFT JOIN agencies a ON a.code = o.agency_code`

// scanOfficer reads one officer and derives its state on today (YYYY-MM-DD).
func scanOfficer(row interface{ Scan(...any) error }, today string) (*Officer, error) {
	var o Officer
	var score, hh, lr, sv int
	err := row.Scan(&o.CertNo, &o.Name, &o.IDNumber, &o.AgencyCode, &o.AgencyName, &o.RegionCode, &o.Domain,
		&o.CertValidFrom, &o.CertValidTo, &o.CertStatus, &o.StatusReason, &o.StatusSince, &score, &o.ExamDate, &o.OathDate,
		&hh, &lr, &sv, &o.VerifyID, &o.UpdatedAt)
	if err != nil {
		return nil, err
	}
	if score >= 0 {
		o.ExamScore = &score
	}
	o.Qualifications = []string{}
	for _, q := range []struct {
		on   int
		name string
	}{{hh, "hearing_host"}, {lr, "legal_review"}, {sv, "supervision"}} {
		if q.on != 0 {
			o.Qualifications = append(o.Qualifications, q.name)
		}
	}
	o.State = o.StateOn(today)
	return &o, nil
}

func getOfficer(ctx context.Context, q store.Querier, where string, arg any) (*Officer, error) {
	o, err := scanOfficer(q.QueryRowContext(ctx, `SELECT `+officerCols+officerFrom+` WHERE `+where, arg), clock.TodayString(ctx))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("执法人员")
	}
	return o, err
}

// GetOfficer loads an officer p may see, with its yearly records; the
// 身份证号 and exam score are masked unless p may see them (maskFor).
func GetOfficer(ctx context.Context, db *store.DB, p *auth.Principal, certNo string) (*Officer, error) {
	o, err := getOfficer(ctx, db.R, "o.cert_no = $1", certNo)
	if err != nil {
		return nil, err
	}
	if !auth.CanSee(p, o.Target()) {
		return nil, apperr.NotFoundf("执法人员")
	}
	o.maskFor(p)
	o.Years, err = officerYears(ctx, db.R, certNo)
	return o, err
}

// officerByVerifyID is for the public verification page only: anonymous,
// so the personal data is masked.
func officerByVerifyID(ctx context.Context, db *store.DB, id string) (*Officer, error) {
	o, err := getOfficer(ctx, db.R, "o.verify_id = $1", id)
	if err == nil {
		o.maskFor(nil)
	}
	return o, err
}

// maskFor hides the officer's 身份证号 and exam score from p unless
// auth.CanSeeOfficerPrivate allows them (the certificate authority and the
// officer's agency admin). Every read function that hands officers out of
// this package calls it, so no page or API answer can show more.
func (o *Officer) maskFor(p *auth.Principal) {
	if auth.CanSeeOfficerPrivate(p, o.Target()) {
		return
	}
	o.IDNumber, o.ExamScore, o.PrivateHidden = MaskIDNumber(o.IDNumber), nil, true
}

// MaskIDNumber shows a 身份证号 as its first two and last two characters,
// 37**************1X: enough to tell that one is on file and to tell two
// apart, not enough to use. "" stays "".
func MaskIDNumber(id string) string {
	if id == "" {
		return ""
	}
	if len(id) <= 4 {
		return strings.Repeat("*", len(id))
	}
	return id[:2] + strings.Repeat("*", len(id)-4) + id[len(id)-2:]
}

func isMaskedID(s string) bool { return strings.Contains(s, "*") }

// keepMaskedID puts back the stored 身份证号 when a form sends the masked
// value it was shown unchanged; any other masked value is refused.
func (o *Officer) keepMaskedID(old *Officer) error {
	if !isMaskedID(o.IDNumber) {
		return nil
	}
	if old != nil && MaskIDNumber(old.IDNumber) == o.IDNumber {
		o.IDNumber = old.IDNumber
		return nil
	}
	msg := "身份证号应为18位，不能含“*”"
	return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{"id_number": msg}}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// PutOfficer creates or replaces the officer o.CertNo. Its region is its agency's.
func PutOfficer(ctx context.Context, db *store.DB, p *auth.Principal, o *Officer) (created bool, err error) {
	if err := o.normalize(); err != nil {
		return false, err
	}
	err = db.UpsertTx(ctx, func(tx *sql.Tx) error {
		created, err = putOfficer(ctx, tx, p, o)
		return err
	})
	return created, err
}

// putOfficer writes o for p. Everything that depends only on p and the
// body is checked before the officer is looked up, and an officer outside
// p's scope meets the same refusal as a new one p may not create
// (keyspace.go).
func putOfficer(ctx context.Context, tx *sql.Tx, p *auth.Principal, o *Officer) (bool, error) {
	ag, err := refAgency(ctx, tx, p, o.AgencyCode, "agency_code", "执法主体")
	if err != nil {
		return false, err
	}
	if ag.Kind != "enforcement" {
		return false, &apperr.Error{Code: apperr.Invalid, Message: "执法人员只能隶属于执法主体", Fields: apperr.Fields{"agency_code": "该机关不是执法主体"}}
	}
	o.RegionCode, o.AgencyName = ag.RegionCode, ag.Name
	if !auth.CanChange(p, auth.KindOfficer, o.Target()) {
		return false, apperr.New(apperr.Forbidden, "无权维护该执法主体的执法人员")
	}
	old, err := getOfficer(ctx, tx, "o.cert_no = $1", o.CertNo)
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return false, err
	}
	if old == nil || !auth.CanChange(p, auth.KindOfficer, old.Target()) {
		// Creating, or taking over from elsewhere: the number must be one
		// issued on the agency's line.
		if !seesAll(p) {
			if err := checkKey(ctx, tx, o.CertNo, o.RegionCode, "cert_no", "执法证号", false); err != nil {
				return false, err
			}
		}
		if old != nil {
			return false, apperr.New(apperr.Forbidden, "无权修改该执法人员")
		}
	}
	if err := o.keepMaskedID(old); err != nil {
		return false, err
	}
	if old != nil && o.ExamScore == nil && !auth.CanSeeOfficerPrivate(p, old.Target()) {
		// The form showed no score to a writer who may not read it; an
		// empty field is not an order to erase it.
		o.ExamScore = old.ExamScore
	}
	now := clock.Millis(ctx)
	score := -1
	if o.ExamScore != nil {
		score = *o.ExamScore
	}
	if old == nil {
		o.VerifyID = newVerifyID()
		_, err = tx.ExecContext(ctx, `INSERT INTO officers (cert_no, name, id_number, agency_code, region_code, domain, cert_valid_from,
			cert_valid_to, cert_status, status_reason, exam_score, exam_date, oath_date, hearing_host, legal_review, supervision, verify_id,
			created_at, updated_at, status_since) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$18,$19)`,
			o.CertNo, o.Name, o.IDNumber, o.AgencyCode, o.RegionCode, o.Domain, o.CertValidFrom, o.CertValidTo, o.CertStatus,
			o.StatusReason, score, o.ExamDate, o.OathDate, b2i(o.HasQualification("hearing_host")),
			b2i(o.HasQualification("legal_review")), b2i(o.HasQualification("supervision")), o.VerifyID, now, o.StatusSince)
		if err != nil {
			return false, err
		}
		o.State = o.StateOn(clock.TodayString(ctx))
		return true, audit.Record(ctx, tx, p, "create", "officer", o.CertNo, o.RegionCode, nil, o)
	}
	o.VerifyID, o.UpdatedAt, o.State = old.VerifyID, old.UpdatedAt, o.StateOn(clock.TodayString(ctx))
	if o.CertStatus == old.CertStatus && o.StatusReason == "" {
		o.StatusReason = old.StatusReason
	}
	// A status pushed without its effective day is "since unknown": the
	// case rules then treat the certificate as invalid on every day.
	if o.CertStatus == old.CertStatus && o.StatusSince == "" {
		o.StatusSince = old.StatusSince
	}
	if sameOfficer(old, o) {
		return false, nil
	}
	_, err = tx.ExecContext(ctx, `UPDATE officers SET name=$2, id_number=$3, agency_code=$4, region_code=$5, domain=$6, cert_valid_from=$7,
		cert_valid_to=$8, cert_status=$9, status_reason=$10, exam_score=$11, exam_date=$12, oath_date=$13, hearing_host=$14,
		legal_review=$15, supervision=$16, updated_at=$17, status_since=$18 WHERE cert_no=$1`,
		o.CertNo, o.Name, o.IDNumber, o.AgencyCode, o.RegionCode, o.Domain, o.CertValidFrom, o.CertValidTo, o.CertStatus,
		o.StatusReason, score, o.ExamDate, o.OathDate, b2i(o.HasQualification("hearing_host")),
		b2i(o.HasQualification("legal_review")), b2i(o.HasQualification("supervision")), now, o.StatusSince)
	if err != nil {
		return false, err
	}
	return false, audit.Record(ctx, tx, p, "update", "officer", o.CertNo, o.RegionCode, old, o)
}

func sameOfficer(a, b *Officer) bool {
	sa, sb := -1, -1
	if a.ExamScore != nil {
		sa = *a.ExamScore
	}
	if b.ExamScore != nil {
		sb = *b.ExamScore
	}
	return a.Name == b.Name && a.IDNumber == b.IDNumber && a.AgencyCode == b.AgencyCode && a.Domain == b.Domain &&
		a.CertValidFrom == b.CertValidFrom && a.CertValidTo == b.CertValidTo && a.CertStatus == b.CertStatus &&
		a.StatusReason == b.StatusReason && a.StatusSince == b.StatusSince && sa == sb && a.ExamDate == b.ExamDate && a.OathDate == b.OathDate &&
		slices.Equal(a.Qualifications, b.Qualifications)
}

func newVerifyID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// SetCertStatus suspends (暂扣), revokes (吊销), cancels (注销) or restores a
// certificate. The verification page reads it live, so it shows at once.
func SetCertStatus(ctx context.Context, db *store.DB, p *auth.Principal, certNo, status, reason string) error {
	if !isOption(CertStatus, status) {
		return &apperr.Error{Code: apperr.Invalid, Message: "证件状态无效", Fields: apperr.Fields{"cert_status": "证件状态无效"}}
	}
	reason = strings.TrimSpace(reason)
	if status != "valid" && reason == "" {
		return &apperr.Error{Code: apperr.Invalid, Message: "请填写暂扣、吊销或注销的理由", Fields: apperr.Fields{"reason": "请填写理由"}}
	}
	if f := (apperr.Fields{}); !textcheck.CheckText(f, "reason", reason, textcheck.Short) {
		return f.Err()
	}
	return db.Tx(ctx, func(tx *sql.Tx) error { return SetCertStatusTx(ctx, tx, p, certNo, status, reason) })
}

// SetCertStatusTx is SetCertStatus's change inside the caller's
// transaction (status and reason already checked), for a decision that
// changes the certificate together with its own record (a 红牌's proposal
// accepted by the certificate authority, issue 8).
func SetCertStatusTx(ctx context.Context, tx *sql.Tx, p *auth.Principal, certNo, status, reason string) error {
	old, err := getOfficer(ctx, tx, "o.cert_no = $1", certNo)
	if err != nil || !auth.CanSee(p, old.Target()) {
		return apperr.NotFoundf("执法人员")
	}
	if !auth.CanChange(p, auth.KindOfficer, old.Target()) {
		return apperr.New(apperr.Forbidden, "无权变更该执法证状态")
	}
	if old.CertStatus == status {
		return &apperr.Error{Code: apperr.Invalid, Message: "执法证已是该状态", Fields: apperr.Fields{"cert_status": "执法证已是该状态"}}
	}
	// The change takes effect today: acts done before stay lawful (处罚法 Art. 42).
	if _, err := tx.ExecContext(ctx, `UPDATE officers SET cert_status = $1, status_reason = $2, updated_at = $3, status_since = $5
		WHERE cert_no = $4`, status, reason, clock.Millis(ctx), certNo, clock.TodayString(ctx)); err != nil {
		return err
	}
	after := map[string]string{"cert_status": status, "status_reason": reason}
	return audit.Record(ctx, tx, p, "status", "officer", certNo, old.RegionCode,
		map[string]string{"cert_status": old.CertStatus, "status_reason": old.StatusReason}, after)
}

func officerYears(ctx context.Context, q store.Querier, certNo string) ([]OfficerYear, error) {
	rows, err := q.QueryContext(ctx, `SELECT y.year, y.training_hours, y.review_result FROM officer_years y
		JOIN officers o ON o.id = y.officer_id WHERE o.cert_no = $1 ORDER BY y.year DESC`, certNo)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OfficerYear
	for rows.Next() {
		var y OfficerYear
		if err := rows.Scan(&y.Year, &y.TrainingHours, &y.ReviewResult); err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	return out, rows.Err()
}

// PutOfficerYear records a year's training hours and 年审 result.
func PutOfficerYear(ctx context.Context, db *store.DB, p *auth.Principal, certNo string, y OfficerYear) error {
	f := apperr.Fields{}
	if y.Year < 1990 || y.Year > clock.Now(ctx).In(clock.Shanghai).Year() {
		f.Set("year", "年度应为1990年至今年之间的四位年份")
	}
	if y.TrainingHours < 0 || y.TrainingHours > 2000 {
		f.Set("training_hours", "培训学时应在0至2000之间")
	}
	if y.ReviewResult != "" && !isOption(ReviewResults, y.ReviewResult) {
		f.Set("review_result", "年审结果应为合格或不合格")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return db.Tx(ctx, func(tx *sql.Tx) error {
		o, err := getOfficer(ctx, tx, "o.cert_no = $1", certNo)
		if err != nil || !auth.CanSee(p, o.Target()) {
			return apperr.NotFoundf("执法人员")
		}
		if !auth.CanChange(p, auth.KindOfficer, o.Target()) {
			return apperr.New(apperr.Forbidden, "无权维护该执法人员")
		}
		// The audit row must show the year it replaces (nil: there was none).
		var before *OfficerYear
		var old OfficerYear
		err = tx.QueryRowContext(ctx, `SELECT y.year, y.training_hours, y.review_result FROM officer_years y
			JOIN officers o ON o.id = y.officer_id WHERE o.cert_no = $1 AND y.year = $2`, certNo, y.Year).
			Scan(&old.Year, &old.TrainingHours, &old.ReviewResult)
		switch {
		case err == nil:
			before = &old
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO officer_years (officer_id, year, training_hours, review_result)
			SELECT id, $2, $3, $4 FROM officers WHERE cert_no = $1
			ON CONFLICT (officer_id, year) DO UPDATE SET training_hours = excluded.training_hours, review_result = excluded.review_result`,
			certNo, y.Year, y.TrainingHours, y.ReviewResult); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "update", "officer_year", certNo, o.RegionCode, before, y)
	})
}
