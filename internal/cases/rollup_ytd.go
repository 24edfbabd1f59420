package cases

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"zfjd/internal/store"
)

// case_rollup_ytd (migration 00062, issue 15): the dashboards by agency
// and by domain (领域) of a province read a row per region × month ×
// agency of case_rollup_wide — about as many rows as cases at province
// scale, since an agency decides a case or two a month — and took 1–2.6 s.
// This rollup holds, per region × agency and month, the year-to-date
// sums of the dashboard's measures (January up to that month), a row for
// every month from an agency's first count of the year to December. Any
// period of months is then two rows a year per agency: the sum over
// months a..b of year Y is ytd(Y, b) − ytd(Y, a−1). The save adds a
// case's counts of month m to the rows m..12 of its year, in the case's
// transaction (one statement); RebuildRollup writes it from the summed
// wide rows.

// YTDCols are the measures of case_rollup_ytd, a subset of WideCols.
var YTDCols = []string{"filed", "closed", "decided", "penalties", "no_penalty", "transfers", "annulled", "amount_fen", "fine_fen",
	"days", "timed", "published"}

type ytdKey struct{ month, region, agency string }

// ytdRows expands wide rows (deltas or sums) into the year-to-date rows
// they add to.
func ytdRows(wide map[wideKey][]int64, into map[ytdKey][]int64) {
	for k, v := range wide {
		sub := make([]int64, len(YTDCols))
		zero := true
		for i, c := range YTDCols {
			sub[i] = v[wideIndex[c]]
			zero = zero && sub[i] == 0
		}
		if zero || len(k.month) != 7 {
			continue // a month of 行政强制 counts only
		}
		m, _ := strconv.Atoi(k.month[5:])
		for ; m >= 1 && m <= 12; m++ {
			key := ytdKey{fmt.Sprintf("%s-%02d", k.month[:4], m), k.region, k.agency}
			if into[key] == nil {
				into[key] = make([]int64, len(YTDCols))
			}
			for i := range sub {
				into[key][i] += sub[i]
			}
		}
	}
}

var ytdInsertHead = `INSERT INTO case_rollup_ytd (month, region_code, agency_code, ` + strings.Join(YTDCols, ", ") + `) VALUES `

// ytdUpsert is the multi-row upsert of rows rows, adding the measures.
func ytdUpsert(rows int) string {
	set := make([]string, len(YTDCols))
	for i, c := range YTDCols {
		set[i] = c + " = case_rollup_ytd." + c + " + excluded." + c
	}
	return ytdInsertHead + rowMarks(rows, 3+len(YTDCols)) + ` ON CONFLICT (month, region_code, agency_code) DO UPDATE SET ` +
		strings.Join(set, ", ")
}

// addYTD adds wide's rows times sign to case_rollup_ytd: one statement
// (a case's counts fall in at most two months: at most 24 rows).
// Emptied rows are kept, as in the coarse rollups.
func addYTD(ctx context.Context, q store.Querier, wide map[wideKey][]int64, sign int64) error {
	rows := map[ytdKey][]int64{}
	ytdRows(wide, rows)
	if len(rows) == 0 {
		return nil
	}
	args := make([]any, 0, len(rows)*(3+len(YTDCols)))
	for k, v := range rows {
		args = append(args, k.month, k.region, k.agency)
		for _, x := range v {
			args = append(args, sign*x)
		}
	}
	_, err := q.ExecContext(ctx, ytdUpsert(len(rows)), args...)
	return err
}

// insertYTD writes the year-to-date rows of summed wide rows into the
// empty table, a batch of rows per INSERT.
func insertYTD(ctx context.Context, tx *sql.Tx, wide map[wideKey][]int64) error {
	rows := map[ytdKey][]int64{}
	ytdRows(wide, rows)
	batch := make([][]any, 0, len(rows))
	for k, v := range rows {
		row := []any{k.month, k.region, k.agency}
		for _, x := range v {
			row = append(row, x)
		}
		batch = append(batch, row)
	}
	return insertRows(ctx, tx, ytdInsertHead, 3+len(YTDCols), batch)
}
