package stats_test

import (
	"fmt"
	"strconv"
	"testing"

	"zfjd/internal/inspection"
	"zfjd/internal/stats"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// The inspections and complaints panels of the city's dashboard for
// 2026-01..06: checked-in visits (joint counted once, one of them without
// a problem, 国办发〔2024〕54号) and complaints received, answered and
// rated 4 or 5, by county and by month, beside the previous half-year;
// an unchecked-in visit and one outside the period do not count; the
// agency's head sees his agency's inspections and no complaints panel.
func TestCaseworkPanels(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		for i, x := range []struct{ agency, region, day, joint string }{
			{testworld.Agency, testworld.Region, "2026-03-02", "[]"},
			{testworld.Agency, testworld.Region, "2026-03-20", `["` + testworld.Other + `"]`},
			{testworld.Other, "370103", "2026-05-06", "[]"},
			{testworld.Agency, testworld.Region, "2025-10-01", "[]"},
			{testworld.Agency, testworld.Region, "", "[]"},
			{testworld.Agency, testworld.Region, "2024-10-01", "[]"},
		} {
			problem := 1
			if i == 1 {
				problem = 0
			}
			if _, err := db.W.ExecContext(w.Ctx, `INSERT INTO inspections (source_system, source_id, agency_code, region_code, matter_code, kind,
				enterprise_name, enterprise_id, joint_agencies, status, visit_day, problem_found, created_at, updated_at)
				VALUES ('t', $1, $2, $3, 'M', 'routine', '某企业', 'E', $4, 'done', $5, $6, 0, 0)`,
				strconv.Itoa(i), x.agency, x.region, x.joint, x.day, problem); err != nil {
				t.Fatal(err)
			}
		}
		if err := inspection.RebuildRollup(w.Ctx, db); err != nil { // the rows above are not the service's
			t.Fatal(err)
		}
		for i, x := range []struct {
			region, day, status string
			rating              int
		}{
			{testworld.Region, "2026-02-01", "closed", 5}, {testworld.Region, "2026-04-01", "received", 0},
			{"370103", "2026-06-30", "answered", 2}, {testworld.Region, "2025-08-01", "closed", 4},
		} {
			if _, err := db.W.ExecContext(w.Ctx, `INSERT INTO complaints (tracking_code, secret_hash, source, category, region_code, description,
				status, received_on, received_at, rating, updated_at) VALUES ($1, 'h', 'web', 'other', $2, '描述', $3, $4, 0, $5, 0)`,
				fmt.Sprintf("T%d", i), x.region, x.status, x.day, x.rating); err != nil {
				t.Fatal(err)
			}
		}
		f := stats.Filter{From: "2026-01", To: "2026-06"}
		d, err := stats.Get(w.Ctx, db, testworld.As("city"), &f)
		if err != nil {
			t.Fatal(err)
		}
		panel := func(d *stats.Dashboard, key string) *stats.Panel {
			for i := range d.Panels {
				if d.Panels[i].Key == key {
					return &d.Panels[i]
				}
			}
			return nil
		}
		ins := panel(d, "inspections")
		if ins == nil || fmt.Sprint(tiles(ins)) != "[3 上期 1 1 上期 0 1 国办发〔2024〕54号：无问题检查占比 33.3%]" {
			t.Fatalf("inspections %+v", ins)
		}
		if got := fmt.Sprint(ins.Tables[0].Rows); got != "[[历下区 2 1 1 1] [市中区 1 0 0 0]]" {
			t.Errorf("inspections by county %s", got)
		}
		if got := fmt.Sprint(ins.Tables[1].Rows); got != "[[2026-03 2 1 1] [2026-05 1 0 0]]" {
			t.Errorf("inspections by month %s", got)
		}
		c := panel(d, "complaints")
		if c == nil || fmt.Sprint(tiles(c)) != "[3 上期 1 2 办结率 66.7% 1 评价4星及以上的件数]" {
			t.Fatalf("complaints %+v", c)
		}
		if got := fmt.Sprint(c.Tables[0].Rows); got != "[[历下区 2 1 1 1] [市中区 1 0 1 0]]" {
			t.Errorf("complaints by county %s", got)
		}
		hf := stats.Filter{From: "2026-01", To: "2026-06"}
		h, err := stats.Get(w.Ctx, db, testworld.As("head"), &hf)
		if err != nil {
			t.Fatal(err)
		}
		if hi := panel(h, "inspections"); hi == nil || hi.Tiles[0].Value != "2" || panel(h, "complaints") != nil {
			t.Errorf("the head's panels %+v", h.Panels)
		}
	})
}

// tiles are a panel's values and notes, in order.
func tiles(p *stats.Panel) []string {
	var out []string
	for _, t := range p.Tiles {
		out = append(out, t.Value, t.Note)
	}
	return out
}
