package warning

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/law"
	"zfjd/internal/store"
)

// dashNextLevel is the length of the region prefix one level below prefix
// (province 2 → city 4 → county 6 → township 9 → the 12-digit code).
func dashNextLevel(prefix string) int {
	switch n := len(prefix); {
	case n < 2:
		return 2
	case n < 4:
		return 4
	case n < 6:
		return 6
	case n < 9:
		return 9
	}
	return 12
}

// dashRegionOf is the region code a group key (a prefix) stands for.
func dashRegionOf(key string) string {
	switch len(key) {
	case 2:
		return key + "0000"
	case 4:
		return key + "00"
	case 9:
		return key + "000"
	}
	return key
}

func dashGroups(ctx context.Context, db *store.DB, p *auth.Principal, f *StatsFilter) ([]StatsGroup, error) {
	from, to := dashSpan(f)
	w := &store.Where{}
	dashScope(p, f, w, "f")
	w.Add("f.first_seen >= ? AND f.first_seen < ?", from, to)
	var key string
	switch f.GroupBy {
	case "region":
		key = "SUBSTR(f.region_code, 1, " + strconv.Itoa(dashNextLevel(ident.RegionPrefix(f.Region))) + ")"
	case "agency":
		key = "f.agency_code"
	case "rule":
		key = "f.rule"
	case "severity":
		key = "f.severity"
	case "month":
		// The civil day number in Asia/Shanghai, folded into months below:
		// one SQL text for both engines (integer division on both).
		key = "CAST((f.first_seen + 28800000) / 86400000 AS TEXT)"
	}
	rows, err := db.R.QueryContext(ctx, `SELECT `+key+`, `+dashSums+` FROM findings f`+w.SQL()+` GROUP BY 1`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byKey := map[string]*StatsGroup{}
	var keys []string
	for rows.Next() {
		var g StatsGroup
		if err := rows.Scan(&g.Key, &g.Total, &g.Red, &g.Open, &g.Closed); err != nil {
			return nil, err
		}
		if f.GroupBy == "month" {
			day, _ := strconv.ParseInt(g.Key, 10, 64)
			g.Key = time.UnixMilli(day * 86_400_000).UTC().Format("2006-01")
		}
		if f.GroupBy == "region" {
			g.Key = dashRegionOf(g.Key)
		}
		if have, ok := byKey[g.Key]; ok {
			have.Total, have.Red, have.Open, have.Closed = have.Total+g.Total, have.Red+g.Red, have.Open+g.Open, have.Closed+g.Closed
			continue
		}
		byKey[g.Key] = &g
		keys = append(keys, g.Key)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if f.GroupBy == "month" {
		keys = dashMonths(f) // every month of the period, empty ones too
	}
	labels, err := dashLabels(ctx, db, f, keys)
	if err != nil {
		return nil, err
	}
	out := make([]StatsGroup, 0, len(keys))
	for _, k := range keys {
		g := byKey[k]
		if g == nil {
			g = &StatsGroup{Key: k}
		}
		g.Yellow = g.Total - g.Red
		g.Label = labels[k]
		if f.GroupBy == "region" && k != f.Region && ident.RegionPrefix(k) != ident.RegionPrefix(f.Region) {
			g.Drill = k
		}
		out = append(out, *g)
	}
	slices.SortStableFunc(out, func(a, b StatsGroup) int {
		switch f.GroupBy {
		case "region", "month":
			return strings.Compare(a.Key, b.Key)
		case "severity":
			return strings.Compare(dashSeverityOrder(a.Key), dashSeverityOrder(b.Key)) // red before yellow
		}
		if a.Total != b.Total {
			return b.Total - a.Total
		}
		return strings.Compare(a.Key, b.Key)
	})
	return out, nil
}

// dashMonths lists the months of the period, "2006-01".
func dashMonths(f *StatsFilter) []string {
	from, _ := law.ParseDate(f.From)
	to, _ := law.ParseDate(f.To)
	var out []string
	for y, m := from.Y, from.M; y < to.Y || (y == to.Y && m <= to.M); {
		out = append(out, fmt.Sprintf("%04d-%02d", y, int(m)))
		if m++; m > 12 {
			y, m = y+1, 1
		}
	}
	return out
}

func dashLabels(ctx context.Context, db *store.DB, f *StatsFilter, keys []string) (map[string]string, error) {
	out := map[string]string{}
	switch f.GroupBy {
	case "region":
		names, err := dashRegionNames(ctx, db, keys)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			switch {
			case k == f.Region || ident.RegionPrefix(k) == ident.RegionPrefix(f.Region):
				out[k] = names[k] + "（本级）"
			case names[k] != "":
				out[k] = names[k]
			default:
				out[k] = k
			}
		}
	case "agency":
		names, err := dashNames(ctx, db, `SELECT code, name FROM agencies WHERE code IN (%s)`, keys)
		if err != nil {
			return nil, err
		}
		for _, k := range keys {
			if out[k] = names[k]; out[k] == "" {
				out[k] = k
			}
		}
	case "severity":
		for _, k := range keys {
			out[k] = SeverityLabel(k)
		}
	case "month":
		for _, k := range keys {
			y, m, _ := strings.Cut(k, "-")
			mm, _ := strconv.Atoi(m)
			out[k] = y + "年" + strconv.Itoa(mm) + "月"
		}
	default:
		for _, k := range keys {
			out[k] = k
		}
	}
	return out, nil
}

func dashRegionNames(ctx context.Context, db *store.DB, codes []string) (map[string]string, error) {
	return dashNames(ctx, db, `SELECT code, name FROM regions WHERE code IN (%s)`, codes)
}

func dashNames(ctx context.Context, db *store.DB, q string, keys []string) (map[string]string, error) {
	out := map[string]string{}
	for len(keys) > 0 {
		chunk := keys[:min(len(keys), 500)]
		keys = keys[len(chunk):]
		w := &store.Where{}
		marks := make([]string, len(chunk))
		for i, k := range chunk {
			marks[i] = w.Arg(k)
		}
		rows, err := db.R.QueryContext(ctx, strings.Replace(q, "%s", strings.Join(marks, ","), 1), w.Args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var k, v string
			if err := rows.Scan(&k, &v); err != nil {
				rows.Close()
				return nil, err
			}
			out[k] = v
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// OverdueItem is one overdue open warning.
type OverdueItem struct {
	ID                                 int64
	Rule, Severity, Message, Stage     string
	AgencyCode, AgencyName, RegionCode string
	IssuedAt                           int64
	Escalated                          bool
}

// Why says why the warning is overdue.
func (o *OverdueItem) Why() string {
	if o.Stage == "issued" {
		return "超期未签收"
	}
	return "超期未整改"
}

// DashOverdue lists the oldest overdue open warnings of f's region in p's
// scope (at most limit).
func DashOverdue(ctx context.Context, db *store.DB, p *auth.Principal, f *StatsFilter, limit int) ([]OverdueItem, error) {
	if err := StatsCheck(ctx, p, f); err != nil {
		return nil, err
	}
	w := &store.Where{}
	dashScope(p, f, w, "f")
	dashOverdueWhere(ctx, w)
	rows, err := db.R.QueryContext(ctx, `SELECT f.id, f.rule, f.severity, f.message, f.stage, f.agency_code, COALESCE(a.name, ''),
		f.region_code, f.issued_at, f.escalated, f.due FROM findings f LEFT JOIN agencies a ON a.code = f.agency_code`+w.SQL()+
		` ORDER BY f.issued_at, f.id LIMIT `+w.Arg(limit), w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OverdueItem
	for rows.Next() {
		var o OverdueItem
		var esc int
		var due string
		if err := rows.Scan(&o.ID, &o.Rule, &o.Severity, &o.Message, &o.Stage, &o.AgencyCode, &o.AgencyName, &o.RegionCode,
			&o.IssuedAt, &esc, &due); err != nil {
			return nil, err
		}
		o.Message = flow.MessageOn(ctx, o.Message, due, "open", 0) // open warnings only
		o.Escalated = esc != 0
		out = append(out, o)
	}
	return out, rows.Err()
}

// ExportStats writes the dashboard's grouped table (the chart's rows) and
// its totals as xlsx.
func ExportStats(ctx context.Context, db *store.DB, p *auth.Principal, f *StatsFilter, out io.Writer) error {
	s, err := GetStats(ctx, db, p, f)
	if err != nil {
		return err
	}
	rows := make([][]any, 0, len(s.Groups))
	for _, g := range s.Groups {
		rows = append(rows, []any{g.Key, g.Label, g.Total, g.Red, g.Yellow, g.Open, g.Closed})
	}
	title := "预警统计"
	for _, g := range DashGroupings {
		if g.Value == f.GroupBy {
			title += g.Label
		}
	}
	return dashXLSX(out, title, []any{"代码", "名称", "预警数", "红色", "黄色", "未办结", "已销号"}, rows)
}

// DashExportName is the download name of an export.
func DashExportName(ctx context.Context, what string) string {
	return what + "-" + clock.TodayString(ctx) + ".xlsx"
}

func dashSeverityOrder(s string) string {
	if s == "red" {
		return "0"
	}
	return "1" + s
}

// GetStatsGroups is the grouped table of f alone (no totals), for a page
// that shows several groupings of one period.
func GetStatsGroups(ctx context.Context, db *store.DB, p *auth.Principal, f *StatsFilter) ([]StatsGroup, error) {
	if err := StatsCheck(ctx, p, f); err != nil {
		return nil, err
	}
	return dashGroups(ctx, db, p, f)
}
