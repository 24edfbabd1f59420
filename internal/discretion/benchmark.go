package discretion

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Version is one version of a benchmark: a matter's tiers as set by one
// region (province, city or county) from a date on.
type Version struct {
	MatterCode    string `json:"matter_code"`
	MatterName    string `json:"matter_name,omitempty"`
	RegionCode    string `json:"region_code"` // the setting region
	RegionName    string `json:"region_name,omitempty"`
	EffectiveFrom string `json:"effective_from"`
	Version       int    `json:"version"` // 1, 2, … per matter and setting region, in order of creation
	// Current: this is the setting region's version in force today.
	Current   bool   `json:"current"`
	Tiers     []Tier `json:"tiers"`
	UpdatedAt int64  `json:"-"`

	id        int64
	tiersJSON string
	pending   bool // takes effect after today; set with Current
}

// Key names the version in messages: 山东省（370000）2024-01-01起施行的第2版.
func (v *Version) Key() string {
	name := v.RegionName
	if name == "" {
		name = v.RegionCode
	}
	return fmt.Sprintf("%s（%s）%s起施行的第%d版", name, v.RegionCode, v.EffectiveFrom, v.Version)
}

// StatusLabel says in Chinese whether the version is in force today.
func (v *Version) StatusLabel() string {
	switch {
	case v.Current:
		return "现行"
	case v.pending:
		return "待施行"
	}
	return "已被新版本替代"
}

// Benchmark is a matter's benchmark versions as one caller sees them: those
// set inside or above the caller's jurisdiction.
type Benchmark struct {
	MatterCode string     `json:"matter_code"`
	MatterName string     `json:"matter_name"`
	Versions   []*Version `json:"versions"`
}

// Input is a version to store (PUT /api/v1/benchmarks/{matter_code}).
type Input struct {
	MatterCode    string
	RegionCode    string // "" = the caller's jurisdiction, padded to 6 digits
	EffectiveFrom string
	Tiers         []Tier
}

// SettingRegion is the 6-digit code of a jurisdiction as a setting region:
// "37" and "370000" give 370000, "3701" gives 370100; other codes are kept.
func SettingRegion(region string) string {
	if n := len(region); n == 2 || n == 4 {
		return region + "0000"[:6-n]
	}
	return region
}

// checkSetter validates a setting region: a 6-digit GB/T 2260 code of a
// province, city or county that exists.
func checkSetter(ctx context.Context, q store.Querier, code string) string {
	if len(code) != 6 {
		return "设定区划应为6位省、市或县级行政区划代码（GB/T 2260），如370000、370100、370102"
	}
	if err := ident.ValidateRegionCode(code); err != nil {
		return err.Error()
	}
	if _, err := registry.GetRegion(ctx, q, code); err != nil {
		return "行政区划代码" + code + "不在GB/T 2260区划表中"
	}
	return ""
}

// Put stores a benchmark version for in.MatterCode, set by in.RegionCode
// (by default the caller's jurisdiction) from in.EffectiveFrom. The same
// date and tiers again change nothing (no audit row); the same date with
// other tiers replaces that version; another date is a new version. A
// lower level may only narrow the higher levels' range of each tier (国办发
// 〔2022〕27号: 细化、量化上级基准). created reports a new version.
func Put(ctx context.Context, db *store.DB, p *auth.Principal, in *Input) (created bool, err error) {
	if !auth.MayChange(p, auth.KindBenchmark) {
		return false, apperr.New(apperr.Forbidden, "您的角色不能制定裁量基准")
	}
	tiersJSON, err := check(ctx, db, p, in)
	if err != nil {
		return false, err
	}
	err = db.UpsertTx(ctx, func(tx *sql.Tx) error {
		out, err := put(ctx, tx, p, in, tiersJSON)
		created = out == outCreated
		return err
	})
	return created, err
}

