package cases

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"

	"zfjd/internal/ident"
	"zfjd/internal/law"
	"zfjd/internal/store"
)

// Rules as data (spec/supervision-v1.md §2): the catalogue is the engine's
// rule table itself (rules_time.go), so a rule cannot be listed without
// being run or run without being listed; a region's settings switch rules
// and change their parameters for its subtree, and a setting made higher
// up binds the levels below — they may tighten it, never loosen it.

// Param is one parameter of a built-in rule.
type Param struct {
	Name    string `json:"name"`
	Label   string `json:"label"`
	Default int64  `json:"default"`
	Min     int64  `json:"min"`
	Max     int64  `json:"max"`
	Unit    string `json:"unit"`
	// HigherTighter: a larger value watches more closely (lead_workdays
	// warns earlier); otherwise a smaller one does (a threshold).
	HigherTighter bool `json:"higher_tighter"`
}

// leadTime is the 临期预警 parameter of the deadline rules: a yellow
// warning that many working days before the deadline (0: off, the
// default), red once it has passed. A larger lead warns earlier, so a
// lower region may raise it but not lower it below a higher one's.
var leadTime = []Param{{Name: "lead_workdays", Label: "临期预警提前工作日数（0为不预警）", Default: 0, Min: 0, Max: 30,
	Unit: "个工作日", HigherTighter: true}}

// RuleInfo is one built-in rule of the catalogue.
type RuleInfo struct {
	Code, Name, Basis string
	Params            []Param
}

// Catalogue lists every built-in rule in the engine's order, with
// SIMILAR_CASE_DISPARITY, judged from the distribution of other cases.
func Catalogue() []RuleInfo {
	out := make([]RuleInfo, 0, len(rules))
	for _, r := range rules {
		out = append(out, RuleInfo{Code: r.Code, Name: r.Label, Basis: r.Basis, Params: slices.Clone(r.params)})
	}
	return out
}

// IsBuiltin reports whether code is a built-in rule's.
func IsBuiltin(code string) bool { _, ok := ruleOrder[code]; return ok }

// orderOf is a rule's place in the warnings' order; custom rules follow
// the built-in ones.
func orderOf(code string) int {
	if i, ok := ruleOrder[code]; ok {
		return i
	}
	return len(rules)
}

// RuleSetting is one region's setting of one built-in rule.
type RuleSetting struct {
	Rule    string           `json:"rule"`
	Region  string           `json:"region_code"`
	Enabled bool             `json:"enabled"`
	Params  map[string]int64 `json:"params"`
	Version int64            `json:"version"`
}

// InForce is a rule as in force in one region.
type InForce struct {
	Enabled bool
	Params  map[string]int64
	SetIn   string // region of the nearest setting; "" = the defaults
	Version int64  // that setting's version
}

// RulesInForce maps rule codes to their settings in force; a rule not in
// it (or a nil map) runs with its defaults.
type RulesInForce map[string]InForce

// On reports whether the rule runs.
func (r RulesInForce) On(code string) bool {
	s, ok := r[code]
	return !ok || s.Enabled
}

// Param is a parameter's value in force.
func (r RulesInForce) Param(code, name string) int64 {
	if s, ok := r[code]; ok {
		if v, ok := s.Params[name]; ok {
			return v
		}
	}
	for _, p := range paramsOf(code) {
		if p.Name == name {
			return p.Default
		}
	}
	return 0
}

// ruleParams are the rules' parameters by code (filled in init: the rule
// table's checks read them, so they cannot read the table itself).
var ruleParams = map[string][]Param{}

func init() {
	for _, r := range rules {
		ruleParams[r.Code] = r.params
	}
}

func paramsOf(code string) []Param { return ruleParams[code] }

