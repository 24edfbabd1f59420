package training

import (
	"context"
	"sort"

	"zfjd/internal/auth"
	"zfjd/internal/ident"
)

// Breakdown is a region's training year as the statistics page drills
// into it: the region's total, one row per region directly below it (an
// AgencyStats whose AgencyName is the region's name and RegionCode its
// code; the agencies of the region itself make a row "本级"), and the
// agencies of the region's subtree.
type Breakdown struct {
	Region, RegionName string
	Up                 string // the region above, when it is in the viewer's jurisdiction; "" none
	Regions            []*AgencyStats
	Agencies           []*AgencyStats
	Total              *AgencyStats
}

// StatsIn is the year's training statistics of region (within p's view:
// a region outside it, or "", is p's own) per region below it and per
// agency, with the total; the figures are Stats' narrowed to the region.
func (s *Service) StatsIn(ctx context.Context, p *auth.Principal, year int, region string) (*Breakdown, error) {
	own := ""
	if p != nil {
		own = p.Region
	}
	if region == "" || !ident.Contains(own, region) {
		region = own
	}
	rows, _, err := s.Stats(ctx, p, year)
	if err != nil {
		return nil, err
	}
	b := &Breakdown{Region: region, Total: &AgencyStats{AgencyName: "合计", RegionCode: region}}
	names, err := s.regionNames(ctx)
	if err != nil {
		return nil, err
	}
	b.RegionName = names[region]
	if region == "" {
		b.RegionName = "全国"
	}
	if up := parentRegion(region); region != "" && region != own && (own == "" || ident.Contains(own, up)) {
		b.Up = up
	}
	by := map[string]*AgencyStats{}
	for _, a := range rows {
		if region != "" && !ident.Contains(region, a.RegionCode) {
			continue
		}
		b.Agencies = append(b.Agencies, a)
		add(b.Total, a)
		child := childRegion(region, a.RegionCode)
		if by[child] == nil {
			name := names[child]
			if child == region {
				name = "本级"
			}
			by[child] = &AgencyStats{AgencyName: name, RegionCode: child}
		}
		add(by[child], a)
	}
	for _, r := range by {
		b.Regions = append(b.Regions, r)
	}
	sort.Slice(b.Regions, func(i, j int) bool { return b.Regions[i].RegionCode < b.Regions[j].RegionCode })
	return b, nil
}

// Drills reports whether the row is a region below the breakdown's (a
// link to drill into), not its own agencies.
func (b *Breakdown) Drills(a *AgencyStats) bool { return a.RegionCode != b.Region }

func add(to, a *AgencyStats) {
	to.Officers += a.Officers
	to.Hours += a.Hours
	to.Reached += a.Reached
	to.Sat += a.Sat
	to.Passed += a.Passed
}

// childRegion is the region directly below region that holds code
// (370000, 370102 → 370100; 370100, 370102 → 370102), region itself for a
// code of region's own level.
func childRegion(region, code string) string {
	switch {
	case region == "":
		return code[:2] + "0000"
	case region[2:] == "0000":
		return code[:4] + "00"
	}
	return code
}

// parentRegion is the region above (370102 → 370100 → 370000 → "").
func parentRegion(region string) string {
	switch {
	case len(region) != 6 || region[2:] == "0000":
		return ""
	case region[4:] == "00":
		return region[:2] + "0000"
	}
	return region[:4] + "00"
}

func (s *Service) regionNames(ctx context.Context) (map[string]string, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT code, name FROM regions`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var c, n string
		if err := rows.Scan(&c, &n); err != nil {
			return nil, err
		}
		out[c] = n
	}
	return out, rows.Err()
}
