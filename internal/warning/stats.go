package warning

// The supervision dashboard (统计看板, DOMAIN.md C8/C15): warnings of a
// period in the viewer's jurisdiction grouped by region (one level below the
// region drilled into: province → city → county → township), agency, rule,
// severity or month, with the handling rates. Every count is one grouped
// query on findings over the region range and the period (indexes
// findings_dash_region and findings_scope), never a pass over the cases.
//
// Definitions (written out on the page too):
//   - 预警率: cases registered in the period that carry at least one warning,
//     over the cases registered in the period;
//   - 签收率: warnings signed (now 整改中, 待核查 or 已销号, or 已消除 after
//     a handling step) over the warnings that had to be signed (all but
//     those 已消除 before anyone signed them);
//   - 整改率: warnings answered (整改 or 说明, now 待核查 or 已销号, or 已消除
//     after an answer) over the same;
//   - 平均销号天数: from first issue to 销号, over the warnings 已销号;
//   - 超期: open warnings still unsigned after escalation (the region's
//     signing period passed), or signed but not answered DashRectifyDays
//     days after issue.

import (
	"context"
	"math"
	"strconv"
	"strings"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/law"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// DashRectifyDays is how many calendar days after issue a signed warning
// not yet answered counts as 超期未整改 (the platform's reference period;
// the seeds set no limit).
const DashRectifyDays = 30

// DashMaxDays bounds the period (about 10 years), which bounds the months.
const DashMaxDays = 3660

// DashGroupings are the group_by values with their Chinese names.
var DashGroupings = []struct{ Value, Label string }{
	{"region", "按区划"}, {"agency", "按执法主体"}, {"rule", "按规则"}, {"severity", "按等级"}, {"month", "按月份"},
}

// StatsFilter selects the dashboard: the region drilled into (default the
// viewer's), the grouping and the period (dates, inclusive; default this
// year up to today).
type StatsFilter struct {
	Region  string
	GroupBy string
	From    string
	To      string
}

// StatsTotals are the dashboard's numbers.
type StatsTotals struct {
	Warnings          int     `json:"warnings"`
	Red               int     `json:"red"`
	Yellow            int     `json:"yellow"`
	Open              int     `json:"open"`
	Closed            int     `json:"closed"`
	Overdue           int     `json:"overdue"`
	Cases             int     `json:"cases"`
	CasesWithWarnings int     `json:"cases_with_warnings"`
	NeedSign          int     `json:"needing_sign"`
	Signed            int     `json:"signed"`
	Rectified         int     `json:"rectified"`
	WarningRate       float64 `json:"warning_rate"`   // 0..1
	SignedRate        float64 `json:"signed_rate"`    // 0..1
	RectifiedRate     float64 `json:"rectified_rate"` // 0..1
	AvgDaysToClose    float64 `json:"avg_days_to_close"`
}

// StatsGroup is one bar of the chart and one row of its table.
type StatsGroup struct {
	Key    string `json:"key"`
	Label  string `json:"label"`
	Total  int    `json:"total"`
	Red    int    `json:"red"`
	Yellow int    `json:"yellow"`
	Open   int    `json:"open"`
	Closed int    `json:"closed"`
	Drill  string `json:"drill,omitempty"` // region groups: the code to drill into
}

// Stats is the dashboard of one region, grouping and period.
type Stats struct {
	Region     string       `json:"region_code"`
	RegionName string       `json:"region_name"`
	GroupBy    string       `json:"group_by"`
	From       string       `json:"from"`
	To         string       `json:"to"`
	Totals     StatsTotals  `json:"totals"`
	Groups     []StatsGroup `json:"groups"`
}

// StatsCheck normalizes f for p: bad input is 400 naming the field, a
// region outside p's jurisdiction 404, a role that reads no dashboard 403.
func StatsCheck(ctx context.Context, p *auth.Principal, f *StatsFilter) error {
	if !auth.CanViewSupervision(p) {
		return apperr.New(apperr.Forbidden, "无权查看监督统计")
	}
	fs := apperr.Fields{}
	f.Region = strings.TrimSpace(f.Region)
	if f.Region == "" {
		f.Region = p.Region
	} else if ident.ValidateRegionCode(f.Region) != nil {
		fs.Set("region_code", "行政区划代码无效")
	}
	if f.GroupBy == "" {
		f.GroupBy = "region"
	}
	ok := false
	for _, g := range DashGroupings {
		ok = ok || g.Value == f.GroupBy
	}
	if !ok {
		fs.Set("group_by", registry.OneOf("分组", DashGroupings))
	}
	today := clock.Today(ctx)
	if f.To == "" {
		f.To = today.String()
	}
	if f.From == "" {
		f.From = strconv.Itoa(today.Y) + "-01-01"
	}
	from, errF := law.ParseDate(f.From)
	to, errT := law.ParseDate(f.To)
	if errF != nil {
		fs.Set("from", "开始日期格式应为 YYYY-MM-DD")
	}
	if errT != nil {
		fs.Set("to", "结束日期格式应为 YYYY-MM-DD")
	}
	if errF == nil && errT == nil {
		switch {
		case to.Before(from):
			fs.Set("to", "结束日期不能早于开始日期")
		case from.Y < 2000 || to.Y > today.Y+1:
			fs.Set("from", "统计期间应在2000年至明年之间")
		case from.AddDays(DashMaxDays).Before(to):
			fs.Set("from", "统计期间不超过10年")
		}
	}
	if err := fs.Err(); err != nil {
		return err
	}
	if f.Region != "" && !ident.Contains(p.Region, f.Region) {
		return apperr.NotFoundf("行政区划")
	}
	if f.Region == "" && p.Region != "" {
		return apperr.NotFoundf("行政区划")
	}
	return nil
}

// dashSpan is the period as unix ms [from, to).
func dashSpan(f *StatsFilter) (int64, int64) {
	from, _ := law.ParseDate(f.From)
	to, _ := law.ParseDate(f.To)
	a := time.Date(from.Y, from.M, from.D, 0, 0, 0, 0, clock.Shanghai)
	b := time.Date(to.Y, to.M, to.D, 0, 0, 0, 0, clock.Shanghai).AddDate(0, 0, 1)
	return a.UnixMilli(), b.UnixMilli()
}

// dashScope narrows findings (alias f) or cases (alias c) to p and the
// region drilled into.
func dashScope(p *auth.Principal, f *StatsFilter, w *store.Where, alias string) {
	auth.FilterAgencies(p, w, alias+".region_code", alias+".agency_code")
	if prefix := ident.RegionPrefix(f.Region); prefix != "" {
		w.Add(alias+".region_code >= ? AND "+alias+".region_code < ?", prefix, ident.PrefixEnd(prefix))
	}
}

const dashSums = `COUNT(*), COALESCE(SUM(CASE WHEN f.severity = 'red' THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN f.status = 'open' THEN 1 ELSE 0 END), 0),
	COALESCE(SUM(CASE WHEN f.stage = 'closed' THEN 1 ELSE 0 END), 0)`

// GetStats computes the dashboard of f for p.
func GetStats(ctx context.Context, db *store.DB, p *auth.Principal, f *StatsFilter) (*Stats, error) {
	if err := StatsCheck(ctx, p, f); err != nil {
		return nil, err
	}
	s := &Stats{Region: f.Region, GroupBy: f.GroupBy, From: f.From, To: f.To, Groups: []StatsGroup{}}
	if f.Region == "" {
		s.RegionName = "全国"
	} else {
		names, err := dashRegionNames(ctx, db, []string{f.Region})
		if err != nil {
			return nil, err
		}
		s.RegionName = names[f.Region]
	}
	if err := dashTotals(ctx, db, p, f, &s.Totals); err != nil {
		return nil, err
	}
	groups, err := dashGroups(ctx, db, p, f)
	if err != nil {
		return nil, err
	}
	s.Groups = groups
	return s, nil
}

// GetTotals is GetStats's totals alone, without the groups (the
// statistics page's warning panel shows only these).
func GetTotals(ctx context.Context, db *store.DB, p *auth.Principal, f *StatsFilter) (*StatsTotals, error) {
	if err := StatsCheck(ctx, p, f); err != nil {
		return nil, err
	}
	t := &StatsTotals{}
	if err := dashTotals(ctx, db, p, f, t); err != nil {
		return nil, err
	}
	return t, nil
}

func dashTotals(ctx context.Context, db *store.DB, p *auth.Principal, f *StatsFilter, t *StatsTotals) error {
	from, to := dashSpan(f)
	w := &store.Where{}
	dashScope(p, f, w, "f")
	w.Add("f.first_seen >= ? AND f.first_seen < ?", from, to)
	var closedMs int64
	err := db.R.QueryRowContext(ctx, `SELECT `+dashSums+`,
		COALESCE(SUM(CASE WHEN f.stage = 'cured' AND f.last_action = '' THEN 0 ELSE 1 END), 0),
		COALESCE(SUM(CASE WHEN f.stage IN ('signed', 'answered', 'closed') OR (f.stage = 'cured' AND f.last_action <> '') THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN f.stage IN ('answered', 'closed') OR (f.stage = 'cured' AND f.last_action IN ('rectify', 'explain', 'verify')) THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN f.stage = 'closed' THEN f.resolved_at - f.first_seen ELSE 0 END), 0)
		FROM findings f`+w.SQL(), w.Args...).Scan(&t.Warnings, &t.Red, &t.Open, &t.Closed, &t.NeedSign, &t.Signed, &t.Rectified, &closedMs)
	if err != nil {
		return err
	}
	t.Yellow = t.Warnings - t.Red
	t.SignedRate = dashRate(t.Signed, t.NeedSign)
	t.RectifiedRate = dashRate(t.Rectified, t.NeedSign)
	if t.Closed > 0 {
		t.AvgDaysToClose = math.Round(float64(closedMs)/float64(t.Closed)/86_400_000*10) / 10
	}

	if t.Cases, t.CasesWithWarnings, err = casesWarned(ctx, db, p, f); err != nil {
		return err
	}
	t.WarningRate = dashRate(t.CasesWithWarnings, t.Cases)

	ow := &store.Where{}
	dashScope(p, f, ow, "f")
	dashOverdueWhere(ctx, ow)
	return db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM findings f`+ow.SQL(), ow.Args...).Scan(&t.Overdue)
}

// dashRate is n/d rounded to 4 places, 0 when d is 0.
func dashRate(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return math.Round(float64(n)/float64(d)*10000) / 10000
}

// dashOverdueWhere selects the overdue open warnings (see the file comment).
func dashOverdueWhere(ctx context.Context, w *store.Where) {
	late := clock.Now(ctx).AddDate(0, 0, -DashRectifyDays).UnixMilli()
	w.Add("f.status = 'open'")
	w.Add("(f.stage = 'issued' AND f.escalated = 1) OR (f.stage = 'signed' AND f.issued_at < ?)", late)
}
