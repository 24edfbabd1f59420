package cases

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"zfjd/internal/store"
)

// The two coarser rollups of migration 00057 (issue 15: every dashboard of
// a province under 200 ms): case_rollup_wide holds a row per region ×
// month × agency, about 90,000 rows for two years of 山东, and a
// province's dashboard summed them all. From the same counts the save
// keeps
//   - case_rollup_area: a row per month and city (level 4, the region
//     code's first four digits) or county (level 6, its first six) — a
//     province's or a city's dashboard by region or by month reads a few
//     hundred rows;
//   - case_rollup_year: a row per region × year × agency — the 年报 of a
//     year reads one row per agency instead of twelve.
// Emptied rows are kept (zeros add nothing; there are few of them).

type areaKey struct {
	level       int
	area, month string
}

type yearKey struct{ region, year, agency string }

// coarse sums wide rows into the area and year rows.
func coarse(wide map[wideKey][]int64, area map[areaKey][]int64, year map[yearKey][]int64) {
	add := func(dst, v []int64) {
		for i := range v {
			dst[i] += v[i]
		}
	}
	for k, v := range wide {
		for _, n := range []int{4, 6} {
			if len(k.region) < n {
				continue
			}
			ak := areaKey{n, k.region[:n], k.month}
			if area[ak] == nil {
				area[ak] = make([]int64, len(WideCols))
			}
			add(area[ak], v)
		}
		yk := yearKey{k.region, k.month[:4], k.agency}
		if year[yk] == nil {
			year[yk] = make([]int64, len(WideCols))
		}
		add(year[yk], v)
	}
}

// coarseUpsert is the multi-row upsert of rows rows into table keyed by
// keys, adding the measures.
func coarseUpsert(table string, keys []string, rows int) string {
	set := make([]string, len(WideCols))
	for i, c := range WideCols {
		set[i] = c + " = " + table + "." + c + " + excluded." + c
	}
	return `INSERT INTO ` + table + ` (` + strings.Join(keys, ", ") + `, ` + strings.Join(WideCols, ", ") + `) VALUES ` +
		rowMarks(rows, len(keys)+len(WideCols)) + ` ON CONFLICT (` + strings.Join(keys, ", ") + `) DO UPDATE SET ` + strings.Join(set, ", ")
}

var (
	areaKeys = []string{"level", "area", "month"}
	yearKeys = []string{"region_code", "year", "agency_code"}
)

// addCoarse adds wide's rows times sign to both coarse rollups: one
// statement each.
func addCoarse(ctx context.Context, q store.Querier, wide map[wideKey][]int64, sign int64) error {
	area, year := map[areaKey][]int64{}, map[yearKey][]int64{}
	coarse(wide, area, year)
	var args []any
	for k, v := range area {
		args = append(args, k.level, k.area, k.month)
		for _, x := range v {
			args = append(args, sign*x)
		}
	}
	if len(area) > 0 {
		if _, err := q.ExecContext(ctx, coarseUpsert("case_rollup_area", areaKeys, len(area)), args...); err != nil {
			return err
		}
	}
	args = args[:0]
	for k, v := range year {
		y, _ := strconv.Atoi(k.year)
		args = append(args, k.region, y, k.agency)
		for _, x := range v {
			args = append(args, sign*x)
		}
	}
	if len(year) > 0 {
		if _, err := q.ExecContext(ctx, coarseUpsert("case_rollup_year", yearKeys, len(year)), args...); err != nil {
			return err
		}
	}
	return addYTD(ctx, q, wide, sign) // migration 00062
}

// insertCoarse writes the coarse rollups of summed wide rows into empty
// tables (RebuildRollup, Rollup.Write), a batch of rows per INSERT.
func insertCoarse(ctx context.Context, tx *sql.Tx, wide map[wideKey][]int64) error {
	area, year := map[areaKey][]int64{}, map[yearKey][]int64{}
	coarse(wide, area, year)
	width := 3 + len(WideCols)
	var args []any
	n := 0
	flush := func(table string, keys []string) error {
		if n == 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (`+strings.Join(keys, ", ")+`, `+strings.Join(WideCols, ", ")+
			`) VALUES `+rowMarks(n, width), args...)
		args, n = args[:0], 0
		return err
	}
	for k, v := range area {
		args = append(args, k.level, k.area, k.month)
		for _, x := range v {
			args = append(args, x)
		}
		if n++; n == rowsPerInsert {
			if err := flush("case_rollup_area", areaKeys); err != nil {
				return err
			}
		}
	}
	if err := flush("case_rollup_area", areaKeys); err != nil {
		return err
	}
	for k, v := range year {
		y, _ := strconv.Atoi(k.year)
		args = append(args, k.region, y, k.agency)
		for _, x := range v {
			args = append(args, x)
		}
		if n++; n == rowsPerInsert {
			if err := flush("case_rollup_year", yearKeys); err != nil {
				return err
			}
		}
	}
	if err := flush("case_rollup_year", yearKeys); err != nil {
		return err
	}
	return insertYTD(ctx, tx, wide) // migration 00062
}
