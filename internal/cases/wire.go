package cases

import (
	"context"
	"fmt"

	"zfjd/internal/discretion"
	"zfjd/internal/store"
)

// BenchmarkRanges judges fines against the stored benchmarks (C4); main
// passes it to NewService.
func BenchmarkRanges(ctx context.Context, q store.Querier, matter, region, on, tier string) (*FineRange, error) {
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