// Resolve combines the settings of a region and of the regions above it
// (chain, any order) into the rule in force there: the tightest of them,
// since a lower setting may only tighten a higher one — and a higher one
// made later binds a lower one that was looser.
func Resolve(code string, chain []RuleSetting) InForce {
	in := InForce{Enabled: true, Params: map[string]int64{}}
	for _, p := range paramsOf(code) {
		in.Params[p.Name] = p.Default
	}
	if len(chain) == 0 {
		return in
	}
	slices.SortFunc(chain, func(a, b RuleSetting) int {
		return len(ident.RegionPrefix(a.Region)) - len(ident.RegionPrefix(b.Region))
	})
	for i, s := range chain {
		changed := i == 0
		if i == 0 {
			in.Enabled = s.Enabled
		} else if s.Enabled && !in.Enabled {
			in.Enabled, changed = true, true
		}
		for _, p := range paramsOf(code) {
			v, ok := s.Params[p.Name]
			if !ok {
				continue
			}
			cur := in.Params[p.Name]
			if !seen(chain, s, p.Name) || (p.HigherTighter && v > cur) || (!p.HigherTighter && v < cur) {
				changed = changed || v != cur
				in.Params[p.Name] = v
			}
		}
		if changed { // set_in names the setting that decides what is in force
			in.SetIn, in.Version = s.Region, s.Version
		}
	}
	return in
}

// seen reports whether a setting before s in chain set param name: the
// first setting of a parameter replaces the default (a higher region may
// loosen a default), later ones only tighten.
func seen(chain []RuleSetting, s RuleSetting, name string) bool {
	for _, o := range chain {
		if o.Region == s.Region {
			return false
		}
		if _, ok := o.Params[name]; ok {
			return true
		}
	}
	return false
}

// Looser names what of s loosens a setting of a region above (higher):
// the field ("enabled" or "params.NAME") and the higher setting, or "".
func Looser(s RuleSetting, higher []RuleSetting) (field string, by *RuleSetting) {
	for i := range higher {
		h := &higher[i]
		if h.Enabled && !s.Enabled {
			return "enabled", h
		}
		for _, p := range paramsOf(s.Rule) {
			hv, ok := h.Params[p.Name]
			v, ok2 := s.Params[p.Name]
			if !ok || !ok2 {
				continue
			}
			if (p.HigherTighter && v < hv) || (!p.HigherTighter && v > hv) {
				return "params." + p.Name, h
			}
		}
	}
	return "", nil
}

// CheckParams validates a setting's parameters against the catalogue.
func CheckParams(code string, params map[string]int64) (field, msg string) {
	ps := paramsOf(code)
	for _, name := range slices.Sorted(maps.Keys(params)) {
		i := slices.IndexFunc(ps, func(p Param) bool { return p.Name == name })
		if i < 0 {
			return "params." + name, fmt.Sprintf("规则%s没有参数%s", code, name)
		}
		if v := params[name]; v < ps[i].Min || v > ps[i].Max {
			return "params." + name, fmt.Sprintf("%s应在%d至%d之间", ps[i].Label, ps[i].Min, ps[i].Max)
		}
	}
	return "", ""
}

// ruleHooks is the service's cache of the rule settings, reloaded when
// the stored epoch moves (every settings or custom-rule write bumps it),
// and the custom rules' evaluator set by package warning.
type ruleHooks struct {
	mu       sync.Mutex
	epoch    int64
	loaded   bool
	settings []RuleSetting
	custom   CustomRules
}

// CustomRules evaluates the supervisors' rules in force for a case: it
// gathers what they read (q, inside the judgement's transaction) and
// returns the evaluation, run by Judge after the built-in rules.
type CustomRules func(ctx context.Context, q store.Querier, c *Case, env *Env) (func(*Case, *Env) []Warning, error)

// SetCustomRules installs the custom rules' evaluator (built in main).
func (s *Service) SetCustomRules(f CustomRules) {
	s.hooks.mu.Lock()
	defer s.hooks.mu.Unlock()
	s.hooks.custom = f
}

// epochKey carries a rule epoch read once for a page of judgements.
type epochKey struct{}

// withRuleEpoch makes RuleEpoch answer e within ctx: the due pass reads
// the epoch once for a page of cases judged on the read pool, as a
// judgement reads it once; a write's transaction never carries one.
func withRuleEpoch(ctx context.Context, e int64) context.Context {
	return context.WithValue(ctx, epochKey{}, e)
}

// RuleEpoch reads the rule configuration's invalidation counter (or the
// one the context carries for a page of the due pass).
func RuleEpoch(ctx context.Context, q store.Querier) (int64, error) {
	if e, ok := ctx.Value(epochKey{}).(int64); ok {
		return e, nil
	}
	var e int64
	err := q.QueryRowContext(ctx, `SELECT epoch FROM rule_epoch WHERE id = 1`).Scan(&e)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return e, err
}