// check validates and normalizes in, and checks that p may set it: the
// matter is one p sees (else not found) and the setting region is inside
// p's jurisdiction (else forbidden). It returns the tiers as stored.
func check(ctx context.Context, db *store.DB, p *auth.Principal, in *Input) (string, error) {
	f := apperr.Fields{}
	in.MatterCode = strings.TrimSpace(in.MatterCode)
	in.EffectiveFrom = strings.TrimSpace(in.EffectiveFrom)
	switch {
	case in.EffectiveFrom == "":
		f.Set("effective_from", "请填写生效日期")
	case !validDate(in.EffectiveFrom):
		f.Set("effective_from", "生效日期格式应为YYYY-MM-DD，且须是存在的日期")
	}
	in.Tiers = normalizeTiers(in.Tiers, f)
	if in.RegionCode = strings.TrimSpace(in.RegionCode); in.RegionCode == "" && p != nil {
		in.RegionCode = SettingRegion(p.Region)
	}
	if in.RegionCode == "" {
		f.Set("region_code", "请填写设定区划（省、市或县级行政区划代码）")
	} else if msg := checkSetter(ctx, db.R, in.RegionCode); msg != "" {
		f.Set("region_code", msg)
	}
	if err := f.Err(); err != nil {
		return "", err
	}
	m, err := registry.GetMatter(ctx, db, p, in.MatterCode)
	if err != nil {
		return "", err
	}
	if !auth.CanChange(p, auth.KindBenchmark, auth.Target{Region: in.RegionCode, Agencies: m.AgencyCodes}) {
		return "", apperr.New(apperr.Forbidden, "无权以行政区划%s的名义制定裁量基准：超出您的管辖范围", in.RegionCode)
	}
	b, err := json.Marshal(in.Tiers)
	return string(b), err
}

// outcome is what put did.
type outcome int

const (
	outUnchanged outcome = iota
	outCreated
	outUpdated
)

