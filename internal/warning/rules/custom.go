package rules

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/textcheck"
)

// Custom is one custom rule (监督机构自定义规则) at one version.
type Custom struct {
	Code       string `json:"code"`
	Name       string `json:"name"`
	RegionCode string `json:"region_code"`
	Kind       string `json:"kind"` // case | inspection | complaint
	Severity   string `json:"severity"`
	Basis      string `json:"basis"`
	Expression string `json:"expression"`
	Enabled    bool   `json:"enabled"`
	Version    int64  `json:"version"`
	UpdatedAt  int64  `json:"updated_at"`
	UpdatedBy  string `json:"updated_by"`
	// Applied: the re-evaluation of the region's existing cases is done
	// for this version (the job's progress).
	Applied bool `json:"applied"`

	prg *Program
}

// CustomBody is the PUT body of §2.
type CustomBody struct {
	Name       *string `json:"name"`
	RegionCode *string `json:"region_code"`
	Severity   *string `json:"severity"`
	Expression *string `json:"expression"`
	Kind       *string `json:"kind"`
	Basis      *string `json:"basis"`
	Enabled    *bool   `json:"enabled"`
}

var codeRE = regexp.MustCompile(`^[A-Z][A-Z0-9_]{2,47}$`)

// Service holds the rule settings and custom rules.
type Service struct {
	db    *store.DB
	cases *cases.Service
	cal   cases.CalendarFunc

	mu     sync.Mutex
	epoch  int64
	loaded bool
	active []*Custom // enabled, compiled
}

// New builds the service and installs its custom rules in the case
// judgement of cs.
func New(db *store.DB, cs *cases.Service, cal cases.CalendarFunc) *Service {
	s := &Service{db: db, cases: cs, cal: cal}
	if cs != nil {
		cs.SetCustomRules(s.hook)
	}
	return s
}