// BumpRuleEpoch invalidates every instance's cached rule configuration;
// called in the transaction of a settings or custom-rule write.
func BumpRuleEpoch(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `UPDATE rule_epoch SET epoch = epoch + 1 WHERE id = 1`)
	return err
}

// LoadRuleSettings reads every stored setting.
func LoadRuleSettings(ctx context.Context, q store.Querier) ([]RuleSetting, error) {
	rows, err := q.QueryContext(ctx, `SELECT rule, region_code, enabled, params_json, version FROM rule_settings ORDER BY rule, region_code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RuleSetting
	for rows.Next() {
		var s RuleSetting
		var on int
		var params string
		if err := rows.Scan(&s.Rule, &s.Region, &on, &params, &s.Version); err != nil {
			return nil, err
		}
		s.Enabled = on != 0
		if err := json.Unmarshal([]byte(params), &s.Params); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// InForceFor resolves every rule for a region from the settings.
func InForceFor(all []RuleSetting, region string) RulesInForce {
	chains := map[string][]RuleSetting{}
	for _, s := range all {
		if ident.Contains(s.Region, region) {
			chains[s.Rule] = append(chains[s.Rule], s)
		}
	}
	out := RulesInForce{}
	for code, chain := range chains {
		out[code] = Resolve(code, chain)
	}
	return out
}

// loadRules fills env.Rules (cached per epoch) and the custom rules'
// evaluation for c.
func (s *Service) loadRules(ctx context.Context, q store.Querier, c *Case, env *Env, m *envMemo) error {
	epoch, err := RuleEpoch(ctx, q)
	if err != nil {
		return err
	}
	s.hooks.mu.Lock()
	all, ok, custom := s.hooks.settings, s.hooks.loaded && s.hooks.epoch == epoch, s.hooks.custom
	s.hooks.mu.Unlock()
	if !ok {
		if all, err = LoadRuleSettings(ctx, q); err != nil {
			return err
		}
		s.hooks.mu.Lock()
		s.hooks.settings, s.hooks.epoch, s.hooks.loaded = all, epoch, true
		s.hooks.mu.Unlock()
	}
	if m != nil && m.inForce != nil && ok {
		if env.Rules, ok = m.inForce[c.RegionCode]; !ok {
			env.Rules = InForceFor(all, c.RegionCode)
			m.inForce[c.RegionCode] = env.Rules
		}
	} else {
		env.Rules = InForceFor(all, c.RegionCode)
	}
	if err := loadRuleData(ctx, q, c, env, m); err != nil {
		return err
	}
	if custom != nil {
		f, err := custom(ctx, q, c, env)
		if err != nil {
			return err
		}
		env.Data.Custom = f
	}
	return nil
}

// extra runs the custom rules after the built-in ones.
func (j *judge) extra() {
	if j.env.Data.Custom != nil {
		j.out.Warnings = append(j.out.Warnings, j.env.Data.Custom(j.c, j.env)...)
	}
}

// NewWarning builds a warning of a rule outside the engine's table (a
// custom rule); key tells apart its versions or firings.
func NewWarning(rule, severity, key, message, basis, due string) Warning {
	return Warning{Rule: rule, Severity: severity, key: key, Message: message, Basis: basis, Due: due}
}

// Key is what tells apart two warnings of one rule on one case.
func (w Warning) Key() string { return w.key }

// leadWarning gives the 临期预警 of a deadline rule: a yellow warning from
// lead_workdays working days before an open deadline (0: none), which
// the same finding turns red once the deadline has passed (clock).
func (j *judge) leadWarning(code, key string, deadline law.Date) {
	n := int(j.env.Rules.Param(code, "lead_workdays"))
	if n <= 0 {
		return
	}
	from := deadline
	for i := 0; i < n; i++ { // back n working days from the deadline
		from = from.AddDays(-1)
		for k := 0; k < 60; k++ {
			if ok, err := j.env.Cal.IsWorkday(from); err != nil || ok {
				break
			}
			from = from.AddDays(-1)
		}
	}
	if j.env.Today.Before(from) {
		j.checks = append(j.checks, from)
		return
	}
	left := 0
	for d := j.env.Today; d.Before(deadline); {
		d = d.AddDays(1)
		if ok, _ := j.env.Cal.IsWorkday(d); ok {
			left++
		}
	}
	j.fire(code, "yellow", key, deadline, "临期预警：期限至%s届满，尚余%d个工作日，请及时办理", deadline, left)
}
