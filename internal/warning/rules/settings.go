package rules

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
)

// Rule is one rule as in force in a region (GET /api/v1/rules).
type Rule struct {
	Code       string           `json:"code"`
	Name       string           `json:"name"`
	Basis      string           `json:"basis"`
	Kind       string           `json:"kind"` // builtin | custom
	Enabled    bool             `json:"enabled"`
	Severity   string           `json:"severity,omitempty"`
	Params     map[string]int64 `json:"params"`
	SetIn      string           `json:"set_in"`
	Version    int64            `json:"version"`
	ParamsInfo []cases.Param    `json:"params_info"`
	// Custom rules: what they judge, their expression and region.
	SubjectKind string `json:"subject_kind,omitempty"`
	Expression  string `json:"expression,omitempty"`
}

// List lists every rule as in force for cases in region.
func (s *Service) List(ctx context.Context, p *auth.Principal, region string) ([]Rule, error) {
	if msg := registry.CheckRegion(ctx, s.db.R, region); msg != "" {
		return nil, &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{"region_code": msg}}
	}
	if !auth.CanReadRules(p, region) {
		return nil, apperr.NotFoundf("行政区划")
	}
	all, err := cases.LoadRuleSettings(ctx, s.db.R)
	if err != nil {
		return nil, err
	}
	in := cases.InForceFor(all, region)
	var out []Rule
	for _, r := range cases.Catalogue() {
		f, ok := in[r.Code]
		if !ok {
			f = cases.Resolve(r.Code, nil)
		}
		info := r.Params
		if info == nil {
			info = []cases.Param{}
		}
		out = append(out, Rule{Code: r.Code, Name: r.Name, Basis: r.Basis, Kind: "builtin", Enabled: f.Enabled, Params: f.Params,
			SetIn: f.SetIn, Version: f.Version, ParamsInfo: info})
	}
	if !auth.CanReadCustomRules(p, region) {
		return out, nil
	}
	cs, err := customsIn(ctx, s.db.R, region, false)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		out = append(out, Rule{Code: c.Code, Name: c.Name, Basis: c.Basis, Kind: "custom", Enabled: c.Enabled, Severity: c.Severity,
			Params: map[string]int64{}, SetIn: c.RegionCode, Version: c.Version, ParamsInfo: []cases.Param{}, SubjectKind: c.Kind,
			Expression: c.Expression})
	}
	return out, nil
}

// SettingBody is the PUT body of a built-in rule's setting.
type SettingBody struct {
	Enabled *bool            `json:"enabled"`
	Params  map[string]int64 `json:"params"`
}

// PutSetting sets a built-in rule for a region's subtree
// (PUT /api/v1/rules/{code}/settings/{region_code}). A setting of a
// region above binds: loosening it answers 400 naming that region.
func (s *Service) PutSetting(ctx context.Context, p *auth.Principal, code, region string, b *SettingBody) (bool, *cases.RuleSetting, error) {
	if !cases.IsBuiltin(code) {
		return false, nil, apperr.NotFoundf("内置规则" + code)
	}
	f := apperr.Fields{}
	if msg := registry.CheckRegion(ctx, s.db.R, region); msg != "" {
		f.Set("region_code", msg)
	}
	if b.Enabled == nil {
		f.Set("enabled", "必填（true启用，false停用）")
	}
	if field, msg := cases.CheckParams(code, b.Params); field != "" {
		f.Set(field, msg)
	}
	if err := f.Err(); err != nil {
		return false, nil, err
	}
	if !auth.CanSetRules(p, region) {
		return false, nil, apperr.New(apperr.Forbidden, "只有该行政区划的监督机构或系统管理员可以设定规则")
	}
	set := &cases.RuleSetting{Rule: code, Region: region, Enabled: *b.Enabled, Params: maps.Clone(b.Params)}
	if set.Params == nil {
		set.Params = map[string]int64{}
	}
	created := false
	err := flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		all, err := cases.LoadRuleSettings(ctx, tx)
		if err != nil {
			return err
		}
		var higher []cases.RuleSetting
		var old *cases.RuleSetting
		for i, o := range all {
			switch {
			case o.Rule != code:
			case o.Region == region:
				old = &all[i]
			case ident.Contains(o.Region, region) && len(ident.RegionPrefix(o.Region)) < len(ident.RegionPrefix(region)):
				higher = append(higher, o)
			}
		}
		if field, by := cases.Looser(*set, higher); field != "" {
			name := by.Region
			if r, err := registry.GetRegion(ctx, tx, by.Region); err == nil {
				name = r.Name + "（" + by.Region + "）"
			}
			msg := fmt.Sprintf("上级行政区划%s对本规则的设定约束下级：下级只能从严（启用规则、提前预警、降低阈值），不能放宽", name)
			if field == "enabled" {
				msg = fmt.Sprintf("上级行政区划%s已启用本规则，下级不能停用", name)
			}
			return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{field: msg}}
		}
		created = old == nil
		set.Version = 1
		if old != nil {
			set.Version = old.Version + 1
		}
		params, _ := json.Marshal(set.Params)
		now := clock.Millis(ctx)
		if old == nil {
			_, err = tx.ExecContext(ctx, `INSERT INTO rule_settings (rule, region_code, enabled, params_json, version, updated_at, updated_by)
				VALUES ($1,$2,$3,$4,$5,$6,$7)`, code, region, b2i(set.Enabled), string(params), set.Version, now, p.Name)
		} else {
			_, err = tx.ExecContext(ctx, `UPDATE rule_settings SET enabled=$3, params_json=$4, version=$5, updated_at=$6, updated_by=$7
				WHERE rule=$1 AND region_code=$2`, code, region, b2i(set.Enabled), string(params), set.Version, now, p.Name)
		}
		if err != nil {
			return err
		}
		var before any
		if old != nil {
			before = old
		}
		if err := audit.Record(ctx, tx, p, "put", "rule_setting", code+"/"+region, region, before, set); err != nil {
			return err
		}
		return cases.BumpRuleEpoch(ctx, tx)
	})
	if err != nil {
		return false, nil, err
	}
	return created, set, nil
}
