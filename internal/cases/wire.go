package cases

import (
	"context"
	"fmt"

	"zfjd/internal/calendar"
	"zfjd/internal/discretion"
	"zfjd/internal/store"
)

// The rules count with the stored, admin-edited calendar (lenient for years
// without a schedule) and judge fines against the stored benchmarks (C4).
func init() {
	CalendarSource = calendar.RulesCalendar
	RangeSource = benchmarkRange
}

func benchmarkRange(ctx context.Context, q store.Querier, matter, region, on, tier string) (*FineRange, error) {
	r, err := discretion.RangeFor(ctx, q, matter, region, on, tier)
	if err != nil || r == nil {
		return nil, err
	}
	return &FineRange{MinFen: r.FineMinFen, MaxFen: r.FineMaxFen, IncomeMin: r.IncomeMultipleMin, IncomeMax: r.IncomeMultipleMax,
		Version: fmt.Sprintf("%s%s起施行的第%d版", orCode(r.SetByName, r.SetBy), r.EffectiveFrom, r.Version)}, nil
}

func orCode(name, code string) string {
	if name != "" {
		return name
	}
	return code
}
