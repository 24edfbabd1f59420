package cases

import (
	"context"
	"database/sql"
	"strings"

	"zfjd/internal/store"
)

// WideCols are the measure columns of case_rollup_wide (migration 00030),
// the coarse rollup of a region × month × agency: case counts, the
// decisions' outcomes, 罚没金额 and durations, and a count per heaviest
// penalty kind (p_<kind>, in PenaltyKinds order) of the decisions not
// annulled; and the 行政强制 of the 年报 (coerce_measures: 查封、扣押;
// coerce_enforce: 申请法院强制执行; migration 00056).
var WideCols = append([]string{"filed", "closed", "filed_general", "decided", "decided_general", "penalties", "no_penalty",
	"transfers", "annulled", "amount_fen", "fine_fen", "days", "timed", "published", "coerce_measures", "coerce_enforce"}, penaltyCols()...)

func penaltyCols() []string {
	out := make([]string, len(PenaltyKinds))
	for i, k := range PenaltyKinds {
		out[i] = "p_" + k
	}
	return out
}

var wideIndex = func() map[string]int {
	m := map[string]int{}
	for i, c := range WideCols {
		m[c] = i
	}
	return m
}()

type wideKey struct{ region, month, agency string }

// wide is what k adds to its (at most two) rows of case_rollup_wide.
func (k Contrib) wide() map[wideKey][]int64 {
	out := map[wideKey][]int64{}
	add := func(month string, col string, v int64) {
		key := wideKey{k.Region, month, k.Agency}
		if out[key] == nil {
			out[key] = make([]int64, len(WideCols))
		}
		out[key][wideIndex[col]] += v
	}
	if k.Coerce > 0 && k.CoerceMonth != "" {
		add(k.CoerceMonth, "coerce_measures", k.Coerce)
	}
	if k.Enforce > 0 && k.EnforceMonth != "" {
		add(k.EnforceMonth, "coerce_enforce", k.Enforce)
	}
	general := int64(b2i(k.Procedure == "general"))
	if m := k.FiledMonth; m != "" {
		add(m, "filed", 1)
		add(m, "closed", int64(b2i(k.Closed)))
		add(m, "filed_general", general)
	}
	m := k.DecidedMonth
	if m == "" {
		return out
	}
	add(m, "decided", 1)
	add(m, "decided_general", general)
	if k.Days >= 0 {
		add(m, "days", k.Days)
		add(m, "timed", 1)
	}
	if k.Annulled {
		add(m, "annulled", 1)
		return out
	}
	switch k.Outcome {
	case "penalty":
		add(m, "penalties", 1)
		add(m, "amount_fen", k.AmountFen)
		add(m, "fine_fen", k.FineFen)
		add(m, "published", int64(b2i(k.Published)))
		add(m, "p_"+k.Penalty, 1)
	case "no_penalty":
		add(m, "no_penalty", 1)
	case "transfer":
		add(m, "transfers", 1)
	}
	return out
}

var wideUpsert = func() string {
	set := make([]string, len(WideCols))
	for i, c := range WideCols {
		set[i] = c + " = case_rollup_wide." + c + " + excluded." + c
	}
	return `INSERT INTO case_rollup_wide (region_code, month, agency_code, ` + strings.Join(WideCols, ", ") + `) VALUES (` +
		marks(1, 3+len(WideCols)) + `) ON CONFLICT (region_code, month, agency_code) DO UPDATE SET ` + strings.Join(set, ", ")
}()

// addWide adds k's wide counts times sign, dropping emptied rows.
func addWide(ctx context.Context, q store.Querier, k Contrib, sign int64) error {
	wide := k.wide()
	for key, v := range wide {
		args := []any{key.region, key.month, key.agency}
		for _, x := range v {
			args = append(args, sign*x)
		}
		if _, err := q.ExecContext(ctx, wideUpsert, args...); err != nil {
			return err
		}
		if sign < 0 {
			if _, err := q.ExecContext(ctx, `DELETE FROM case_rollup_wide WHERE region_code = $1 AND month = $2 AND agency_code = $3
				AND filed = 0 AND decided = 0 AND coerce_measures = 0 AND coerce_enforce = 0`, args[:3]...); err != nil {
				return err
			}
		}
	}
	return addCoarse(ctx, q, wide, sign)
}

// insertWide writes summed wide rows in batches (RebuildRollup).
func insertWide(ctx context.Context, tx *sql.Tx, sums map[wideKey][]int64) error {
	width := 3 + len(WideCols)
	const per = rowsPerInsert
	var args []any
	n := 0
	flush := func() error {
		if n == 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO case_rollup_wide (region_code, month, agency_code, `+strings.Join(WideCols, ", ")+
			`) VALUES `+rowMarks(n, width), args...)
		args, n = args[:0], 0
		return err
	}
	for key, v := range sums {
		args = append(args, key.region, key.month, key.agency)
		for _, x := range v {
			args = append(args, x)
		}
		if n++; n == per {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	return insertCoarse(ctx, tx, sums)
}
