// Package report drafts the 行政执法统计年报 (DOMAIN.md C7, domain-research
// §1.11) from live data: the penalty table of spec/supervision-v1.md §7
// for a region, and the official tables per agency (行政处罚, 行政许可,
// 行政强制, 行政检查, 持证率) with "0" where the duty exists and nothing
// happened and a note where there is no such duty. Counts come from the
// case rollup (cases/rollup.go), so a year of a province is one grouped
// query.
package report

import (
	"context"
	"strconv"
	"strings"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// PenaltyTable is the 行政处罚 table of §7: decisions of the year counted
// once each under their heaviest penalty, annulled ones excluded, and
// their 罚没金额.
type PenaltyTable struct {
	WarningCriticism              int64 `json:"warning_criticism"`
	Fine                          int64 `json:"fine"`
	Confiscation                  int64 `json:"confiscation"`
	SuspendDowngrade              int64 `json:"suspend_downgrade"`
	Revoke                        int64 `json:"revoke"`
	RestrictBusiness              int64 `json:"restrict_business"`
	SuspendCloseRestrictEmploymnt int64 `json:"suspend_close_restrict_employment"`
	Detention                     int64 `json:"detention"`
	Other                         int64 `json:"other"`
	Total                         int64 `json:"total"`
	AmountFen                     int64 `json:"amount_fen"`
}

// Inspection is the 行政检查 line of §7: checked-in visits of the year
// (a joint visit is one record, counted once) and how many were joint;
// Enterprises, not in §7's answer, is how many enterprises they visited
// (the 年报's 涉企检查 frequency, domain-research §1.11).
type Inspection struct {
	Total       int64 `json:"total"`
	Joint       int64 `json:"joint"`
	Enterprises int64 `json:"-"`
}

// Coercion is the 行政强制 line of the 年报 (行政强制法): 查封、扣押 (the
// 行政强制措施 of Art. 9 the cases record) and applications to the court
// for enforcement (Art. 53). The platform's exchange carries no 行政机关
// 自行强制执行, so the table says so rather than show a count.
type Coercion struct {
	Measures    int64 `json:"measures"`
	Enforcement int64 `json:"court_enforcement"`
}

// Annual is the §7 answer of GET /api/v1/reports/annual/{year}.
type Annual struct {
	Year       int          `json:"year"`
	Region     string       `json:"region_code"`
	AsOf       time.Time    `json:"as_of"`
	Penalty    PenaltyTable `json:"penalty"`
	Inspection Inspection   `json:"inspection"`
}

// Column maps a heaviest penalty kind (cases.HeaviestPenalty) to its
// column of the 年报 (§7's mapping).
var Column = map[string]string{
	"warning": "warning_criticism", "criticism": "warning_criticism", "fine": "fine",
	"confiscate_income": "confiscation", "confiscate_property": "confiscation",
	"suspend_license": "suspend_downgrade", "downgrade": "suspend_downgrade", "revoke_license": "revoke",
	"restrict_business": "restrict_business", "suspend_business": "suspend_close_restrict_employment",
	"close": "suspend_close_restrict_employment", "restrict_employment": "suspend_close_restrict_employment",
	"detention": "detention", "other": "other",
}

// Columns are the table's columns in the official order with their heads.
var Columns = []struct{ Key, Label string }{
	{"warning_criticism", "警告、通报批评"}, {"fine", "罚款"}, {"confiscation", "没收违法所得、没收非法财物"},
	{"suspend_downgrade", "暂扣许可证件、降低资质等级"}, {"revoke", "吊销许可证件"}, {"restrict_business", "限制开展生产经营活动"},
	{"suspend_close_restrict_employment", "责令停产停业、责令关闭、限制从业"}, {"detention", "行政拘留"}, {"other", "其他"},
}

// col is the field of column key (the 9 penalty columns).
func (t *PenaltyTable) col(key string) *int64 {
	switch key {
	case "warning_criticism":
		return &t.WarningCriticism
	case "fine":
		return &t.Fine
	case "confiscation":
		return &t.Confiscation
	case "suspend_downgrade":
		return &t.SuspendDowngrade
	case "revoke":
		return &t.Revoke
	case "restrict_business":
		return &t.RestrictBusiness
	case "suspend_close_restrict_employment":
		return &t.SuspendCloseRestrictEmploymnt
	case "detention":
		return &t.Detention
	}
	return &t.Other
}

// add counts n decisions under kind's column.
func (t *PenaltyTable) add(kind string, n, amount int64) {
	*t.col(Column[kind]) += n
	t.Total += n
	t.AmountFen += amount
}

// Value is the count of column key.
func (t *PenaltyTable) Value(key string) int64 { return *t.col(key) }

// CheckYear validates the year and region of a 年报 request for p: 400
// naming the field, 403 for who is not supervision, 404 outside p's
// jurisdiction. region "" is p's own.
func CheckYear(ctx context.Context, p *auth.Principal, yearText string, region *string) (int, error) {
	fs := apperr.Fields{}
	year, err := strconv.Atoi(strings.TrimSpace(yearText))
	today := clock.Today(ctx)
	if err != nil || year < 2000 || year > today.Y {
		fs.Set("year", "年度应为2000年至今年之间的四位年份")
	}
	*region = strings.TrimSpace(*region)
	if *region == "" && p != nil {
		*region = p.Region
	}
	if *region != "" && ident.ValidateRegionCode(*region) != nil {
		fs.Set("region_code", "行政区划代码无效")
	}
	if !isSupervision(p) {
		return 0, apperr.New(apperr.Forbidden, "只有监督机构和系统管理员可以查看行政执法统计年报")
	}
	if err := fs.Err(); err != nil {
		return 0, err
	}
	if !auth.CanReadAnnualReport(p, *region) {
		return 0, apperr.NotFoundf("行政区划")
	}
	return year, nil
}

func isSupervision(p *auth.Principal) bool {
	return p != nil && (p.Role == auth.RoleSupervisor || p.Role == auth.RoleAdmin) && p.Agency == ""
}

// GetAnnual answers §7 for year and region.
func GetAnnual(ctx context.Context, db *store.DB, p *auth.Principal, yearText, region string) (*Annual, error) {
	year, err := CheckYear(ctx, p, yearText, &region)
	if err != nil {
		return nil, err
	}
	a := &Annual{Year: year, Region: region, AsOf: clock.Now(ctx).UTC().Truncate(time.Second)}
	byAgency, err := penalties(ctx, db, year, region, "")
	if err != nil {
		return nil, err
	}
	for _, c := range byAgency {
		a.Penalty.merge(&c.Penalty)
	}
	if a.Inspection, err = inspections(ctx, db, year, region, ""); err != nil {
		return nil, err
	}
	return a, nil
}

func (t *PenaltyTable) merge(o *PenaltyTable) {
	for _, c := range Columns {
		*t.col(c.Key) += *o.col(c.Key)
	}
	t.Total += o.Total
	t.AmountFen += o.AmountFen
}

// counts are one agency's lines of the year read from the coarse rollup.
type counts struct {
	Penalty  PenaltyTable
	Coercion Coercion
}

// penalties reads the year's penalty and 行政强制 counts of region per
// agency (of agency alone when it is not "") from the yearly rollup
// (case_rollup_year, migration 00057: a row per region × year × agency),
// whose p_<kind> columns count the decisions not annulled under their
// heaviest penalty and coerce_* the 查封、扣押 and applications to the
// court (cases.WideCols).
func penalties(ctx context.Context, db *store.DB, year int, region, agency string) (map[string]*counts, error) {
	w := &store.Where{}
	if prefix := ident.RegionPrefix(region); prefix != "" {
		w.Add("r.region_code >= ? AND r.region_code < ?", prefix, ident.PrefixEnd(prefix))
	}
	if agency != "" {
		w.Add("r.agency_code = ?", agency)
	}
	w.Add("r.year = ?", year)
	sel := make([]string, len(cases.PenaltyKinds))
	for i, k := range cases.PenaltyKinds {
		sel[i] = "COALESCE(SUM(r.p_" + k + "), 0)"
	}
	rows, err := db.R.QueryContext(ctx, `SELECT r.agency_code, COALESCE(SUM(r.amount_fen), 0), COALESCE(SUM(r.coerce_measures), 0),
		COALESCE(SUM(r.coerce_enforce), 0), `+strings.Join(sel, ", ")+`
		FROM case_rollup_year r`+w.SQL()+` GROUP BY r.agency_code`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]*counts{}
	for rows.Next() {
		var ag string
		var amount int64
		var c counts
		n := make([]int64, len(cases.PenaltyKinds))
		dst := []any{&ag, &amount, &c.Coercion.Measures, &c.Coercion.Enforcement}
		for i := range n {
			dst = append(dst, &n[i])
		}
		if err := rows.Scan(dst...); err != nil {
			return nil, err
		}
		c.Penalty.AmountFen = amount
		for i, k := range cases.PenaltyKinds {
			c.Penalty.add(k, n[i], 0)
		}
		out[ag] = &c
	}
	return out, rows.Err()
}
