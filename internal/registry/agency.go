package registry

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/store"
	"zfjd/internal/textcheck"
)

// Agency is an enforcement subject (执法主体) or a supervision body (监督机构),
// identified by its 统一社会信用代码.
type Agency struct {
	Code          string `json:"code"`
	Name          string `json:"name"`
	Kind          string `json:"kind"`
	SubjectType   string `json:"subject_type,omitempty"`
	RegionCode    string `json:"region_code"`
	Domain        string `json:"domain,omitempty"`
	ParentCode    string `json:"parent_code,omitempty"`
	LegalBasis    string `json:"legal_basis,omitempty"`
	Status        string `json:"status"`
	AnnouncedOn   string `json:"announced_on,omitempty"`
	PublicityDays int    `json:"publicity_days"`
	RegionName    string `json:"region_name,omitempty"`
	UpdatedAt     int64  `json:"-"`
}

// Target is where the agency lives for access rules.
func (a *Agency) Target() auth.Target {
	return auth.Target{Region: a.RegionCode, Agencies: []string{a.Code}}
}

// KindLabel etc. are the Chinese labels shown in pages.
func (a *Agency) KindLabel() string        { return LabelOf(AgencyKinds, a.Kind) }
func (a *Agency) SubjectTypeLabel() string { return LabelOf(SubjectTypes, a.SubjectType) }
func (a *Agency) StatusLabel() string      { return LabelOf(AgencyStatus, a.Status) }

// normalize fills defaults and validates; q reads the region table.
func (a *Agency) normalize(ctx context.Context, q store.Querier) error {
	f := apperr.Fields{}
	a.Code = ident.NormalizeUSCC(a.Code)
	if err := ident.ValidateUSCC(a.Code); err != nil {
		f.Set("code", err.Error())
	}
	a.Name = strings.TrimSpace(a.Name)
	if a.Name == "" {
		f.Set("name", "请填写机关名称")
	} else if len([]rune(a.Name)) > 100 {
		f.Set("name", "机关名称不能超过100个字")
	}
	if !isOption(AgencyKinds, a.Kind) {
		f.Set("kind", "类型应为 enforcement（执法主体）或 supervision（监督机构）")
	}
	if a.SubjectType == "" && a.Kind == "enforcement" {
		a.SubjectType = "statutory"
	}
	if a.SubjectType != "" && !isOption(SubjectTypes, a.SubjectType) {
		f.Set("subject_type", "主体性质应为法定、授权或委托")
	}
	a.RegionCode = strings.TrimSpace(a.RegionCode)
	if msg := checkRegion(ctx, q, a.RegionCode); msg != "" {
		f.Set("region_code", msg)
	}
	if a.ParentCode = ident.NormalizeUSCC(a.ParentCode); a.ParentCode != "" {
		if err := ident.ValidateUSCC(a.ParentCode); err != nil {
			f.Set("parent_code", "上级机关"+err.Error())
		} else if a.ParentCode == a.Code {
			f.Set("parent_code", "上级机关不能是本机关")
		}
	}
	if a.SubjectType == "entrusted" && a.ParentCode == "" {
		f.Set("parent_code", "受委托组织须填写委托机关")
	}
	if a.Status == "" {
		a.Status = "active"
	}
	if !isOption(AgencyStatus, a.Status) {
		f.Set("status", "机关状态应为 active（正常）、suspended（暂停执法）或 revoked（已撤销）")
	}
	if a.AnnouncedOn != "" && !validDate(a.AnnouncedOn) {
		f.Set("announced_on", "公告日期格式应为YYYY-MM-DD")
	}
	if a.PublicityDays == 0 {
		a.PublicityDays = 7 // 国办发〔2018〕118号: 7 working days
	}
	if a.PublicityDays < 1 || a.PublicityDays > 60 {
		f.Set("publicity_days", "公示期限应为1至60个工作日")
	}
	a.Domain = strings.TrimSpace(a.Domain)
	a.LegalBasis = strings.TrimSpace(a.LegalBasis)
	textcheck.CheckText(f, "name", a.Name, 100)
	textcheck.CheckText(f, "domain", a.Domain, 50)
	textcheck.CheckLines(f, "legal_basis", a.LegalBasis, textcheck.Basis)
	return f.Err()
}

