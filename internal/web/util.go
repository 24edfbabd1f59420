package web

import (
	"context"
	"strconv"

	"zfjd/internal/clock"
)

func itoa(n int) string { return strconv.Itoa(n) }

// thisYear is the current year in Shanghai on ctx's clock.
func thisYear(ctx context.Context) int { return clock.Today(ctx).Y }
