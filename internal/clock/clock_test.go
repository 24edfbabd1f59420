package clock

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

func TestPinnedAndContext(t *testing.T) {
	c := Pinned("2025-03-01")
	if got := c.Now(); !got.Equal(time.Date(2025, 3, 1, 2, 0, 0, 0, time.UTC)) {
		t.Fatalf("Pinned = %v", got)
	}
	ctx := With(context.Background(), c)
	if got := TodayString(ctx); got != "2025-03-01" {
		t.Errorf("TodayString = %s", got)
	}
	if got := Today(ctx); got.Y != 2025 || got.M != 3 || got.D != 1 {
		t.Errorf("Today = %v", got)
	}
	if got := Millis(ctx); got != c.Now().UnixMilli() {
		t.Errorf("Millis = %d", got)
	}
	// 23:30 UTC is already the next day in Shanghai.
	late := With(context.Background(), Fixed(time.Date(2025, 12, 31, 23, 30, 0, 0, time.UTC)))
	if got := TodayString(late); got != "2026-01-01" {
		t.Errorf("TodayString(23:30 UTC) = %s", got)
	}
}

func TestFromWithoutClockIsSystem(t *testing.T) {
	for _, ctx := range []context.Context{context.Background(), nil} {
		if d := From(ctx).Now().Sub(System().Now()); d < -time.Second || d > time.Second {
			t.Errorf("From(%v) differs from System by %v", ctx, d)
		}
	}
}

func TestPinnedPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Pinned(2025-02-30) did not panic")
		}
	}()
	Pinned("2025-02-30")
}

func TestShift(t *testing.T) {
	// 23:00 on 28 Feb 2024 in Shanghai (15:00 UTC).
	now := time.Date(2024, 2, 28, 15, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		in   string
		want string // civil date in Shanghai after the shift
	}{
		{"", "2024-02-28"},
		{"2030-01-15", "2030-01-15"},
		{" 2020-01-01 ", "2020-01-01"},
		{"+1d", "2024-02-29"},
		{"+365d", "2025-02-27"},
		{"-30d", "2024-01-29"},
		{"+0d", "2024-02-28"},
		{"+1y", "2025-02-28"},
		{"-2y", "2022-02-28"},
	} {
		by, err := Shift(c.in, now)
		if err != nil {
			t.Errorf("Shift(%q): %v", c.in, err)
			continue
		}
		if by%(24*time.Hour) != 0 {
			t.Errorf("Shift(%q) = %v, not whole days", c.in, by)
		}
		got := now.Add(by).In(Shanghai)
		if got.Format(time.DateOnly) != c.want || got.Hour() != 23 {
			t.Errorf("Shift(%q) gives %v, want %s 23:00", c.in, got, c.want)
		}
	}
	for _, bad := range []string{"tomorrow", "2025-02-30", "365d", "+d", "+1w", "++1d", "+-1d", "+1.5y", "+99999y"} {
		if _, err := Shift(bad, now); err == nil {
			t.Errorf("Shift(%q) accepted", bad)
		}
	}
}

func TestShiftedRuns(t *testing.T) {
	c := shifted{by: 48 * time.Hour}
	if d := c.Now().Sub(time.Now()); d < 47*time.Hour || d > 49*time.Hour {
		t.Errorf("shifted clock off by %v", d)
	}
}

// TestSystemFollowsEnv checks System against ZFJD_TODAY as the suite runs
// (unset in the first CI pass, +1y in the second).
func TestSystemFollowsEnv(t *testing.T) {
	by, err := Shift(os.Getenv(EnvVar), time.Now())
	if err != nil {
		t.Fatalf("invalid %s: %v (the suite must run on a valid clock)", EnvVar, err)
	}
	if d := System().Now().Sub(time.Now().Add(by)); d < -time.Minute || d > time.Minute {
		t.Errorf("System is %v away from the %s=%q shift", d, EnvVar, os.Getenv(EnvVar))
	}
}

func TestFromEnvInvalid(t *testing.T) {
	t.Setenv(EnvVar, "next week")
	if _, err := FromEnv(); err == nil || !strings.Contains(err.Error(), EnvVar) {
		t.Errorf("FromEnv with a bad value: %v", err)
	}
	t.Setenv(EnvVar, "2031-07-01")
	c, err := FromEnv()
	if err != nil || TodayString(With(context.Background(), c)) != "2031-07-01" {
		t.Errorf("FromEnv(2031-07-01) = %v, %v", c, err)
	}
}
