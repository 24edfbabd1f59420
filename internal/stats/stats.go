// Package stats answers the statistics dashboards (统计看板, DOMAIN.md C15)
// from the case rollup the case service keeps in each case's saving
// transaction (cases/rollup.go, migration 00029): cases filed and
// decisions made per month, in the viewer's jurisdiction (a range scan on
// the region code), drilled down province → city → county → township, or
// grouped by agency, domain (领域), matter, procedure, outcome, heaviest
// penalty or month, each beside the previous period of the same length.
// Other capabilities add their numbers as panels (panels.go): warnings and
// certificates do so here; complaints and inspections register theirs the
// same way when they exist.
package stats

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
)

// MaxMonths bounds a period (10 years).
const MaxMonths = 120

// Groupings are the group_by values with their Chinese names.
var Groupings = []struct{ Value, Label string }{
	{"region", "按区划"}, {"agency", "按执法主体"}, {"domain", "按执法领域"}, {"matter", "按执法事项"},
	{"procedure", "按程序"}, {"outcome", "按决定结果"}, {"penalty", "按处罚种类"}, {"month", "按月份"},
}

// GroupLabel is the Chinese name of a grouping ("" when unknown).
func GroupLabel(v string) string {
	for _, g := range Groupings {
		if g.Value == v {
			return g.Label
		}
	}
	return ""
}

// Filter selects a dashboard: the region drilled into (default the
// viewer's), optionally one agency, matter, procedure, outcome or penalty
// kind, the grouping and the period as months (YYYY-MM, inclusive;
// default this year up to this month).
type Filter struct {
	Region    string `json:"region_code"`
	Agency    string `json:"agency_code,omitempty"`
	Matter    string `json:"matter_code,omitempty"`
	Procedure string `json:"procedure,omitempty"`
	Outcome   string `json:"outcome,omitempty"`
	Penalty   string `json:"penalty,omitempty"`
	GroupBy   string `json:"group_by"`
	From      string `json:"from"`
	To        string `json:"to"`
}

// Check normalizes f for p: bad input is 400 naming the field, a region
// or agency outside p's jurisdiction 404, a role without dashboards 403.
func Check(ctx context.Context, p *auth.Principal, f *Filter) error {
	if !auth.CanViewStats(p) {
		return apperr.New(apperr.Forbidden, "无权查看执法统计")
	}
	fs := apperr.Fields{}
	for _, s := range []*string{&f.Region, &f.Agency, &f.Matter, &f.Procedure, &f.Outcome, &f.Penalty, &f.GroupBy, &f.From, &f.To} {
		*s = strings.TrimSpace(*s)
	}
	if f.Region == "" {
		f.Region = p.Region
	} else if ident.ValidateRegionCode(f.Region) != nil {
		fs.Set("region_code", "行政区划代码无效")
	}
	if f.GroupBy == "" {
		f.GroupBy = "region"
	}
	if GroupLabel(f.GroupBy) == "" {
		fs.Set("group_by", registry.OneOf("分组", Groupings))
	}
	today := clock.Today(ctx)
	if f.To == "" {
		f.To = fmt.Sprintf("%04d-%02d", today.Y, int(today.M))
	}
	if f.From == "" {
		f.From = fmt.Sprintf("%04d-01", today.Y)
	}
	from, errF := parseMonth(f.From)
	to, errT := parseMonth(f.To)
	if errF != nil {
		fs.Set("from", "开始月份格式应为 YYYY-MM")
	}
	if errT != nil {
		fs.Set("to", "结束月份格式应为 YYYY-MM")
	}
	if errF == nil && errT == nil {
		switch {
		case to.Before(from):
			fs.Set("to", "结束月份不能早于开始月份")
		case from.Year() < 2000 || to.Year() > today.Y+1:
			fs.Set("from", "统计期间应在2000年至明年之间")
		case monthsBetween(from, to) > MaxMonths:
			fs.Set("from", "统计期间不超过10年")
		}
	}
	if err := fs.Err(); err != nil {
		return err
	}
	if !ident.Contains(p.Region, f.Region) && !(p.Region == "" && f.Region == "") {
		return apperr.NotFoundf("行政区划")
	}
	if p.Agency != "" && f.Agency != "" && f.Agency != p.Agency {
		return apperr.NotFoundf("执法主体")
	}
	return nil
}

