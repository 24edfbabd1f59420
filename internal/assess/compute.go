package assess

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/stats"
	"zfjd/internal/store"
)

// Value is one indicator of one agency: what was measured, its points
// and where the evidence is.
type Value struct {
	Value    float64 `json:"value"`
	Text     string  `json:"text"` // the value as shown, with its basis
	Points   float64 `json:"points"`
	Evidence string  `json:"evidence,omitempty"` // the page that shows the data
}

// Score is one agency's sheet.
type Score struct {
	Code, Name string
	Values     map[string]Value // by indicator code
	Adjust     float64          // the supervision body's adjustments, in points
	Total      float64
	Rank       int
}

// Ranking is the assessment of a region's enforcement agencies for a year.
type Ranking struct {
	Year       int
	Region     string
	RegionName string
	Set        []Indicator
	Default    bool // the platform's default set (the region has none)
	Agencies   []*Score
}

// CheckYear validates the year and region for p: supervision of the
// region only (403 for other roles, 404 outside, 400 for a bad year).
func CheckYear(ctx context.Context, p *auth.Principal, yearText string, region *string) (int, error) {
	if p == nil || (p.Role != auth.RoleSupervisor && p.Role != auth.RoleAdmin) || p.Agency != "" {
		return 0, apperr.New(apperr.Forbidden, "只有监督机构和系统管理员可以查看评议考核")
	}
	year, err := strconv.Atoi(yearText)
	if err != nil || year < 2000 || year > clock.Today(ctx).Y {
		return 0, apperr.Fields{"year": "年度应为2000年至今年之间的四位年份"}.Err()
	}
	if *region == "" {
		*region = p.Region
	} else if ident.ValidateRegionCode(*region) != nil {
		return 0, apperr.Fields{"region_code": "行政区划代码无效"}.Err()
	}
	if !auth.CanReviewReport(p, *region) {
		return 0, apperr.NotFoundf("行政区划")
	}
	return year, nil
}

// SetOf is the indicator set of region for year: the most specific
// region's own, else DefaultSet.
func SetOf(ctx context.Context, q store.Querier, region string, year int) ([]Indicator, bool, error) {
	for code := region; ; code = parentOf(code) {
		var raw string
		err := q.QueryRowContext(ctx, `SELECT indicators_json FROM assess_sets WHERE region_code = $1 AND year = $2`, code, year).Scan(&raw)
		if err == nil {
			var set []Indicator
			return set, false, json.Unmarshal([]byte(raw), &set)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return nil, false, err
		}
		if code == "" {
			return DefaultSet, true, nil
		}
	}
}

// parentOf is the region one level up (a prefix shortened), "" above a province.
func parentOf(code string) string {
	p := ident.RegionPrefix(code)
	switch {
	case len(p) > 6:
		return p[:6]
	case len(p) > 4:
		return p[:4] + "00"
	case len(p) > 2:
		return p[:2] + "0000"
	}
	return ""
}

// Compute scores every enforcement agency of region for year and ranks them.
func Compute(ctx context.Context, db *store.DB, p *auth.Principal, yearText, region string) (*Ranking, error) {
	year, err := CheckYear(ctx, p, yearText, &region)
	if err != nil {
		return nil, err
	}
	r := &Ranking{Year: year, Region: region}
	if r.RegionName, err = stats.RegionName(ctx, db, region); err != nil {
		return nil, err
	}
	if r.Set, r.Default, err = SetOf(ctx, db.R, region, year); err != nil {
		return nil, err
	}
	in, err := gather(ctx, db, year, region)
	if err != nil {
		return nil, err
	}
	for _, ag := range in.agencies {
		s := &Score{Code: ag[0], Name: ag[1], Values: map[string]Value{}, Adjust: in.adjust[ag[0]]}
		for _, ind := range r.Set {
			v := in.value(ind.Source, ag[0], year)
			v.Points = ind.Points(v.Value)
			s.Values[ind.Code] = v
			s.Total += v.Points
		}
		s.Total = math.Round((s.Total+s.Adjust)*10) / 10
		r.Agencies = append(r.Agencies, s)
	}
	slices.SortStableFunc(r.Agencies, func(a, b *Score) int { return cmp.Or(cmp.Compare(b.Total, a.Total), cmp.Compare(a.Code, b.Code)) })
	for i, s := range r.Agencies {
		s.Rank = i + 1
		if i > 0 && s.Total == r.Agencies[i-1].Total {
			s.Rank = r.Agencies[i-1].Rank
		}
	}
	return r, nil
}