func put(ctx context.Context, tx *sql.Tx, p *auth.Principal, in *Input, tiersJSON string) (outcome, error) {
	versions, err := loadVersions(ctx, tx, in.MatterCode)
	if err != nil {
		return 0, err
	}
	var old *Version
	next := 1
	for _, v := range versions {
		if v.RegionCode != in.RegionCode {
			continue
		}
		next = max(next, v.Version+1)
		if v.EffectiveFrom == in.EffectiveFrom {
			old = v
		}
	}
	if old != nil && old.tiersJSON == tiersJSON {
		return outUnchanged, nil
	}
	if err := checkHigher(versions, in); err != nil {
		return 0, err
	}
	now := clock.Millis(ctx)
	if old != nil {
		if _, err := tx.ExecContext(ctx, `UPDATE benchmarks SET tiers_json = $2, updated_at = $3 WHERE id = $1`, old.id, tiersJSON, now); err != nil {
			return 0, err
		}
		after := *old
		after.Tiers = in.Tiers
		return outUpdated, audit.Record(ctx, tx, p, "update", "benchmark", in.MatterCode, in.RegionCode, auditView(old), auditView(&after))
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO benchmarks (matter_code, region_code, effective_from, version, tiers_json, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6)`, in.MatterCode, in.RegionCode, in.EffectiveFrom, next, tiersJSON, now); err != nil {
		return 0, err
	}
	v := &Version{MatterCode: in.MatterCode, RegionCode: in.RegionCode, EffectiveFrom: in.EffectiveFrom, Version: next, Tiers: in.Tiers}
	return outCreated, audit.Record(ctx, tx, p, "create", "benchmark", in.MatterCode, in.RegionCode, nil, auditView(v))
}

func auditView(v *Version) map[string]any {
	return map[string]any{"matter_code": v.MatterCode, "region_code": v.RegionCode, "effective_from": v.EffectiveFrom,
		"version": v.Version, "tiers": v.Tiers}
}

// checkHigher refuses tiers outside the range of the same tier set by a
// higher level, in the version in force on in.EffectiveFrom.
func checkHigher(versions []*Version, in *Input) error {
	var higher []*Version
	for _, v := range versions {
		if v.RegionCode != in.RegionCode && ident.Contains(v.RegionCode, in.RegionCode) {
			higher = append(higher, v)
		}
	}
	if len(higher) == 0 {
		return nil
	}
	res := resolve(higher, in.RegionCode, in.EffectiveFrom)
	f := apperr.Fields{}
	first := ""
	for i := range in.Tiers {
		t := &in.Tiers[i]
		h, ok := res[t.Tier]
		if !ok {
			continue
		}
		field, what, hText := "", "", ""
		switch {
		case !h.HasFine() && t.HasFine():
			field, what, hText = "fine_max_fen", "罚款幅度（"+t.FineText()+"）", "未设定罚款"
		case h.FineMinFen != nil && (t.FineMinFen == nil || *t.FineMinFen < *h.FineMinFen):
			field, what, hText = "fine_min_fen", "罚款幅度（"+orText(t.FineText(), "未设下限")+"）", h.FineText()
		case h.FineMaxFen != nil && (t.FineMaxFen == nil || *t.FineMaxFen > *h.FineMaxFen):
			field, what, hText = "fine_max_fen", "罚款幅度（"+orText(t.FineText(), "未设上限")+"）", h.FineText()
		case h.IncomeMultipleMin != nil && (t.IncomeMultipleMin == nil || *t.IncomeMultipleMin < *h.IncomeMultipleMin),
			h.IncomeMultipleMax != nil && (t.IncomeMultipleMax == nil || *t.IncomeMultipleMax > *h.IncomeMultipleMax):
			field, what, hText = "income_multiple_max", "违法所得倍数（"+orText(t.IncomeText(), "未设定")+"）", h.IncomeText()
		default:
			continue
		}
		msg := fmt.Sprintf("裁量阶次“%s”的%s超出了上级基准：%s（%s）%s起施行的该阶次为%s。下级基准只能在上级基准的幅度内细化",
			t.Label(), what, orText(h.SetByName, h.SetBy), h.SetBy, h.EffectiveFrom, hText)
		f.Set(fmt.Sprintf("tiers[%d].%s", t.idx, field), msg)
		if first == "" {
			first = msg
		}
	}
	if first == "" {
		return nil
	}
	return &apperr.Error{Code: apperr.Invalid, Message: first, Fields: f}
}

func orText(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

const versionCols = `b.id, b.matter_code, b.region_code, COALESCE(r.name, ''), b.effective_from, b.version, b.tiers_json, b.updated_at`
const versionFrom = ` FROM benchmarks b LEFT JOIN regions r ON r.code = b.region_code`

func scanVersion(row interface{ Scan(...any) error }, extra ...any) (*Version, error) {
	v := &Version{}
	dest := append([]any{&v.id, &v.MatterCode, &v.RegionCode, &v.RegionName, &v.EffectiveFrom, &v.Version, &v.tiersJSON, &v.UpdatedAt}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(v.tiersJSON), &v.Tiers); err != nil {
		return nil, fmt.Errorf("discretion: benchmark %d: %w", v.id, err)
	}
	return v, nil
}

// loadVersions returns every version of a matter, by every setting region.
func loadVersions(ctx context.Context, q store.Querier, matterCode string) ([]*Version, error) {
	return queryVersions(ctx, q, `SELECT `+versionCols+versionFrom+` WHERE b.matter_code = $1 ORDER BY b.region_code, b.effective_from`, matterCode)
}

func queryVersions(ctx context.Context, q store.Querier, query string, args ...any) ([]*Version, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Version
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// markCurrent flags each setting region's version in force on day, and
// the versions still to come.
func markCurrent(vs []*Version, day string) {
	cur := map[[2]string]*Version{}
	for _, v := range vs {
		v.Current, v.pending = false, v.EffectiveFrom > day
		k := [2]string{v.MatterCode, v.RegionCode}
		if v.EffectiveFrom <= day {
			if c := cur[k]; c == nil || v.EffectiveFrom > c.EffectiveFrom {
				cur[k] = v
			}
		}
	}
	for _, v := range cur {
		v.Current = true
	}
}

// visibleTo reports whether a version set by setter is shown to p: set
// inside or above p's jurisdiction. p nil is the public (处罚法 Art. 34:
// benchmarks are published).
func visibleTo(p *auth.Principal, setter string) bool {
	if p == nil || p.Region == "" {
		return true
	}
	return ident.Contains(p.Region, setter) || ident.Contains(setter, p.Region)
}

// Get returns the versions of a matter's benchmark that p sees; the matter
// must be one p sees (else not found, as registry.GetMatter).
func Get(ctx context.Context, db *store.DB, p *auth.Principal, matterCode string) (*Benchmark, error) {
	m, err := registry.GetMatter(ctx, db, p, strings.TrimSpace(matterCode))
	if err != nil {
		return nil, err
	}
	all, err := loadVersions(ctx, db.R, m.Code)
	if err != nil {
		return nil, err
	}
	b := &Benchmark{MatterCode: m.Code, MatterName: m.Name, Versions: []*Version{}}
	for _, v := range all {
		if visibleTo(p, v.RegionCode) {
			v.MatterName = m.Name
			b.Versions = append(b.Versions, v)
		}
	}
	markCurrent(b.Versions, clock.TodayString(ctx))
	sortVersions(b.Versions)
	return b, nil
}

// sortVersions orders higher levels first, then by date.
func sortVersions(vs []*Version) {
	slices.SortStableFunc(vs, func(a, b *Version) int {
		if c := len(ident.RegionPrefix(a.RegionCode)) - len(ident.RegionPrefix(b.RegionCode)); c != 0 {
			return c
		}
		if c := strings.Compare(a.RegionCode, b.RegionCode); c != 0 {
			return c
		}
		return strings.Compare(a.EffectiveFrom, b.EffectiveFrom)
	})
}
