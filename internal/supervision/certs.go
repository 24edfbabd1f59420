package supervision

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"unicode/utf8"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/law"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// 行政执法监督证 (山东省行政执法监督条例 Art. 22): 行政执法监督工作人员应当持有
// 省人民政府统一颁发的行政执法监督证件. The body a holder works for (its
// region) registers the certificate the province issued, suspends (暂扣)
// or restores it, and cancels (注销) it for good; a measure of a supervision
// case names its supervisors by these numbers (checkSupervisors).

// CertIssuer is who issues every certificate (Art. 22: 省人民政府统一颁发).
const CertIssuer = "山东省人民政府"

// Certificate statuses.
const (
	CertValid     = "valid"
	CertSuspended = "suspended"
	CertCancelled = "cancelled"
)

// CertStatuses names the statuses in Chinese.
var CertStatuses = []struct{ Value, Label string }{{CertValid, "有效"}, {CertSuspended, "暂扣"}, {CertCancelled, "注销"}}

// Cert is one registered 行政执法监督证.
type Cert struct {
	ID           int64  `json:"id"`
	CertNo       string `json:"cert_no"`
	HolderName   string `json:"holder_name"`
	Username     string `json:"username,omitempty"`
	RegionCode   string `json:"region_code"`
	BodyName     string `json:"body_name"`
	Issuer       string `json:"issuer"`
	ValidFrom    string `json:"valid_from"`
	ValidTo      string `json:"valid_to"`
	Status       string `json:"status"`
	StatusReason string `json:"status_reason,omitempty"`
	accountID    int64
}

// ValidOn reports whether the certificate may be used on day (YYYY-MM-DD).
func (c *Cert) ValidOn(day string) bool {
	return c.Status == CertValid && c.ValidFrom <= day && day <= c.ValidTo
}

// StatusLabel is the status in Chinese, 已过期 for a valid one past its term.
func (c *Cert) StatusLabel(today string) string {
	if c.Status == CertValid && (today < c.ValidFrom || today > c.ValidTo) {
		return "不在有效期内"
	}
	return label(CertStatuses, c.Status)
}

// CertInput is what adding or editing a certificate takes. Status is
// valid or suspended (注销 is RevokeCert).
type CertInput struct {
	CertNo     string `json:"cert_no"`
	HolderName string `json:"holder_name"`
	Username   string `json:"username"`
	RegionCode string `json:"region_code"`
	ValidFrom  string `json:"valid_from"`
	ValidTo    string `json:"valid_to"`
	Status     string `json:"status"`
	Reason     string `json:"status_reason"`
}

var certNoRe = regexp.MustCompile(`^[0-9A-Za-z\-]{4,30}$`)

func (in *CertInput) check(adding bool) apperr.Fields {
	in.CertNo, in.HolderName, in.Username, in.RegionCode = clean(in.CertNo), clean(in.HolderName), clean(in.Username), clean(in.RegionCode)
	in.Reason = clean(in.Reason)
	bad := apperr.Fields{}
	if adding && !certNoRe.MatchString(in.CertNo) {
		bad.Set("cert_no", "监督证号应为4至30位字母、数字或连字符")
	}
	if in.HolderName == "" {
		bad.Set("holder_name", "请填写持证人姓名")
	} else if utf8.RuneCountInString(in.HolderName) > 40 {
		bad.Set("holder_name", "持证人姓名不能超过40字")
	}
	if adding && ident.ValidateRegionCode(in.RegionCode) != nil {
		bad.Set("region_code", "发证登记的监督机构所在区划代码无效")
	}
	f, err1 := law.ParseDate(in.ValidFrom)
	t, err2 := law.ParseDate(in.ValidTo)
	switch {
	case err1 != nil:
		bad.Set("valid_from", "有效期起始日期格式应为 YYYY-MM-DD")
	case err2 != nil:
		bad.Set("valid_to", "有效期截止日期格式应为 YYYY-MM-DD")
	case !t.After(f):
		bad.Set("valid_to", "有效期截止日期应晚于起始日期")
	}
	if in.Status == "" {
		in.Status = CertValid
	}
	if in.Status != CertValid && in.Status != CertSuspended {
		bad.Set("status", "证件状态应为 valid（有效）或 suspended（暂扣）；注销请使用“注销”")
	}
	if in.Status == CertSuspended && in.Reason == "" {
		bad.Set("status_reason", "暂扣证件请填写原因")
	}
	if utf8.RuneCountInString(in.Reason) > 200 {
		bad.Set("status_reason", "原因不能超过200字")
	}
	return bad
}

const certCols = `s.id, s.cert_no, s.holder_name, s.account_id, COALESCE(a.username, ''), s.region_code,
	COALESCE((SELECT MIN(g.name) FROM agencies g WHERE g.kind = 'supervision' AND g.region_code = s.region_code), ''),
	s.issuer, s.valid_from, s.valid_to, s.status, s.status_reason`

const certFrom = ` FROM supervision_certs s LEFT JOIN accounts a ON a.id = s.account_id AND s.account_id <> 0`

