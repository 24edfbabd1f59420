// Package clock is the one clock of the program and the one definition of
// China Standard Time.
//
// Domain code never calls time.Now: it reads the clock carried by its
// context (Now, Today, TodayString, Millis). The web server puts its clock
// into every request's context and background jobs run with the same one;
// tests pin it with With(ctx, Pinned("2025-03-01")).
//
// The process clock (System) is the real time, moved by whole days when the
// environment variable ZFJD_TODAY is set, so the program and the test suite
// can be run "as if" on another date:
//
//	ZFJD_TODAY=2030-01-15   the civil date in Shanghai is 2030-01-15 at start-up
//	ZFJD_TODAY=+30d         thirty days ahead (-30d: behind)
//	ZFJD_TODAY=+1y          one year ahead (added with AddDate)
//
// Real durations (metrics, request timing, session expiry) keep time.Now.
package clock

import (
	"context"
	"time"

	"zfjd/internal/law"
)

// Shanghai is China Standard Time, the zone of every civil date in the
// system. A fixed zone avoids a time zone database dependency; China has
// not observed daylight saving time since 1991.
var Shanghai = time.FixedZone("CST", 8*3600)

// Clock tells the current time.
type Clock interface{ Now() time.Time }

type fixed struct{ t time.Time }

func (f fixed) Now() time.Time { return f.t }

// Fixed returns a clock that always tells t.
func Fixed(t time.Time) Clock { return fixed{t} }

// Pinned returns a clock fixed at 10:00 Shanghai time on day (YYYY-MM-DD).
// It panics on a malformed day; it is meant for tests.
func Pinned(day string) Clock {
	d, err := time.ParseInLocation(time.DateOnly, day, Shanghai)
	if err != nil {
		panic("clock.Pinned: " + err.Error())
	}
	return Fixed(d.Add(10 * time.Hour))
}

type ctxKey struct{}

// With returns a copy of ctx carrying c.
func With(ctx context.Context, c Clock) context.Context {
	return context.WithValue(ctx, ctxKey{}, c)
}

// From returns the clock carried by ctx, or System() when there is none.
func From(ctx context.Context) Clock {
	if ctx != nil {
		if c, ok := ctx.Value(ctxKey{}).(Clock); ok && c != nil {
			return c
		}
	}
	return System()
}

// Now is the current time of ctx's clock.
func Now(ctx context.Context) time.Time { return From(ctx).Now() }

// Today is the civil date in Shanghai on ctx's clock.
func Today(ctx context.Context) law.Date { return law.DateOf(Now(ctx).In(Shanghai)) }

// TodayString is Today as YYYY-MM-DD.
func TodayString(ctx context.Context) string { return Today(ctx).String() }

// Millis is ctx's current time in Unix milliseconds, the unit of the
// created_at and updated_at columns.
func Millis(ctx context.Context) int64 { return Now(ctx).UnixMilli() }