func (s *Service) checkBody(ctx context.Context, code string, b *CustomBody) (*Custom, error) {
	f := apperr.Fields{}
	if !codeRE.MatchString(code) {
		f.Set("code", "规则代码应以大写字母开头，由3至48位大写字母、数字或下划线组成")
	} else if cases.IsBuiltin(code) {
		f.Set("code", "规则代码"+code+"是内置规则的代码，请另取代码")
	}
	c := &Custom{Code: code, Kind: "case"}
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return strings.TrimSpace(*p)
	}
	c.Name, c.RegionCode, c.Severity, c.Basis, c.Expression = str(b.Name), str(b.RegionCode), str(b.Severity), str(b.Basis), str(b.Expression)
	if b.Kind != nil {
		c.Kind = str(b.Kind)
	}
	c.Enabled = b.Enabled != nil && *b.Enabled
	if c.Name == "" {
		f.Set("name", "请填写规则名称")
	} else {
		textcheck.CheckText(f, "name", c.Name, 100)
	}
	textcheck.CheckText(f, "basis", c.Basis, 200)
	if c.RegionCode == "" {
		f.Set("region_code", "请填写适用行政区划")
	} else if msg := registry.CheckRegion(ctx, s.db.R, c.RegionCode); msg != "" {
		f.Set("region_code", msg)
	}
	if c.Severity != "yellow" && c.Severity != "red" {
		f.Set("severity", "预警级别应为yellow（黄色预警）或red（红色预警）")
	}
	switch c.Kind {
	case "case":
	case "inspection", "complaint":
		f.Set("kind", "涉企检查、投诉举报尚未接入平台，暂只能对案件（case）设定规则")
	default:
		f.Set("kind", "监督对象应为case、inspection或complaint")
	}
	if b.Expression == nil {
		f.Set("expression", "请填写表达式")
	} else if prg, err := Compile(c.Expression); err != nil {
		f.Set("expression", err.(*apperr.Error).Message)
	} else {
		c.prg = prg
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// PutCustom saves a new version of the custom rule code
// (PUT /api/v1/rules/custom/{code}).
func (s *Service) PutCustom(ctx context.Context, p *auth.Principal, code string, b *CustomBody) (bool, *Custom, error) {
	c, err := s.checkBody(ctx, code, b)
	if err != nil {
		return false, nil, err
	}
	if !auth.CanSetRules(p, c.RegionCode) {
		return false, nil, apperr.New(apperr.Forbidden, "只有该行政区划的监督机构或系统管理员可以设定监督规则")
	}
	created := false
	err = flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		old, err := getCustom(ctx, tx, code)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return err
		}
		if old != nil && !auth.CanSetRules(p, old.RegionCode) {
			return apperr.New(apperr.Forbidden, "该规则由%s设定，您无权修改", old.RegionCode)
		}
		created = old == nil
		c.Version, c.UpdatedAt, c.UpdatedBy = 1, clock.Millis(ctx), p.Name
		if old != nil {
			c.Version = old.Version + 1
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO custom_rule_versions (code, version, region_code, name, kind, severity, basis, expression,
			enabled, created_at, created_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`, c.Code, c.Version, c.RegionCode, c.Name, c.Kind,
			c.Severity, c.Basis, c.Expression, b2i(c.Enabled), c.UpdatedAt, c.UpdatedBy)
		if err != nil {
			return err
		}
		if old == nil {
			_, err = tx.ExecContext(ctx, `INSERT INTO custom_rules (code, region_code, name, kind, severity, basis, expression, enabled, version,
				updated_at, updated_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`, c.Code, c.RegionCode, c.Name, c.Kind, c.Severity, c.Basis,
				c.Expression, b2i(c.Enabled), c.Version, c.UpdatedAt, c.UpdatedBy)
		} else {
			// The old region's cases lose the rule: the job walks both.
			region := commonRegion(old.RegionCode, c.RegionCode)
			_, err = tx.ExecContext(ctx, `UPDATE custom_rules SET region_code=$2, name=$3, kind=$4, severity=$5, basis=$6, expression=$7,
				enabled=$8, version=$9, updated_at=$10, updated_by=$11, apply_cursor=0, apply_region=$12 WHERE code=$1`, c.Code, c.RegionCode,
				c.Name, c.Kind, c.Severity, c.Basis, c.Expression, b2i(c.Enabled), c.Version, c.UpdatedAt, c.UpdatedBy, region)
		}
		if err != nil {
			return err
		}
		var before any
		if old != nil {
			before = old
		}
		if err := audit.Record(ctx, tx, p, "put", "custom_rule", c.Code, c.RegionCode, before, c); err != nil {
			return err
		}
		return cases.BumpRuleEpoch(ctx, tx)
	})
	if err != nil {
		return false, nil, err
	}
	// Small regions are brought up to date before the answer; the job
	// (ApplyPending every few seconds) finishes larger ones within a minute.
	if _, err := s.ApplyPending(ctx, time.Second); err == nil {
		if now, err := getCustom(ctx, s.db.R, code); err == nil {
			c.Applied = now.Applied
		}
	}
	return created, c, nil
}

// commonRegion is the smallest region containing both a and b.
func commonRegion(a, b string) string {
	pa, pb := ident.RegionPrefix(a), ident.RegionPrefix(b)
	for len(pa) > 0 && !strings.HasPrefix(pb, pa) {
		if len(pa) > 6 {
			pa = pa[:len(pa)-3]
		} else {
			pa = pa[:len(pa)-2]
		}
	}
	if pa == "" {
		return ""
	}
	return (pa + "000000")[:max(6, len(pa))]
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

const customCols = `code, region_code, name, kind, severity, basis, expression, enabled, version, updated_at, updated_by, applied_version`

func scanCustom(row interface{ Scan(...any) error }) (*Custom, error) {
	var c Custom
	var on int
	var applied int64
	err := row.Scan(&c.Code, &c.RegionCode, &c.Name, &c.Kind, &c.Severity, &c.Basis, &c.Expression, &on, &c.Version, &c.UpdatedAt,
		&c.UpdatedBy, &applied)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("监督规则")
	}
	c.Enabled, c.Applied = on != 0, applied >= c.Version
	return &c, err
}

func getCustom(ctx context.Context, q store.Querier, code string) (*Custom, error) {
	return scanCustom(q.QueryRowContext(ctx, `SELECT `+customCols+` FROM custom_rules WHERE code = $1`, code))
}

// GetCustom reads one custom rule; outside p's reach it does not exist.
func (s *Service) GetCustom(ctx context.Context, p *auth.Principal, code string) (*Custom, error) {
	c, err := getCustom(ctx, s.db.R, code)
	if err != nil {
		return nil, err
	}
	if !auth.CanReadCustomRules(p, c.RegionCode) {
		return nil, apperr.NotFoundf("监督规则")
	}
	return c, nil
}

// Versions lists a custom rule's versions, newest first.
func (s *Service) Versions(ctx context.Context, p *auth.Principal, code string) ([]*Custom, error) {
	if _, err := s.GetCustom(ctx, p, code); err != nil {
		return nil, err
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT code, region_code, name, kind, severity, basis, expression, enabled, version, created_at,
		created_by, version FROM custom_rule_versions WHERE code = $1 ORDER BY version DESC`, code)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Custom{}
	for rows.Next() {
		c, err := scanCustom(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// customsIn lists the custom rules whose region contains region (the
// rules in force there), or with within, those set in region's subtree.
func customsIn(ctx context.Context, q store.Querier, region string, within bool) ([]*Custom, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+customCols+` FROM custom_rules ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Custom
	for rows.Next() {
		c, err := scanCustom(rows)
		if err != nil {
			return nil, err
		}
		if ident.Contains(c.RegionCode, region) || (within && ident.Contains(region, c.RegionCode)) {
			out = append(out, c)
		}
	}
	return out, rows.Err()
}

// activeRules are the enabled custom rules, compiled, cached per epoch.
func (s *Service) activeRules(ctx context.Context, q store.Querier) ([]*Custom, error) {
	epoch, err := cases.RuleEpoch(ctx, q)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if s.loaded && s.epoch == epoch {
		out := s.active
		s.mu.Unlock()
		return out, nil
	}
	s.mu.Unlock()
	all, err := customsIn(ctx, q, "", true)
	if err != nil {
		return nil, err
	}
	var act []*Custom
	for _, c := range all {
		if !c.Enabled || c.Kind != "case" {
			continue
		}
		if c.prg, err = Compile(c.Expression); err != nil {
			continue // saved rules compiled when saved; a changed language would skip, not fail, a case write
		}
		act = append(act, c)
	}
	s.mu.Lock()
	s.active, s.epoch, s.loaded = act, epoch, true
	s.mu.Unlock()
	return act, nil
}

// forRegion keeps the rules in force in region.
func forRegion(rs []*Custom, region string) []*Custom {
	return slices.DeleteFunc(slices.Clone(rs), func(c *Custom) bool { return !ident.Contains(c.RegionCode, region) })
}

// warningOf is the case warning a matching rule raises; its key is the
// rule's version, so a warning records the version that raised it.
func warningOf(c *Custom) cases.Warning {
	basis := c.Basis
	if basis == "" {
		basis = "监督机构自定义规则"
	}
	msg := fmt.Sprintf("%s（自定义规则%s第%d版）（%s）", c.Name, c.Code, c.Version, basis)
	return cases.NewWarning(c.Code, c.Severity, VersionKey(c.Version), msg, basis, "")
}

// VersionKey is the finding key of a custom rule's version; RuleVersion
// reads it back (the rule_version a warning records).
func VersionKey(v int64) string { return fmt.Sprintf("v%d", v) }

// RuleVersion is the version of the custom rule that raised a finding
// with key, or 0 for a built-in rule's.
func RuleVersion(key string) int64 {
	var v int64
	if _, err := fmt.Sscanf(key, "v%d", &v); err != nil {
		return 0
	}
	return v
}
