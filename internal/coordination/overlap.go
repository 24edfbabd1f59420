package coordination

import (
	"context"
	"slices"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/law"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Overlap detection (重复执法、多头执法; the Jinan 协调指挥中心's "执法交叉、
// 重复执法"): the same party with cases of several agencies filed within
// one window, read from the live cases table of a region. It is a range
// scan of the index cases_overlap (region, filed_on, party, agency,
// matter) over the region and the window only, never all cases.

// OverlapFilter selects overlaps. Zero fields take the defaults.
type OverlapFilter struct {
	Region      string // within the viewer's; "" = the viewer's own
	From, To    string // filing window, YYYY-MM-DD; default the 90 days to today
	MinAgencies int    // default the region's setting
	// Settings are the region's parameters in force (OverlapSettingsOf),
	// filled by Prepare; SetIn is the region that set them ("" = defaults).
	Settings OverlapSettings
	SetIn    string
}

// Window limits of overlap detection.
const (
	DefaultWindowDays = 90
	MaxWindowDays     = 366
	MaxOverlaps       = 100
)

// Overlap is one party with cases of several agencies in the window.
type Overlap struct {
	PartyID    string // masked for a person
	PartyName  string
	PartyKind  string
	Agencies   []OverlapAgency
	Cases      []OverlapCase
	Inspected  []OverlapInspection // inspections of the party in the window
	SameMatter []string            // matters on which two or more agencies acted (同一事项多头执法)
	First      string
	Last       string

	partyID string
}

// OverlapAgency is one agency acting on the party.
type OverlapAgency struct{ Code, Name string }

// OverlapCase is one case of the party in the window.
type OverlapCase struct {
	ID                              int64
	CaseNo, Title, Agency, Matter   string
	AgencyName, MatterName, FiledOn string
	Status                          string
}

// Codes are the agency codes acting on the party.
func (o *Overlap) Codes() []string {
	out := make([]string, len(o.Agencies))
	for i, a := range o.Agencies {
		out[i] = a.Code
	}
	return out
}

// Prepare reads the settings in force in f's region (the viewer's own
// when f names none) and fills f's defaults from them on today (Check).
func (f *OverlapFilter) Prepare(ctx context.Context, q store.Querier, p *auth.Principal) error {
	if f.Region == "" && p != nil {
		f.Region = p.Region
	}
	if ident.ValidateRegionCode(f.Region) == nil {
		var err error
		if f.Settings, f.SetIn, err = OverlapSettingsOf(ctx, q, f.Region); err != nil {
			return err
		}
	}
	return f.Check(p, clock.Today(ctx))
}

// Check fills f's defaults on today (from f.Settings, else the defaults)
// and validates it, naming the field.
func (f *OverlapFilter) Check(p *auth.Principal, today law.Date) error {
	bad := apperr.Fields{}
	if f.Region == "" && p != nil {
		f.Region = p.Region
	}
	if f.Settings.WindowDays == 0 {
		f.Settings = DefaultOverlapSettings
	}
	if f.Region != "" && ident.ValidateRegionCode(f.Region) != nil {
		bad.Set("region", "区划代码无效")
	}
	if f.To == "" {
		f.To = today.String()
	}
	to, err := law.ParseDate(f.To)
	if err != nil {
		bad.Set("to", "日期格式应为 YYYY-MM-DD")
	}
	if f.From == "" && err == nil {
		f.From = to.AddDays(-f.Settings.WindowDays).String()
	}
	from, err2 := law.ParseDate(f.From)
	switch {
	case err2 != nil:
		bad.Set("from", "日期格式应为 YYYY-MM-DD")
	case err == nil && from.After(to):
		bad.Set("from", "起始日期不能晚于截止日期")
	case err == nil && from.AddDays(MaxWindowDays).Before(to):
		bad.Set("from", "时间窗口不能超过366天")
	}
	if f.MinAgencies == 0 {
		f.MinAgencies = f.Settings.MinAgencies
	} else if f.MinAgencies < 2 || f.MinAgencies > MaxMinAgencies {
		bad.Set("min_agencies", "执法机关数应为2至10")
	}
	return bad.Err()
}

// Overlaps lists the parties of region with cases filed or inspections
// checked in by at least f.MinAgencies agencies in the window (多头执法、
// 多头检查), most agencies first (at most MaxOverlaps), each with its
// cases and inspections. Only the region's supervision
// body reads them.
func Overlaps(ctx context.Context, db *store.DB, p *auth.Principal, f *OverlapFilter) ([]*Overlap, error) {
	if err := f.Prepare(ctx, db.R, p); err != nil {
		return nil, err
	}
	if !auth.CanCoordinate(p, f.Region) {
		return nil, apperr.New(apperr.Forbidden, "重复执法发现仅供本辖区的行政执法监督机构查看")
	}
	// Cases by filing date and inspections by visit day, both range scans
	// of their overlap index over the region and the window.
	w := &store.Where{}
	lo, hi := regionRange(f.Region)
	from, to := w.Arg(f.From), w.Arg(f.To)
	l, h := w.Arg(lo), w.Arg(hi)
	q := `SELECT pid, COUNT(DISTINCT agency) AS n, COUNT(*) FROM (
		SELECT party_id_number AS pid, agency_code AS agency FROM cases WHERE region_code >= ` + l + ` AND region_code < ` + h + `
			AND filed_on >= ` + from + ` AND filed_on <= ` + to + ` AND party_id_number <> ''
		UNION ALL
		SELECT enterprise_id AS pid, agency_code AS agency FROM inspections WHERE region_code >= ` + l + ` AND region_code < ` + h + `
			AND visit_day >= ` + from + ` AND visit_day <= ` + to + ` AND enterprise_id <> '') acts
		GROUP BY pid HAVING COUNT(DISTINCT agency) >= ` + w.Arg(f.MinAgencies) +
		` ORDER BY n DESC, COUNT(*) DESC, pid LIMIT ` + w.Arg(MaxOverlaps)
	rows, err := db.R.QueryContext(ctx, q, w.Args...)
	if err != nil {
		return nil, err
	}
	var out []*Overlap
	for rows.Next() {
		var o Overlap
		var n, c int
		if err := rows.Scan(&o.partyID, &n, &c); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, &o)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	for _, o := range out {
		if err := overlapCases(ctx, db, f, o); err != nil {
			return nil, err
		}
		if err := overlapInspections(ctx, db, f, o); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// overlapCases reads the cases of o's party in the region and window (the
// index cases_party, one party at a time).
func overlapCases(ctx context.Context, db *store.DB, f *OverlapFilter, o *Overlap) error {
	w := &store.Where{}
	w.Add("c.party_id_number = ?", o.partyID)
	if prefix := ident.RegionPrefix(f.Region); prefix != "" {
		w.Add("c.region_code >= ? AND c.region_code < ?", prefix, ident.PrefixEnd(prefix))
	}
	w.Add("c.filed_on >= ? AND c.filed_on <= ?", f.From, f.To)
	rows, err := db.R.QueryContext(ctx, `SELECT c.id, c.case_no, c.title, c.agency_code, c.matter_code, c.filed_on, c.status,
		c.party_name, c.party_kind, COALESCE(a.name, c.agency_code), COALESCE(m.name, c.matter_code)
		FROM cases c LEFT JOIN agencies a ON a.code = c.agency_code LEFT JOIN matters m ON m.code = c.matter_code`+w.SQL()+
		` ORDER BY c.filed_on, c.id LIMIT 200`, w.Args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	byMatter := map[string][]string{}
	for rows.Next() {
		var c OverlapCase
		if err := rows.Scan(&c.ID, &c.CaseNo, &c.Title, &c.Agency, &c.Matter, &c.FiledOn, &c.Status, &o.PartyName, &o.PartyKind,
			&c.AgencyName, &c.MatterName); err != nil {
			return err
		}
		o.Cases = append(o.Cases, c)
		if !slices.ContainsFunc(o.Agencies, func(a OverlapAgency) bool { return a.Code == c.Agency }) {
			o.Agencies = append(o.Agencies, OverlapAgency{c.Agency, c.AgencyName})
		}
		if !slices.Contains(byMatter[c.Matter], c.Agency) {
			byMatter[c.Matter] = append(byMatter[c.Matter], c.Agency)
		}
	}
	for _, c := range o.Cases {
		if len(byMatter[c.Matter]) > 1 && !slices.Contains(o.SameMatter, c.MatterName) {
			o.SameMatter = append(o.SameMatter, c.MatterName)
		}
	}
	if n := len(o.Cases); n > 0 {
		o.First, o.Last = o.Cases[0].FiledOn, o.Cases[n-1].FiledOn
	}
	o.PartyID = o.partyID
	if o.PartyKind == "person" {
		o.PartyID = registry.MaskIDNumber(o.partyID)
	}
	return rows.Err()
}