func scanCert(row interface{ Scan(...any) error }) (*Cert, error) {
	c := &Cert{}
	err := row.Scan(&c.ID, &c.CertNo, &c.HolderName, &c.accountID, &c.Username, &c.RegionCode, &c.BodyName, &c.Issuer,
		&c.ValidFrom, &c.ValidTo, &c.Status, &c.StatusReason)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("行政执法监督证")
	}
	return c, err
}

// canManageCerts: supervision of the region (the body, or one above it).
func canManageCerts(p *auth.Principal, region string) bool {
	return auth.IsSupervisionOf(p, auth.Target{Region: region})
}

// CertFilter narrows the register.
type CertFilter struct{ Q, Status, RegionCode string }

// Certs lists the certificates of p's region subtree (supervision only).
func (s *Service) Certs(ctx context.Context, p *auth.Principal, f CertFilter, pg *registry.Page) ([]*Cert, error) {
	if p == nil || !canManageCerts(p, p.Region) {
		return nil, apperr.New(apperr.Forbidden, "行政执法监督证由行政执法监督机构管理")
	}
	w := &store.Where{}
	auth.FilterRegion(p, w, "s.region_code")
	if f.RegionCode != "" {
		if ident.ValidateRegionCode(f.RegionCode) != nil {
			return nil, &apperr.Error{Code: apperr.Invalid, Message: "区划代码无效", Fields: apperr.Fields{"region_code": "区划代码无效"}}
		}
		prefix := ident.RegionPrefix(f.RegionCode)
		w.Add("s.region_code >= ? AND s.region_code < ?", prefix, ident.PrefixEnd(prefix))
	}
	if f.Status != "" {
		w.Add("s.status = ?", f.Status)
	}
	if q := clean(f.Q); q != "" {
		w.Add("(s.cert_no = ? OR s.holder_name = ?)", q, q)
	}
	pg.Normalize()
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM supervision_certs s`+w.SQL(), w.Args...).Scan(&pg.Total); err != nil {
		return nil, err
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+certCols+certFrom+w.SQL()+` ORDER BY s.region_code, s.cert_no LIMIT `+
		w.Arg(pg.Size)+` OFFSET `+w.Arg(pg.Offset()), w.Args...)
	if err != nil {
		return nil, err
	}
	return collectCerts(rows)
}

func collectCerts(rows *sql.Rows) ([]*Cert, error) {
	defer rows.Close()
	out := []*Cert{}
	for rows.Next() {
		c, err := scanCert(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Cert returns certificate id if p manages it.
func (s *Service) Cert(ctx context.Context, p *auth.Principal, id int64) (*Cert, error) {
	c, err := scanCert(s.db.R.QueryRowContext(ctx, `SELECT `+certCols+certFrom+` WHERE s.id = $1`, id))
	if err != nil {
		return nil, err
	}
	if !canManageCerts(p, c.RegionCode) {
		return nil, apperr.NotFoundf("行政执法监督证")
	}
	return c, nil
}

// account resolves a holder's login to a supervisor account of the body's region.
func account(ctx context.Context, tx *sql.Tx, username, region string) (int64, error) {
	if username == "" {
		return 0, nil
	}
	var id int64
	var r, agency string
	err := tx.QueryRowContext(ctx, `SELECT id, region_code, agency_code FROM accounts WHERE username = $1 AND role = 'supervisor'`, username).
		Scan(&id, &r, &agency)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && (r != region || agency != "")) {
		return 0, &apperr.Error{Code: apperr.Invalid, Message: "账号不是该监督机构的工作人员账号",
			Fields: apperr.Fields{"username": "应为登记机构所在区划的行政执法监督人员账号（可不填）"}}
	}
	return id, err
}

// AddCert registers a certificate for the body of in.RegionCode.
func (s *Service) AddCert(ctx context.Context, p *auth.Principal, in CertInput) (*Cert, error) {
	if err := in.check(true).Err(); err != nil {
		return nil, err
	}
	if !canManageCerts(p, in.RegionCode) {
		return nil, apperr.New(apperr.Forbidden, "只能登记本辖区行政执法监督机构工作人员的监督证")
	}
	var id int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM supervision_certs WHERE cert_no = $1`, in.CertNo).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &apperr.Error{Code: apperr.Invalid, Message: "监督证号已登记", Fields: apperr.Fields{"cert_no": "该监督证号已登记"}}
		}
		acc, err := account(ctx, tx, in.Username, in.RegionCode)
		if err != nil {
			return err
		}
		now := clock.Millis(ctx)
		if err := tx.QueryRowContext(ctx, `INSERT INTO supervision_certs (cert_no, holder_name, account_id, region_code, issuer, valid_from,
			valid_to, status, status_reason, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$10) RETURNING id`,
			in.CertNo, in.HolderName, acc, in.RegionCode, CertIssuer, in.ValidFrom, in.ValidTo, in.Status, in.Reason, now).Scan(&id); err != nil {
			if store.IsUniqueViolation(err) {
				return &apperr.Error{Code: apperr.Invalid, Message: "监督证号已登记", Fields: apperr.Fields{"cert_no": "该监督证号已登记"}}
			}
			return err
		}
		return audit.Record(ctx, tx, p, "add", "supervision_cert", in.CertNo, in.RegionCode, nil, in)
	})
	if err != nil {
		return nil, err
	}
	return s.Cert(ctx, p, id)
}

