package cases

import (
	"context"
	"strings"

	"zfjd/internal/store"
)

// insertAssess writes summed rows into the empty case_rollup_assess (RebuildRollup).
func insertAssess(ctx context.Context, q store.Querier, sums map[assessKey]*[nAssess]int64) error {
	rows := make([][]any, 0, len(sums))
	for k, v := range sums {
		row := []any{k.Region, k.Year, k.Agency}
		for _, x := range v {
			row = append(row, x)
		}
		rows = append(rows, row)
	}
	return insertRows(ctx, q, `INSERT INTO case_rollup_assess (region_code, year, agency_code, `+strings.Join(AssessCols, ", ")+`) VALUES `,
		3+len(AssessCols), rows)
}

// insertRows writes rows (each width values) with head ("INSERT INTO …
// VALUES "), rowsPerInsert rows per statement.
func insertRows(ctx context.Context, q store.Querier, head string, width int, rows [][]any) error {
	for len(rows) > 0 {
		batch := rows[:min(len(rows), rowsPerInsert)]
		rows = rows[len(batch):]
		args := make([]any, 0, len(batch)*width)
		for _, r := range batch {
			args = append(args, r...)
		}
		if _, err := q.ExecContext(ctx, head+rowMarks(len(batch), width), args...); err != nil {
			return err
		}
	}
	return nil
}

// eachRow runs q and scans its rows.
func eachRow(ctx context.Context, q store.Querier, sql string, args []any, scan func(func(...any) error) error) error {
	rows, err := q.QueryContext(ctx, sql, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}
