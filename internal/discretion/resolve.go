package discretion

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// ResolvedTier is a tier as it applies in one region on one day, with the
// version it comes from.
type ResolvedTier struct {
	Tier
	SetBy         string `json:"set_by"` // setting region
	SetByName     string `json:"set_by_name,omitempty"`
	EffectiveFrom string `json:"effective_from"`
	Version       int    `json:"version"`
}

// Source names the version in messages: 济南市（370100）2025-03-01起施行的第1版.
func (r ResolvedTier) Source() string {
	return fmt.Sprintf("%s（%s）%s起施行的第%d版", orText(r.SetByName, r.SetBy), r.SetBy, r.EffectiveFrom, r.Version)
}

// Range is what RangeFor answers: one tier's range in force.
type Range struct {
	Tier              string
	FineMinFen        *int64 // nil: no lower bound
	FineMaxFen        *int64 // nil: no upper bound (both nil: the tier sets no fine)
	IncomeMultipleMin *float64
	IncomeMultipleMax *float64
	OtherPenalties    []string
	Conditions        string
	SetBy             string // setting region code
	SetByName         string
	EffectiveFrom     string
	Version           int
}

// String names the range and its version for messages, e.g.
// "5000.00元至15000.00元（山东省（370000）2024-01-01起施行的第1版）".
func (r *Range) String() string {
	s := orText(fineText(r.FineMinFen, r.FineMaxFen), "未设定罚款")
	if m := multipleText(r.IncomeMultipleMin, r.IncomeMultipleMax); m != "" {
		s += "，" + m
	}
	return fmt.Sprintf("%s（%s（%s）%s起施行的第%d版）", s, orText(r.SetByName, r.SetBy), r.SetBy, r.EffectiveFrom, r.Version)
}

// resolve applies the rule of RangeFor to versions: among the versions
// whose setting region contains region and that took effect on or before
// on, each setting region's latest; for each tier the most specific region
// that has it.
func resolve(versions []*Version, region, on string) map[string]ResolvedTier {
	latest := map[string]*Version{}
	for _, v := range versions {
		if v.EffectiveFrom > on || !ident.Contains(v.RegionCode, region) {
			continue
		}
		if c := latest[v.RegionCode]; c == nil || v.EffectiveFrom > c.EffectiveFrom {
			latest[v.RegionCode] = v
		}
	}
	setters := make([]string, 0, len(latest))
	for s := range latest {
		setters = append(setters, s)
	}
	// Most specific first: the longest significant prefix.
	slices.SortFunc(setters, func(a, b string) int {
		if c := len(ident.RegionPrefix(b)) - len(ident.RegionPrefix(a)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	out := map[string]ResolvedTier{}
	for _, s := range setters {
		v := latest[s]
		for _, t := range v.Tiers {
			if _, ok := out[t.Tier]; !ok {
				out[t.Tier] = ResolvedTier{Tier: t, SetBy: v.RegionCode, SetByName: v.RegionName, EffectiveFrom: v.EffectiveFrom, Version: v.Version}
			}
		}
	}
	return out
}

func checkLookup(regionCode, on string) error {
	if err := ident.ValidateRegionCode(regionCode); err != nil {
		return apperr.New(apperr.Invalid, "行政区划代码%s无效：%s", regionCode, err.Error())
	}
	if !validDate(on) {
		return apperr.New(apperr.Invalid, "日期%s无效，格式应为YYYY-MM-DD", on)
	}
	return nil
}

// RangeFor returns the range of tier for a case of matterCode in
// regionCode decided on the day on (YYYY-MM-DD), or nil, nil when no
// benchmark applies. Among the matter's versions whose setting region
// contains regionCode and that took effect on or before on, each setting
// region's latest counts; the most specific region that has the tier
// wins, and a tier a lower level leaves out falls back to the higher
// level (处罚法 Art. 34; 国办发〔2022〕27号).
func RangeFor(ctx context.Context, q store.Querier, matterCode, regionCode string, on string, tier string) (*Range, error) {
	if tierRank(tier) < 0 {
		return nil, apperr.New(apperr.Invalid, "裁量阶次%s无效", tier)
	}
	if err := checkLookup(regionCode, on); err != nil {
		return nil, err
	}
	vs, err := loadVersions(ctx, q, matterCode)
	if err != nil {
		return nil, err
	}
	rt, ok := resolve(vs, regionCode, on)[tier]
	if !ok {
		return nil, nil
	}
	return &Range{Tier: rt.Tier.Tier, FineMinFen: rt.FineMinFen, FineMaxFen: rt.FineMaxFen,
		IncomeMultipleMin: rt.IncomeMultipleMin, IncomeMultipleMax: rt.IncomeMultipleMax,
		OtherPenalties: rt.OtherPenalties, Conditions: rt.Conditions,
		SetBy: rt.SetBy, SetByName: rt.SetByName, EffectiveFrom: rt.EffectiveFrom, Version: rt.Version}, nil
}

// Tiers returns every tier that applies to a case of matterCode in
// regionCode on the day on, lightest first, by the rule of RangeFor.
// It is empty when no benchmark applies.
func Tiers(ctx context.Context, q store.Querier, matterCode, regionCode, on string) ([]ResolvedTier, error) {
	if err := checkLookup(regionCode, on); err != nil {
		return nil, err
	}
	vs, err := loadVersions(ctx, q, matterCode)
	if err != nil {
		return nil, err
	}
	res := resolve(vs, regionCode, on)
	out := []ResolvedTier{}
	for _, t := range TierValues {
		if rt, ok := res[t]; ok {
			out = append(out, rt)
		}
	}
	return out, nil
}