// EditCert changes a certificate's holder, term or status (有效/暂扣); a
// cancelled one is not edited.
func (s *Service) EditCert(ctx context.Context, p *auth.Principal, id int64, in CertInput) (*Cert, error) {
	old, err := s.Cert(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if err := in.check(false).Err(); err != nil {
		return nil, err
	}
	if old.Status == CertCancelled {
		return nil, apperr.New(apperr.Conflict, "证件已注销，不能再修改")
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		acc, err := account(ctx, tx, in.Username, old.RegionCode)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE supervision_certs SET holder_name = $2, account_id = $3, valid_from = $4, valid_to = $5,
			status = $6, status_reason = $7, updated_at = $8, version = version + 1 WHERE id = $1`, id, in.HolderName, acc, in.ValidFrom, in.ValidTo, in.Status,
			in.Reason, clock.Millis(ctx)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "edit", "supervision_cert", old.CertNo, old.RegionCode, old, in)
	})
	if err != nil {
		return nil, err
	}
	return s.Cert(ctx, p, id)
}

// RevokeCert cancels (注销) a certificate for good, with the reason.
func (s *Service) RevokeCert(ctx context.Context, p *auth.Principal, id int64, reason string) (*Cert, error) {
	old, err := s.Cert(ctx, p, id)
	if err != nil {
		return nil, err
	}
	reason = clean(reason)
	switch {
	case reason == "":
		return nil, &apperr.Error{Code: apperr.Invalid, Message: "请填写注销原因", Fields: apperr.Fields{"status_reason": "请填写注销原因"}}
	case utf8.RuneCountInString(reason) > 200:
		return nil, &apperr.Error{Code: apperr.Invalid, Message: "原因过长", Fields: apperr.Fields{"status_reason": "原因不能超过200字"}}
	case old.Status == CertCancelled:
		return nil, apperr.New(apperr.Conflict, "证件已注销")
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE supervision_certs SET status = $2, status_reason = $3, updated_at = $4,
			version = version + 1 WHERE id = $1`, id, CertCancelled, reason, clock.Millis(ctx)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "revoke", "supervision_cert", old.CertNo, old.RegionCode,
			map[string]any{"status": old.Status}, map[string]any{"status": CertCancelled, "reason": reason})
	})
	if err != nil {
		return nil, err
	}
	return s.Cert(ctx, p, id)
}

// Holders are the certificates that may be named on a measure of a case
// handled by the body of region body on day: registered by that body or
// one above it (a city's staff may join a county's case), valid that day.
func Holders(ctx context.Context, q store.Querier, body, day string) ([]*Cert, error) {
	regions := []string{}
	for r := body; r != ""; r = ParentRegion(r) {
		regions = append(regions, r)
	}
	w := &store.Where{}
	in := ""
	for i, r := range regions {
		if i > 0 {
			in += ","
		}
		in += w.Arg(r)
	}
	if in == "" {
		return []*Cert{}, nil
	}
	w.Add("s.region_code IN (" + in + ")")
	w.Add("s.status = ? AND s.valid_from <= ? AND s.valid_to >= ?", CertValid, day, day)
	rows, err := q.QueryContext(ctx, `SELECT `+certCols+certFrom+w.SQL()+` ORDER BY s.region_code DESC, s.cert_no LIMIT 500`, w.Args...)
	if err != nil {
		return nil, err
	}
	return collectCerts(rows)
}

// checkSupervisors replaces the certificate numbers a measure names by the
// holders' names and numbers, refusing it (鲁条例 Art. 22) unless at least
// two distinct holders had a certificate valid on the measure's date and
// registered by the handling body or one above it.
func checkSupervisors(ctx context.Context, tx *sql.Tx, c *Case, a *Act) error {
	nos, _ := a.Data["supervisors"].([]string)
	ok, _ := Holders(ctx, tx, c.BodyRegion, a.At)
	byNo := map[string]*Cert{}
	for _, h := range ok {
		byNo[h.CertNo] = h
	}
	var names, certs, wrong []string
	for _, no := range nos {
		h := byNo[no]
		if h == nil {
			wrong = append(wrong, no)
			continue
		}
		names, certs = append(names, h.HolderName), append(certs, h.CertNo)
	}
	if len(wrong) > 0 || len(certs) < 2 {
		msg := "执行监督公务的人员不得少于两人，且应当持有省人民政府统一颁发的行政执法监督证件（《山东省行政执法监督条例》第二十二条）"
		field := "请选择两名以上持有效行政执法监督证的人员"
		if len(wrong) > 0 {
			field = "以下证号未登记、不属于本机构或在" + a.At + "无效：" + joinCN(wrong)
		}
		return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{"supervisors": field}}
	}
	a.Data["supervisors"], a.Data["supervisor_certs"] = names, certs
	return nil
}

func joinCN(xs []string) string {
	out := ""
	for i, x := range xs {
		if i > 0 {
			out += "、"
		}
		out += x
	}
	return out
}
