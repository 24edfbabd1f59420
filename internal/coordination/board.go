package coordination

import (
	"context"
	"sort"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// The command board (指挥看板; the Jinan seed's 协调指挥中心 "统筹协调指挥…
// 日常监管和行政执法活动"): per region, what enforcement does today — cases
// filed today, inspections checked in today (扫码入企), open red warnings,
// open disputes — for each region one level down, and for a county or
// below its open cases by stage. Every count is a range scan of an index
// on the region (and the day), so a view never reads all cases.

// BoardCell is one region's counts.
type BoardCell struct {
	Code, Name                                string
	FiledToday, InspectedToday, Red, Disputes int
	Joint                                     int // joint actions under way
}

// Board is one region's board.
type Board struct {
	Region   registry.Region
	Today    string
	Total    BoardCell
	Children []BoardCell
	Stages   []StageCount // open cases by stage (county level and below)
}

// StageCount is the open cases of one status.
type StageCount struct {
	Status string
	N      int
}

// closedStatuses are the case statuses that are no longer under way.
const closedStatuses = `('closed', 'archived', 'transferred', 'annulled')`

// GetBoard is the board of region (p's own when ""), for its supervision body.
func GetBoard(ctx context.Context, db *store.DB, p *auth.Principal, region string) (*Board, error) {
	if region == "" && p != nil {
		region = p.Region
	}
	if region != "" && ident.ValidateRegionCode(region) != nil {
		return nil, &apperr.Error{Code: apperr.Invalid, Message: "区划代码无效", Fields: apperr.Fields{"region": "区划代码无效"}}
	}
	if !auth.CanCoordinate(p, region) {
		return nil, apperr.New(apperr.Forbidden, "指挥看板仅供本辖区的行政执法监督机构查看")
	}
	b := &Board{Today: clock.TodayString(ctx), Region: registry.Region{Code: region, Name: "全部"}}
	if path := registry.RegionPath(ctx, db, region); len(path) > 0 {
		b.Region = path[len(path)-1]
	}
	kids, err := registry.ListRegions(ctx, db, region, &registry.RegionFilter{Parent: region, Page: registry.Page{Size: 200}})
	if err != nil {
		return nil, err
	}
	cells := map[string]*BoardCell{}
	for _, k := range kids {
		if k.Code != region {
			b.Children = append(b.Children, BoardCell{Code: k.Code, Name: k.Name})
		}
	}
	for i := range b.Children {
		cells[ident.RegionPrefix(b.Children[i].Code)] = &b.Children[i]
	}
	prefix := ident.RegionPrefix(region)
	counts := []struct {
		q   string
		set func(c *BoardCell, n int)
	}{
		{`SELECT region_code, COUNT(*) FROM cases WHERE region_code >= $1 AND region_code < $2 AND filed_on = $3 GROUP BY region_code`,
			func(c *BoardCell, n int) { c.FiledToday += n }},
		{`SELECT region_code, COUNT(*) FROM inspections WHERE region_code >= $1 AND region_code < $2 AND visit_day = $3 GROUP BY region_code`,
			func(c *BoardCell, n int) { c.InspectedToday += n }},
		{`SELECT region_code, COUNT(*) FROM findings WHERE stage IN ('issued', 'signed', 'answered') AND region_code >= $1
			AND region_code < $2 AND severity = 'red' AND status = 'open' AND $3 <> '' GROUP BY region_code`,
			func(c *BoardCell, n int) { c.Red += n }},
		{`SELECT region_code, COUNT(*) FROM disputes WHERE region_code >= $1 AND region_code < $2
			AND status IN ('answering', 'answered', 'meeting', 'proposed') AND $3 <> '' GROUP BY region_code`,
			func(c *BoardCell, n int) { c.Disputes += n }},
		{`SELECT region_code, COUNT(*) FROM joint_actions WHERE region_code >= $1 AND region_code < $2
			AND status = 'under_way' AND $3 <> '' GROUP BY region_code`,
			func(c *BoardCell, n int) { c.Joint += n }},
	}
	lo, hi := prefix, ident.PrefixEnd(prefix)
	if prefix == "" {
		lo, hi = "", "~"
	}
	for _, c := range counts {
		if err := groupCount(ctx, db.R, c.q, []any{lo, hi, b.Today}, func(code string, n int) {
			c.set(&b.Total, n)
			if cell := cellOf(cells, code); cell != nil {
				c.set(cell, n)
			}
		}); err != nil {
			return nil, err
		}
	}
	if len(prefix) >= 6 {
		err := groupCount(ctx, db.R, `SELECT status, COUNT(*) FROM cases WHERE region_code >= $1 AND region_code < $2
			AND status NOT IN `+closedStatuses+` GROUP BY status`, []any{lo, hi}, func(s string, n int) {
			b.Stages = append(b.Stages, StageCount{s, n})
		})
		if err != nil {
			return nil, err
		}
		sort.Slice(b.Stages, func(i, j int) bool { return b.Stages[i].N > b.Stages[j].N })
	}
	return b, nil
}

// cellOf is the child cell holding region code (the longest prefix).
func cellOf(cells map[string]*BoardCell, code string) *BoardCell {
	for n := len(code); n > 0; n-- {
		if c, ok := cells[code[:n]]; ok {
			return c
		}
	}
	return nil
}

func groupCount(ctx context.Context, q store.Querier, query string, args []any, fn func(string, int)) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return err
		}
		fn(k, n)
	}
	return rows.Err()
}

// Max is the largest count of any child on the board (for drawing).
func (b *Board) Max() int {
	m := 1
	for _, c := range b.Children {
		m = max(m, c.FiledToday+c.InspectedToday, c.Red, c.Disputes)
	}
	return m
}
