package stats

import (
	"context"
	"fmt"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// PublicView is the portal's live statistics (公示门户, issue 11): the
// penalty decisions of one year in a region, by the regions one level
// below (down to the county) or, inside a county, by agency, beside the
// same months of the year before. Only aggregates: decisions, amounts and
// how many are on display, read from the rollups the dashboards use.
type PublicView struct {
	Region     string
	RegionName string
	Year       int
	Years      []int // the years one may choose (this one and the four before)
	ByAgency   bool  // rows are agencies (a county or below)
	Up         string
	Totals     Measures
	Prev       Measures
	Rows       []Row
}

// Public answers the portal's statistics of region ("" the whole
// platform) for year ("" this year). Bad input is 400 naming the field,
// with the view's year choices still filled in for the form.
func Public(ctx context.Context, db *store.DB, region, year string) (*PublicView, error) {
	p := auth.Portal
	if !auth.CanReadPublicStats(p) {
		return nil, apperr.New(apperr.Forbidden, "无权查看")
	}
	today := clock.Today(ctx)
	v := &PublicView{Region: region, Year: today.Y}
	for y := today.Y; y > today.Y-5; y-- {
		v.Years = append(v.Years, y)
	}
	fs := apperr.Fields{}
	if region != "" && ident.ValidateRegionCode(region) != nil {
		fs.Set("region", "行政区划代码无效")
	}
	if year != "" {
		y, err := strconv.Atoi(year)
		if err != nil || y < today.Y-4 || y > today.Y {
			fs.Set("year", fmt.Sprintf("年度应为%d至%d年之间", today.Y-4, today.Y))
		}
		v.Year = y
	}
	if err := fs.Err(); err != nil {
		return &PublicView{Years: v.Years, Year: today.Y}, err
	}
	f := &Filter{Region: region, GroupBy: "region", From: fmt.Sprintf("%04d-01", v.Year), To: fmt.Sprintf("%04d-12", v.Year)}
	if v.Year == today.Y {
		f.To = fmt.Sprintf("%04d-%02d", today.Y, int(today.M))
	}
	prefix := ident.RegionPrefix(region)
	if len(prefix) >= 6 {
		f.GroupBy, v.ByAgency = "agency", true
	}
	prevFrom, _ := Previous(f)
	rows, err := groups(ctx, db, p, f, prevFrom)
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		v.Totals.add(r.Cur)
		v.Prev.add(r.Prev)
		if r.Cur.Decided+r.Prev.Decided > 0 {
			v.Rows = append(v.Rows, r)
		}
	}
	if err := label(ctx, db, f, v.Rows); err != nil {
		return nil, err
	}
	if region != "" {
		if v.RegionName, err = RegionName(ctx, db, region); err != nil {
			return nil, err
		}
		if v.RegionName == region {
			return nil, apperr.NotFoundf("行政区划")
		}
		if up := map[int]int{4: 2, 6: 4, 9: 6, 12: 9}[len(prefix)]; up > 0 {
			v.Up = regionCodeOf(prefix[:up])
		}
	}
	return v, nil
}