func pct(n, d int64) string {
	if d == 0 {
		return "—"
	}
	return strconv.FormatFloat(float64(n)/float64(d)*100, 'f', 1, 64) + "%"
}

// value is one agency's measure of source with its text and evidence.
func (in *inputs) value(source, agency string, year int) Value {
	y := strconv.Itoa(year)
	period := "/statistics?agency_code=" + agency + "&from=" + y + "-01&to=" + y + "-12&group_by=matter"
	c := in.cases[agency]
	switch source {
	case "closure_rate":
		if c.filed == 0 {
			return Value{Value: 1, Text: "本年无立案", Evidence: period}
		}
		return Value{Value: float64(c.closed) / float64(c.filed), Text: fmt.Sprintf("%s（%d / %d）", pct(c.closed, c.filed), c.closed, c.filed), Evidence: period}
	case "publish_rate":
		if c.penalties == 0 {
			return Value{Value: 1, Text: "本年无处罚决定", Evidence: period}
		}
		return Value{Value: float64(c.published) / float64(c.penalties), Text: fmt.Sprintf("%s（%d / %d）", pct(c.published, c.penalties), c.published, c.penalties), Evidence: period}
	case "annulled":
		return Value{Value: float64(c.annulled), Text: fmt.Sprintf("%d件", c.annulled), Evidence: period}
	case "annulled_unexcused":
		n := max(c.annulled-in.excused[agency], 0)
		return Value{Value: float64(n), Text: fmt.Sprintf("%d件（另%d件经认定尽职免责）", n, c.annulled-n), Evidence: "/exemptions"}
	case "cert_rate":
		o := in.officers[agency]
		if o.total == 0 {
			return Value{Text: "无在册执法人员", Evidence: "/officers?agency=" + agency}
		}
		return Value{Value: float64(o.valid) / float64(o.total), Text: fmt.Sprintf("%s（%d / %d）", pct(o.valid, o.total), o.valid, o.total), Evidence: "/officers?agency=" + agency}
	case "training_hours":
		o := in.officers[agency]
		if o.total == 0 {
			return Value{Text: "无在册执法人员", Evidence: "/officers?agency=" + agency}
		}
		h := float64(o.hours) / float64(o.total)
		return Value{Value: h, Text: strconv.FormatFloat(h, 'f', 1, 64) + "学时", Evidence: "/officers?agency=" + agency}
	case "exam_pass_rate":
		x := in.exams[agency]
		if x[0] == 0 {
			return Value{Value: 1, Text: "本年无参考人员", Evidence: "/training/stats?year=" + y}
		}
		return Value{Value: float64(x[1]) / float64(x[0]), Text: fmt.Sprintf("%s（%d / %d）", pct(x[1], x[0]), x[1], x[0]), Evidence: "/training/stats?year=" + y}
	case "review_score":
		rv := in.reviews[agency]
		if rv[1] == 0 {
			return Value{Value: 100, Text: "本年未评查（按满分计）", Evidence: "/reviews"}
		}
		avg := float64(rv[0]) / float64(rv[1])
		return Value{Value: avg, Text: fmt.Sprintf("%.1f分（%d卷）", avg, rv[1]), Evidence: "/reviews"}
	}
	if v, ok := in.live.liveValue(source, agency, year); ok {
		return v
	}
	v, ok := in.entered[agency+"|"+source]
	if !ok {
		if source == "external" {
			return Value{Text: "未录入"}
		}
		return Value{Text: "0件（未录入）"}
	}
	if source == "external" {
		return Value{Value: float64(v), Text: fmt.Sprintf("%d分", v)}
	}
	return Value{Value: float64(v), Text: fmt.Sprintf("%d件", v)}
}
