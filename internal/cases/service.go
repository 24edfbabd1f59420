package cases

import (
	"context"

	"zfjd/internal/law"
	"zfjd/internal/store"
)

// CalendarFunc returns the working-day calendar the rules count with.
type CalendarFunc func(ctx context.Context, q store.Querier) (*law.Calendar, error)

// RangeFunc looks up the benchmark range of a tier in force on a date for
// a matter and region (C4). Nil range: no benchmark applies.
type RangeFunc func(ctx context.Context, q store.Querier, matter, region, on, tier string) (*FineRange, error)

// Service handles penalty cases: it is built once in main with its
// database, calendar and benchmark ranges; "today" is the clock carried by
// the context (package clock), so a test pins it per call.
type Service struct {
	db       *store.DB
	calendar CalendarFunc
	ranges   RangeFunc
	hooks    ruleHooks // rule settings and custom rules (rule_settings.go)
}

// NewService builds the case service. A nil calendar counts with the
// built-in schedules; nil ranges means no benchmarks.
func NewService(db *store.DB, calendar CalendarFunc, ranges RangeFunc) *Service {
	if calendar == nil {
		calendar = func(context.Context, store.Querier) (*law.Calendar, error) { return law.Default(), nil }
	}
	return &Service{db: db, calendar: calendar, ranges: ranges}
}

// DB is the service's database (for the read-only helpers of other packages).
func (s *Service) DB() *store.DB { return s.db }
