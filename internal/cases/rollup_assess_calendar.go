package cases

import (
	"context"

	"zfjd/internal/calendar"
	"zfjd/internal/law"
	"zfjd/internal/store"
)

// The calendar the assessment rollup judges 公示 periods with.

// calMemo is the lenient calendar read once (RebuildRollup: once for
// all its batches); a nil memo reads it on every call.
type calMemo struct{ cal *law.Calendar }

func (m *calMemo) get(ctx context.Context, q store.Querier) (*law.Calendar, error) {
	if m != nil && m.cal != nil {
		return m.cal, nil
	}
	cal, err := calendar.RulesCalendar(ctx, q)
	if m != nil && err == nil {
		m.cal = cal
	}
	return cal, err
}

// PublicityEnd is the last day to publish a decision of decided within n
// working days (0: DefaultPublicityDays), "" when it cannot be told.
func PublicityEnd(cal *law.Calendar, decided string, n int) string {
	if n <= 0 {
		n = DefaultPublicityDays
	}
	d, err := law.ParseDate(decided)
	if err != nil || cal == nil {
		return ""
	}
	end, err := cal.AddWorkdays(d, n)
	if err != nil {
		return ""
	}
	return end.String()
}