const agencyCols = `a.code, a.name, a.kind, a.subject_type, a.region_code, a.domain, a.parent_code, a.legal_basis,
	a.status, a.announced_on, a.publicity_days, a.updated_at, COALESCE(r.name, '')`

const agencyFrom = ` FROM agencies a LEFT JOIN regions r ON r.code = a.region_code`

func scanAgency(row interface{ Scan(...any) error }) (*Agency, error) {
	var a Agency
	err := row.Scan(&a.Code, &a.Name, &a.Kind, &a.SubjectType, &a.RegionCode, &a.Domain, &a.ParentCode, &a.LegalBasis,
		&a.Status, &a.AnnouncedOn, &a.PublicityDays, &a.UpdatedAt, &a.RegionName)
	return &a, err
}

func getAgency(ctx context.Context, q store.Querier, code string) (*Agency, error) {
	a, err := scanAgency(q.QueryRowContext(ctx, `SELECT `+agencyCols+agencyFrom+` WHERE a.code = $1`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("执法主体或监督机构")
	}
	return a, err
}

// GetAgency loads an agency p may see; anything else is not found.
func GetAgency(ctx context.Context, db *store.DB, p *auth.Principal, code string) (*Agency, error) {
	a, err := getAgency(ctx, db.R, code)
	if err != nil {
		return nil, err
	}
	if !auth.CanSee(p, a.Target()) {
		return nil, apperr.NotFoundf("执法主体或监督机构")
	}
	return a, nil
}

// PutAgency creates or replaces the agency a.Code, returning whether it was
// created. An agency outside p's scope answers as one p may not create
// (keyspace.go): the same refusal whether or not it exists.
func PutAgency(ctx context.Context, db *store.DB, p *auth.Principal, a *Agency) (created bool, err error) {
	err = db.UpsertTx(ctx, func(tx *sql.Tx) error {
		created = false // fn may run twice
		if err := a.normalize(ctx, tx); err != nil {
			return err
		}
		if !auth.CanChange(p, auth.KindAgency, a.Target()) {
			return apperr.New(apperr.Forbidden, "无权在行政区划%s维护该机关", a.RegionCode)
		}
		old, err := getAgency(ctx, tx, a.Code)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return err
		}
		if old == nil || !auth.CanChange(p, auth.KindAgency, old.Target()) {
			// Creating, or taking over from elsewhere: the code must be one
			// this region may register.
			if !seesAll(p) {
				if err := checkKey(ctx, tx, a.Code, a.RegionCode, "code", "统一社会信用代码", true); err != nil {
					return err
				}
			}
			if old != nil {
				return apperr.New(apperr.Forbidden, "无权修改该机关")
			}
		}
		now := clock.Millis(ctx)
		if old == nil {
			created = true
			_, err = tx.ExecContext(ctx, `INSERT INTO agencies (code, name, kind, subject_type, region_code, domain, parent_code, legal_basis,
				status, announced_on, publicity_days, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$12)`,
				a.Code, a.Name, a.Kind, a.SubjectType, a.RegionCode, a.Domain, a.ParentCode, a.LegalBasis,
				a.Status, a.AnnouncedOn, a.PublicityDays, now)
			if err != nil {
				return err
			}
			if err := BumpGeneration(ctx, tx); err != nil {
				return err
			}
			return audit.Record(ctx, tx, p, "create", "agency", a.Code, a.RegionCode, nil, a)
		}
		old.RegionName, a.RegionName = "", ""
		a.UpdatedAt = old.UpdatedAt
		if *old == *a {
			return nil // idempotent replay: nothing changed, nothing audited
		}
		if _, err = tx.ExecContext(ctx, `UPDATE agencies SET name=$2, kind=$3, subject_type=$4, region_code=$5, domain=$6, parent_code=$7,
			legal_basis=$8, status=$9, announced_on=$10, publicity_days=$11, updated_at=$12 WHERE code=$1`,
			a.Code, a.Name, a.Kind, a.SubjectType, a.RegionCode, a.Domain, a.ParentCode, a.LegalBasis,
			a.Status, a.AnnouncedOn, a.PublicityDays, now); err != nil {
			return err
		}
		if err := BumpGeneration(ctx, tx); err != nil {
			return err
		}
		if old.RegionCode != a.RegionCode {
			// Officers carry their agency's region for range scans.
			if _, err = tx.ExecContext(ctx, `UPDATE officers SET region_code = $1 WHERE agency_code = $2`, a.RegionCode, a.Code); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, p, "update", "agency", a.Code, a.RegionCode, old, a)
	})
	return created, err
}