func parseMonth(s string) (time.Time, error) { return time.Parse("2006-01", s) }

// monthsBetween counts the months from a to b, both included.
func monthsBetween(a, b time.Time) int {
	return (b.Year()-a.Year())*12 + int(b.Month()-a.Month()) + 1
}

// Previous is the period of the same length just before f's.
func Previous(f *Filter) (from, to string) {
	a, _ := parseMonth(f.From)
	b, _ := parseMonth(f.To)
	n := monthsBetween(a, b)
	return a.AddDate(0, -n, 0).Format("2006-01"), a.AddDate(0, -1, 0).Format("2006-01")
}

// Measures are the counts of one group (or the totals) in one period.
type Measures struct {
	Filed     int64 `json:"filed"`     // cases filed (registered) in the period
	Closed    int64 `json:"closed"`    // of them now 办结 (closed, archived or transferred)
	Decided   int64 `json:"decided"`   // decisions made in the period, annulled ones included
	Penalties int64 `json:"penalties"` // 给予行政处罚, not annulled
	NoPenalty int64 `json:"no_penalty"`
	Transfers int64 `json:"transfers"` // 移送司法机关
	Annulled  int64 `json:"annulled"`  // decisions of the period since annulled
	AmountFen int64 `json:"amount_fen"`
	FineFen   int64 `json:"fine_fen"`
	DaysSum   int64 `json:"-"`
	Timed     int64 `json:"-"`
	Published int64 `json:"published"` // penalty decisions published (not annulled)
}

func (m *Measures) add(o Measures) {
	m.Filed, m.Closed, m.Decided, m.Penalties = m.Filed+o.Filed, m.Closed+o.Closed, m.Decided+o.Decided, m.Penalties+o.Penalties
	m.NoPenalty, m.Transfers, m.Annulled = m.NoPenalty+o.NoPenalty, m.Transfers+o.Transfers, m.Annulled+o.Annulled
	m.AmountFen, m.FineFen, m.DaysSum, m.Timed, m.Published = m.AmountFen+o.AmountFen, m.FineFen+o.FineFen,
		m.DaysSum+o.DaysSum, m.Timed+o.Timed, m.Published+o.Published
}

// AvgDays is the mean of the days from filing to decision (general
// procedure cases that were filed), to one decimal.
func (m Measures) AvgDays() float64 { return ratio(m.DaysSum, m.Timed, 10) }

// ClosureRate is 结案率: closed over filed, 0..1.
func (m Measures) ClosureRate() float64 { return ratio(m.Closed, m.Filed, 10000) }

// PublishRate is the share of penalty decisions published, 0..1.
func (m Measures) PublishRate() float64 { return ratio(m.Published, m.Penalties, 10000) }

func ratio(n, d int64, scale float64) float64 {
	if d == 0 {
		return 0
	}
	return math.Round(float64(n)/float64(d)*scale) / scale
}

// Row is one group: a bar of the chart and a row of its table.
type Row struct {
	Key   string   `json:"key"`
	Label string   `json:"label"`
	Drill string   `json:"drill,omitempty"` // region rows: the region code to drill into
	Cur   Measures `json:"current"`
	Prev  Measures `json:"previous"`
}

// Dashboard is one region, grouping and period with the previous period.
type Dashboard struct {
	Filter
	RegionName string   `json:"region_name"`
	PrevFrom   string   `json:"previous_from"`
	PrevTo     string   `json:"previous_to"`
	Totals     Measures `json:"totals"`
	Prev       Measures `json:"previous_totals"`
	Rows       []Row    `json:"groups"`
	Panels     []Panel  `json:"panels"`
}

// MarshalJSON adds the derived rates and the mean duration to the counts.
func (m Measures) MarshalJSON() ([]byte, error) {
	type plain Measures
	return json.Marshal(struct {
		plain
		AvgDays     float64 `json:"avg_days"`
		ClosureRate float64 `json:"closure_rate"`
		PublishRate float64 `json:"publish_rate"`
	}{plain(m), m.AvgDays(), m.ClosureRate(), m.PublishRate()})
}
