package inspection

import (
	"context"
	"database/sql"
	"errors"
	"sort"

	"zfjd/internal/store"
)

// The statistics rollups of the inspections (issue 15, migration 00074):
// inspection_rollup counts the visits checked in per region × month of
// visit_day × agency, the joint ones and those without a problem;
// inspection_rollup_area the same per city (level 4) or county (level 6)
// and month. writeRow keeps both in the inspection's saving transaction
// from the row's stored columns before and after, so they always equal
// RebuildRollup; the bulk loader calls RebuildRollup after its rows.

// contrib is what one inspection row counts for.
type contrib struct {
	region, agency, month string
	joint, noProblem      int64
}

// rollupKey is one row of either rollup table (level 0: inspection_rollup).
type rollupKey struct {
	level          int
	area, month, a string
}

type rollupDelta struct{ visits, joint, noProblem int64 }

// contribOf is the row's contribution: none (ok false) before the check-in.
func contribOf(region, agency, visitDay, joint string, problem int) (c contrib, ok bool) {
	if visitDay == "" {
		return c, false
	}
	c = contrib{region: region, agency: agency, month: prefixOf(visitDay, 7)}
	if joint != "[]" {
		c.joint = 1
	}
	if problem == 0 {
		c.noProblem = 1
	}
	return c, true
}

// storedContrib reads what inspection id counts for now, from its row.
func storedContrib(ctx context.Context, tx *sql.Tx, id int64) (contrib, bool, error) {
	var region, agency, day, joint string
	var problem int
	err := tx.QueryRowContext(ctx, `SELECT region_code, agency_code, visit_day, joint_agencies, problem_found FROM inspections WHERE id = $1`,
		id).Scan(&region, &agency, &day, &joint, &problem)
	if errors.Is(err, sql.ErrNoRows) {
		return contrib{}, false, nil
	}
	if err != nil {
		return contrib{}, false, err
	}
	c, ok := contribOf(region, agency, day, joint, problem)
	return c, ok, nil
}

func prefixOf(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// moveRollup moves an inspection's counts from old to new (either absent)
// in both rollups: the net change of each row, in key order (two savers
// never lock the same rows in opposite orders), deleting rows left empty.
func moveRollup(ctx context.Context, tx *sql.Tx, old contrib, hadOld bool, new contrib, hasNew bool) error {
	deltas := map[rollupKey]*rollupDelta{}
	add := func(c contrib, sign int64) {
		for _, k := range []rollupKey{{0, c.region, c.month, c.agency}, {4, prefixOf(c.region, 4), c.month, ""}, {6, prefixOf(c.region, 6), c.month, ""}} {
			d := deltas[k]
			if d == nil {
				d = &rollupDelta{}
				deltas[k] = d
			}
			d.visits += sign
			d.joint += sign * c.joint
			d.noProblem += sign * c.noProblem
		}
	}
	if hadOld {
		add(old, -1)
	}
	if hasNew {
		add(new, 1)
	}
	keys := make([]rollupKey, 0, len(deltas))
	for k, d := range deltas {
		if *d != (rollupDelta{}) {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.level != b.level {
			return a.level < b.level
		}
		if a.area != b.area {
			return a.area < b.area
		}
		if a.month != b.month {
			return a.month < b.month
		}
		return a.a < b.a
	})
	for _, k := range keys {
		d := deltas[k]
		var err error
		if k.level == 0 {
			_, err = tx.ExecContext(ctx, `INSERT INTO inspection_rollup (region_code, month, agency_code, visits, joint, no_problem)
				VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (region_code, month, agency_code) DO UPDATE SET
				visits = inspection_rollup.visits + excluded.visits, joint = inspection_rollup.joint + excluded.joint,
				no_problem = inspection_rollup.no_problem + excluded.no_problem`, k.area, k.month, k.a, d.visits, d.joint, d.noProblem)
			if err == nil && d.visits < 0 {
				_, err = tx.ExecContext(ctx, `DELETE FROM inspection_rollup WHERE region_code = $1 AND month = $2 AND agency_code = $3 AND visits = 0`,
					k.area, k.month, k.a)
			}
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO inspection_rollup_area (level, area, month, visits, joint, no_problem)
				VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (level, area, month) DO UPDATE SET
				visits = inspection_rollup_area.visits + excluded.visits, joint = inspection_rollup_area.joint + excluded.joint,
				no_problem = inspection_rollup_area.no_problem + excluded.no_problem`, k.level, k.area, k.month, d.visits, d.joint, d.noProblem)
			if err == nil && d.visits < 0 {
				_, err = tx.ExecContext(ctx, `DELETE FROM inspection_rollup_area WHERE level = $1 AND area = $2 AND month = $3 AND visits = 0`,
					k.level, k.area, k.month)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// RebuildRollup recomputes both rollups from every inspection, in one
// transaction: a delete and a grouped insert-select per table (the bulk
// loader, which writes inspection rows directly).
func RebuildRollup(ctx context.Context, db *store.DB) error {
	return db.Tx(ctx, func(tx *sql.Tx) error { return RebuildRollupTx(ctx, tx) })
}

// RebuildRollupTx is RebuildRollup in the caller's transaction.
func RebuildRollupTx(ctx context.Context, tx *sql.Tx) error {
	for _, q := range []string{
		`DELETE FROM inspection_rollup_area`,
		`DELETE FROM inspection_rollup`,
		`INSERT INTO inspection_rollup (region_code, month, agency_code, visits, joint, no_problem)
		SELECT region_code, SUBSTR(visit_day, 1, 7), agency_code, COUNT(*),
			SUM(CASE WHEN joint_agencies <> '[]' THEN 1 ELSE 0 END), SUM(CASE WHEN problem_found = 0 THEN 1 ELSE 0 END)
		FROM inspections WHERE visit_day <> '' GROUP BY region_code, SUBSTR(visit_day, 1, 7), agency_code`,
		`INSERT INTO inspection_rollup_area (level, area, month, visits, joint, no_problem)
		SELECT 4, SUBSTR(region_code, 1, 4), month, SUM(visits), SUM(joint), SUM(no_problem)
		FROM inspection_rollup GROUP BY SUBSTR(region_code, 1, 4), month`,
		`INSERT INTO inspection_rollup_area (level, area, month, visits, joint, no_problem)
		SELECT 6, SUBSTR(region_code, 1, 6), month, SUM(visits), SUM(joint), SUM(no_problem)
		FROM inspection_rollup GROUP BY SUBSTR(region_code, 1, 6), month`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}
