package discretion

import (
	"context"
	"strings"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// above returns the 6-digit codes strictly above region (its province and
// city, and its county when region is a township).
func above(region string) []string {
	if ident.ValidateRegionCode(region) != nil {
		return nil
	}
	var out []string
	for _, c := range []string{region[:2] + "0000", region[:4] + "00", region[:6]} {
		if c == region || len(out) > 0 && out[len(out)-1] == c {
			continue
		}
		if ident.Contains(c, region) && !ident.Contains(region, c) {
			out = append(out, c)
		}
	}
	return out
}

// filterSetters restricts col (a setting region) to the versions p sees:
// set inside or above p's jurisdiction. p nil is the public.
func filterSetters(p *auth.Principal, w *store.Where, col string) {
	if p == nil || p.Region == "" {
		return
	}
	if ident.ValidateRegionCode(p.Region) != nil {
		w.Add("1 = 0")
		return
	}
	prefix := ident.RegionPrefix(p.Region)
	cond := col + " >= ? AND " + col + " < ?"
	args := []any{prefix, ident.PrefixEnd(prefix)}
	for _, c := range above(p.Region) {
		cond += " OR " + col + " = ?"
		args = append(args, c)
	}
	w.Add(cond, args...)
}

// filterRegion narrows col to a region subtree given by a filter value;
// a malformed value matches nothing.
func filterRegion(w *store.Where, col, region string) {
	if region == "" {
		return
	}
	if ident.ValidateRegionCode(region) != nil {
		w.Add("1 = 0")
		return
	}
	prefix := ident.RegionPrefix(region)
	w.Add(col+" >= ? AND "+col+" < ?", prefix, ident.PrefixEnd(prefix))
}

// VersionFilter narrows ListVersions.
type VersionFilter struct {
	MatterCode string
	Region     string // setting region inside this subtree
	registry.Page
}

// ListVersions lists benchmark versions of matters p sees, set inside or
// above p's jurisdiction, by matter, setting region and date. p nil lists
// all (the public: 处罚法 Art. 34 requires benchmarks to be published).
func ListVersions(ctx context.Context, db *store.DB, p *auth.Principal, f *VersionFilter) ([]*Version, error) {
	f.Normalize()
	var w store.Where
	if p != nil {
		auth.FilterMatters(p, &w, "m.region_code", "m.id")
	}
	filterSetters(p, &w, "b.region_code")
	if f.MatterCode = strings.TrimSpace(f.MatterCode); f.MatterCode != "" {
		w.Add("b.matter_code = ?", f.MatterCode)
	}
	filterRegion(&w, "b.region_code", f.Region)
	from := versionFrom + ` JOIN matters m ON m.code = b.matter_code`
	if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*)`+from+w.SQL(), w.Args...).Scan(&f.Total); err != nil {
		return nil, err
	}
	rows, err := db.R.QueryContext(ctx, `SELECT `+versionCols+`, m.name`+from+w.SQL()+
		` ORDER BY b.matter_code, b.region_code, b.effective_from LIMIT `+w.Arg(f.Size)+` OFFSET `+w.Arg(f.Offset()), w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Version{}
	for rows.Next() {
		var name string
		v, err := scanVersion(rows, &name)
		if err != nil {
			return nil, err
		}
		v.MatterName = name
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := markCurrentOf(ctx, db.R, out); err != nil {
		return nil, err
	}
	return out, nil
}

// markCurrentOf sets Current on a page of versions, looking at every
// version of their matters and setting regions (the page may hold a part).
func markCurrentOf(ctx context.Context, q store.Querier, page []*Version) error {
	if len(page) == 0 {
		return nil
	}
	today := clock.TodayString(ctx)
	var w store.Where
	ph := make([]string, 0, len(page))
	seen := map[string]bool{}
	for _, v := range page {
		if !seen[v.MatterCode] {
			seen[v.MatterCode] = true
			ph = append(ph, w.Arg(v.MatterCode))
		}
	}
	rows, err := q.QueryContext(ctx, `SELECT matter_code, region_code, MAX(effective_from) FROM benchmarks WHERE matter_code IN (`+
		strings.Join(ph, ",")+`) AND effective_from <= `+w.Arg(today)+` GROUP BY matter_code, region_code`, w.Args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	cur := map[[2]string]string{}
	for rows.Next() {
		var m, r, d string
		if err := rows.Scan(&m, &r, &d); err != nil {
			return err
		}
		cur[[2]string{m, r}] = d
	}
	for _, v := range page {
		v.Current = cur[[2]string{v.MatterCode, v.RegionCode}] == v.EffectiveFrom
		v.pending = v.EffectiveFrom > today
	}
	return rows.Err()
}

// MatterRow is one matter of the /discretion page with its versions.
type MatterRow struct {
	Code, Name, Kind, RegionCode, Domain string
	Versions                             []*Version // visible to the caller, higher levels first
}

// MatterFilter narrows ListMatters.
type MatterFilter struct {
	Q, Kind, Domain string
	Region          string // only versions set inside this subtree count
	Show            string // "" matters with a benchmark, "all" every matter, "none" matters without one
	registry.Page
}

// ListMatters lists the matters p sees with their benchmark versions, for
// the /discretion page.
func ListMatters(ctx context.Context, db *store.DB, p *auth.Principal, f *MatterFilter) ([]*MatterRow, error) {
	f.Normalize()
	var w store.Where
	auth.FilterMatters(p, &w, "m.region_code", "m.id")
	if f.Q = store.SearchTerm(f.Q); f.Q != "" {
		w.Add("(m.name LIKE ? ESCAPE '\\' OR m.code = ?)", store.Like(f.Q), f.Q)
	}
	if f.Kind != "" {
		w.Add("m.kind = ?", f.Kind)
	}
	if f.Domain != "" {
		w.Add("m.domain = ?", f.Domain)
	}
	if f.Show != "all" {
		// The subquery's placeholders continue the numbering of w's.
		sub := store.Where{Args: w.Args}
		sub.Add("b.matter_code = m.code")
		filterSetters(p, &sub, "b.region_code")
		filterRegion(&sub, "b.region_code", f.Region)
		exists := "EXISTS (SELECT 1 FROM benchmarks b" + sub.SQL() + ")"
		if f.Show == "none" {
			exists = "NOT " + exists
		}
		w.Args = sub.Args
		w.Add(exists)
	}
	if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM matters m`+w.SQL(), w.Args...).Scan(&f.Total); err != nil {
		return nil, err
	}
	rows, err := db.R.QueryContext(ctx, `SELECT m.code, m.name, m.kind, m.region_code, m.domain FROM matters m`+w.SQL()+
		` ORDER BY m.code LIMIT `+w.Arg(f.Size)+` OFFSET `+w.Arg(f.Offset()), w.Args...)
	if err != nil {
		return nil, err
	}
	var out []*MatterRow
	for rows.Next() {
		m := &MatterRow{}
		if err := rows.Scan(&m.Code, &m.Name, &m.Kind, &m.RegionCode, &m.Domain); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	var vw store.Where
	ph := make([]string, len(out))
	byCode := map[string]*MatterRow{}
	for i, m := range out {
		ph[i] = vw.Arg(m.Code)
		byCode[m.Code] = m
	}
	vs, err := queryVersions(ctx, db.R, `SELECT `+versionCols+versionFrom+` WHERE b.matter_code IN (`+strings.Join(ph, ",")+`)`, vw.Args...)
	if err != nil {
		return nil, err
	}
	markCurrent(vs, clock.TodayString(ctx))
	sortVersions(vs)
	for _, v := range vs {
		if m := byCode[v.MatterCode]; m != nil && visibleTo(p, v.RegionCode) {
			v.MatterName = m.Name
			m.Versions = append(m.Versions, v)
		}
	}
	return out, nil
}
