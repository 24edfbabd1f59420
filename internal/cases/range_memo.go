package cases

import (
	"context"
	"reflect"
	"slices"

	"zfjd/internal/law"
	"zfjd/internal/store"
)

// A benchmark range (BenchmarkRanges, discretion.RangeFor) depends on the
// decision date only through which of the matter's versions have taken
// effect by then: it can change only on a day a version of the matter
// takes effect. So a due pass, which judges many cases of one matter
// decided on many days, looks a range up once per (matter, region, tier)
// and such stretch of days instead of once per decision date (rangeDay),
// within its memo. The memo lives for one pass, as the ranges it kept by
// date did: a benchmark written during a pass counts from the next one
// (benchmark writes bump no invalidation version yet, so nothing is kept
// across passes).

// versionedRanges reports whether f is BenchmarkRanges, whose answers
// follow the benchmark versions; another RangeFunc (a test's) is asked
// for every date.
func versionedRanges(f RangeFunc) bool {
	return f != nil && reflect.ValueOf(f).Pointer() == reflect.ValueOf(RangeFunc(BenchmarkRanges)).Pointer()
}

// rangeDay is the day the stretch of on starts: the latest day on or
// before on on which a version of matter takes effect (the zero date:
// before the first), read once per matter per memo.
func (m *envMemo) rangeDay(ctx context.Context, q store.Querier, matter string, on law.Date) (law.Date, error) {
	days, ok := m.rangeDays[matter]
	if !ok {
		rows, err := q.QueryContext(ctx, `SELECT DISTINCT effective_from FROM benchmarks WHERE matter_code = $1`, matter)
		if err != nil {
			return law.Date{}, err
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				rows.Close()
				return law.Date{}, err
			}
			d, err := law.ParseDate(s)
			if err != nil {
				rows.Close()
				return law.Date{}, err
			}
			days = append(days, d)
		}
		if err := rows.Close(); err != nil {
			return law.Date{}, err
		}
		slices.SortFunc(days, law.Date.Compare)
		m.rangeDays[matter] = days
	}
	i, found := slices.BinarySearchFunc(days, on, law.Date.Compare)
	switch {
	case found:
		return days[i], nil
	case i == 0:
		return law.Date{}, nil
	}
	return days[i-1], nil
}