// AgencyFilter narrows ListAgencies.
type AgencyFilter struct {
	Q, Kind, SubjectType, Domain, Region, Status string
	Sort                                         string // name, code, region, status, announced, -announced
	Page
}

var agencySorts = map[string]string{
	"": "a.region_code, a.name", "name": "a.name", "code": "a.code", "region": "a.region_code, a.name", "-announced": "a.announced_on DESC, a.name",
	"announced": "a.announced_on, a.name", "status": "a.status, a.region_code, a.name",
}

// ListAgencies lists agencies inside p's scope.
func ListAgencies(ctx context.Context, db *store.DB, p *auth.Principal, f *AgencyFilter) ([]*Agency, error) {
	var w store.Where
	auth.FilterAgencies(p, &w, "a.region_code", "a.code")
	return listAgencies(ctx, db, &w, f)
}

// ListPublicAgencies lists active enforcement subjects, as 主体公告 shows them.
func ListPublicAgencies(ctx context.Context, db *store.DB, f *AgencyFilter) ([]*Agency, error) {
	var w store.Where
	w.Add("a.kind = 'enforcement' AND a.status = 'active'")
	return listAgencies(ctx, db, &w, f)
}

func listAgencies(ctx context.Context, db *store.DB, w *store.Where, f *AgencyFilter) ([]*Agency, error) {
	f.Normalize()
	if f.Q = store.SearchTerm(f.Q); f.Q != "" {
		w.Add("(a.name LIKE ? ESCAPE '\\' OR a.code = ?)", store.Like(f.Q), strings.ToUpper(f.Q))
	}
	if f.Kind != "" {
		w.Add("a.kind = ?", f.Kind)
	}
	if f.SubjectType != "" {
		w.Add("a.subject_type = ?", f.SubjectType)
	}
	if f.Domain != "" {
		w.Add("a.domain = ?", f.Domain)
	}
	if f.Status != "" {
		w.Add("a.status = ?", f.Status)
	}
	if prefix := ident.RegionPrefix(f.Region); prefix != "" {
		w.Add("a.region_code >= ? AND a.region_code < ?", prefix, ident.PrefixEnd(prefix))
	}
	order, ok := agencySorts[f.Sort]
	if !ok {
		order = agencySorts[""]
	}
	if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM agencies a`+w.SQL(), w.Args...).Scan(&f.Total); err != nil {
		return nil, err
	}
	rows, err := db.R.QueryContext(ctx, `SELECT `+agencyCols+agencyFrom+w.SQL()+` ORDER BY `+order+`, a.code LIMIT `+
		w.Arg(f.Size)+` OFFSET `+w.Arg(f.Offset()), w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Agency
	for rows.Next() {
		a, err := scanAgency(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AgencyChoices lists every agency in p's scope (enforcement subjects and
// supervision bodies), for form selects and code → name lookups.
func AgencyChoices(ctx context.Context, db *store.DB, p *auth.Principal) ([]*Agency, error) {
	f := &AgencyFilter{Page: Page{Size: 200}}
	var out []*Agency
	for f.Page.Page = 1; ; f.Page.Page++ {
		list, err := ListAgencies(ctx, db, p, f)
		if err != nil {
			return nil, err
		}
		out = append(out, list...)
		if f.Page.Page >= f.Pages() {
			return out, nil
		}
	}
}
